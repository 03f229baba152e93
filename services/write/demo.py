"""A seeded, realistic demo workbook (the embedded default source).

Activities spread over phases, wards, units and forms, with gaps on purpose
(a ward that lags, themes nobody covers) and the typing mistakes units really
make, so every page of the dashboard has something true to show.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path
from typing import Any

from services.core import config
from services.core.config import Plan, SheetSchema
from services.core.errors import DashboardError

# Known form key -> (title templates, participants range or None, quantity range or None).
# A form a plan adds that is not here gets GENERIC_PROFILE, titled with the form's own label.
FORM_PROFILES: dict[str, tuple[list[str], tuple[int, int] | None, tuple[int, int] | None]] = {
    "hoi_nghi_bcv": (["Hội nghị báo cáo viên tháng {m}/{y}", "Hội nghị thông báo nhanh"], (60, 400), None),
    "sinh_hoat": (["Sinh hoạt chi bộ chuyên đề", "Họp tổ dân phố phổ biến kế hoạch"], (15, 120), None),
    "co_dong_truc_quan": (
        ["Treo băng rôn, khẩu hiệu tuyên truyền", "Dựng pano tuyên truyền tại nút giao chính"],
        None,
        (5, 80),
    ),
    "van_hoa_nghe_thuat": (["Chương trình văn nghệ chào mừng", "Liên hoan văn nghệ"], (100, 800), None),
    "the_thao": (["Giải bóng đá chào mừng", "Giải chạy việt dã"], (40, 500), None),
    "gan_bien": (["Gắn biển công trình chào mừng"], (30, 150), (1, 3)),
    "cong_ttdt": (["Đăng tin, bài trên Cổng TTĐT", "Chuyên mục tuyên truyền trên Cổng TTĐT"], None, (1, 12)),
    "ban_tin": (["Bản tin nội bộ số chuyên đề"], None, (200, 1500)),
    "truyen_thanh": (["Phát thanh chuyên mục tuyên truyền trên loa truyền thanh"], None, (5, 40)),
    "du_luan": (["Báo cáo dư luận xã hội"], None, (1, 2)),
}
GENERIC_PROFILE: tuple[list[str], tuple[int, int] | None, tuple[int, int] | None] = (["{label}"], (20, 200), None)
FORM_WEIGHTS = {
    "hoi_nghi_bcv": 8,
    "sinh_hoat": 14,
    "co_dong_truc_quan": 12,
    "van_hoa_nghe_thuat": 6,
    "the_thao": 5,
    "gan_bien": 2,
    "cong_ttdt": 10,
    "ban_tin": 3,
    "truyen_thanh": 10,
    "du_luan": 4,
}
GENERIC_WEIGHT = 6
LAGGING_WARD = -1  # the last ward in the plan barely reports
ENTERED_BY = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Minh Tuấn", "Phạm Thu Hà", "Đỗ Quang Huy"]


def check(plan: Plan, rows: int) -> None:
    """Refuse what the generator cannot make sense of, with one clear line (DashboardError)."""
    if rows < 1:
        raise DashboardError(f"--rows phải ≥ 1 (đang là {rows})")
    if len(plan.wards) < 2:
        raise DashboardError("kế hoạch cần ít nhất 2 địa bàn (wards) để tạo dữ liệu mẫu")
    if not [u for u in plan.units if not u.ward]:
        raise DashboardError("kế hoạch cần ít nhất một đơn vị không gắn với địa bàn (cấp trên) để tạo dữ liệu mẫu")


def skipped_themes(plan: Plan) -> set[str]:
    """Themes left uncovered on purpose so the checklist shows real gaps.

    The second-to-last theme of the first phase and the last theme of the last phase
    (ND1.5 and ND3.4 in the default plan), when those phases have more than one theme.
    """
    out: set[str] = set()
    for phase in (plan.phases[0], plan.phases[-1]):
        codes = [t.code for t in plan.themes if t.phase == phase.key]
        if len(codes) > 1:
            out.add(codes[-2] if phase is plan.phases[0] else codes[-1])
    return out


def _themes_for(plan: Plan, day: dt.date, rng: random.Random, skipped: set[str]) -> list[str]:
    pool = [t for t in plan.themes if t.code not in skipped and plan.theme_span(t).contains(day)]
    chosen = rng.sample(pool, k=min(len(pool), rng.choice([0, 1, 1, 1, 2, 2, 3])))
    return [t.code for t in chosen]


def _theme_cell(plan: Plan, codes: list[str], rng: random.Random) -> str:
    labels = {t.code: t.label for t in plan.themes}
    styles = [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: f"{c} – {labels[c].split(';')[0].split(',')[0]}",
    ]
    return ", ".join(rng.choice(styles)(c) for c in codes)


def _date_cell(day: dt.date, rng: random.Random) -> Any:
    style = rng.random()
    if style < 0.55:
        return dt.datetime(day.year, day.month, day.day)
    if style < 0.75:
        return day.strftime("%d/%m/%Y")
    if style < 0.85:
        return f"{day.day}/{day.month}/{day.year}"
    if style < 0.92:
        return day.strftime("%d.%m.%Y")
    return day.isoformat()


def _plain(name: str) -> str:
    """Vietnamese text typed without diacritics, as hurried units do."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return stripped.replace("Đ", "D").replace("đ", "d")


def _ward_cell(plan: Plan, name: str, rng: random.Random) -> str:
    prefixes = [*plan.ward_prefixes, "", ""][:2]
    style = rng.random()
    if style < 0.6:
        return name
    if style < 0.75:
        return f"{prefixes[0]} {name}".strip()
    if style < 0.85:
        return f"{prefixes[1]} {name}".strip()
    return _plain(name)


def _near_miss(name: str) -> str:
    """A typo the reader must not guess: no diacritics and the last word's first letter doubled."""
    plain = _plain(name)
    cut = plain.rfind(" ") + 1
    return plain[: cut + 1] + plain[cut].lower() + plain[cut + 1 :] if len(plain) > cut + 1 else plain + plain[-1]


def _district_words(plan: Plan) -> list[str]:
    words = plan.district_wide or ["Toàn địa bàn"]
    return [words[0], words[0].lower(), *words[1:]]


def _profile(plan: Plan, form: str) -> tuple[list[str], tuple[int, int] | None, tuple[int, int] | None]:
    if form in FORM_PROFILES:
        return FORM_PROFILES[form]
    label = next(f.label for f in plan.forms if f.key == form)
    titles, people, amount = GENERIC_PROFILE
    return [t.replace("{label}", label) for t in titles], people, amount


def _activity_rows(plan: Plan, rng: random.Random, rows: int) -> list[list[Any]]:
    wards = plan.wards
    ward_units = {u.ward: u.name for u in plan.units if u.ward}
    district_units = [u.name for u in plan.units if not u.ward]
    forms = [f.key for f in plan.forms]
    form_labels = {f.key: f.label for f in plan.forms}
    weights = [FORM_WEIGHTS.get(f, GENERIC_WEIGHT) for f in forms]
    district_words = _district_words(plan)
    skipped = skipped_themes(plan)
    span = (plan.period.end - plan.period.start).days
    out: list[list[Any]] = []
    for i in range(rows):
        day = plan.period.start + dt.timedelta(days=min(span, int(rng.triangular(0, span, span * 0.45))))
        form = rng.choices(forms, weights=weights)[0]
        if rng.random() < 0.12:
            ward_text = rng.choice(district_words)
            unit = rng.choice(district_units)
        else:
            picks = rng.sample(wards[:LAGGING_WARD], k=2) if rng.random() < 0.07 else [rng.choice(wards[:LAGGING_WARD])]
            if rng.random() < 0.04:
                picks = [wards[LAGGING_WARD]]
            ward_text = "; ".join(_ward_cell(plan, w.name, rng) for w in picks)
            unit = ward_units.get(picks[0].code) or rng.choice(district_units)
        titles, people, amount = _profile(plan, form)
        participants: int | str | None = rng.randint(*people) if people else None
        if isinstance(participants, int) and participants >= 1000 and rng.random() < 0.5:
            participants = f"{participants:,}".replace(",", ".")
        out.append([
            f"HD{i + 1:04d}", _date_cell(day, rng), unit, ward_text, rng.choice([form, form_labels[form]]),
            _theme_cell(plan, _themes_for(plan, day, rng, skipped), rng),
            rng.choice(titles).format(m=day.month, y=day.year), participants,
            rng.randint(*amount) if amount else None,
            f"https://example.org/minh-chung/hd{i + 1:04d}" if rng.random() < 0.4 else "",
            rng.choice(ENTERED_BY), "",
        ])  # fmt: skip
    out.sort(key=lambda r: r[1] if isinstance(r[1], dt.datetime) else dt.datetime.min)
    return out


def _day(plan: Plan, offset: int) -> dt.date:
    """A day ``offset`` days into the plan period (kept inside it)."""
    return min(plan.period.end, plan.period.start + dt.timedelta(days=offset))


def _theme_on(plan: Plan, day: dt.date, index: int = 0) -> str:
    """A theme of the phase holding ``day``, never one left uncovered on purpose."""
    usable = [t for t in plan.themes if t.code not in skipped_themes(plan)]
    codes = [t.code for t in usable if t.phase != config.ALL_PHASES and plan.theme_span(t).contains(day)]
    codes = codes or [t.code for t in usable]
    return codes[index % len(codes)]


def _typos(plan: Plan) -> list[list[Any]]:
    """Rows with the mistakes hurried units make, all taken from the plan; each is flagged by the reader."""
    wards = plan.wards
    first, other, third = wards[0].name, wards[min(8, len(wards) - 2)], wards[min(5, len(wards) - 2)].name
    ward_units = {u.ward: u.name for u in plan.units if u.ward}
    upper = [u.name for u in plan.units if not u.ward]
    forms = plan.forms
    f0, f1 = forms[0], forms[min(1, len(forms) - 1)]
    wide = _district_words(plan)[0]
    d = [_day(plan, k) for k in (10, 11, 12, 13, 14, 9, 2, 23)]
    year = plan.period.start.year
    after = (plan.period.end + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    fmt = "%d/%m/%Y"
    return [
        ["HD9001", f"31/02/{year}", "", first, f0.label, _theme_on(plan, d[0]), f0.label, 40, None, "", ENTERED_BY[1], "ngày không tồn tại"],
        ["HD9002", after, "", first, f1.label, _theme_on(plan, d[0], 1), f1.label, 200, None, "", ENTERED_BY[2], "ngoài thời gian kế hoạch"],
        ["HD9003", d[1].strftime(fmt), ward_units.get(other.code, upper[0]), _near_miss(other.name), f0.label, _theme_on(plan, d[1]), f0.label, None, 20, "", ENTERED_BY[3], "gõ nhầm tên địa bàn"],
        ["HD9004", d[2].strftime(fmt), upper[0], wide, "Triển lãm ảnh nghệ thuật", _theme_on(plan, d[2]), "Triển lãm ảnh", 300, None, "", ENTERED_BY[4], "hình thức không có trong kế hoạch"],
        ["HD0003", d[3].strftime(fmt), upper[-1], wide, f1.key, _theme_on(plan, d[3]), f1.label, 120, None, "", ENTERED_BY[0], "mã trùng"],
        ["HD9005", d[5].strftime(fmt), "Hội Nông dân", third, _plain(f0.label).lower(), f"{_theme_on(plan, d[5])}; X9.9", f0.label, "khoảng 50", None, "", ENTERED_BY[1], "đơn vị, nội dung, số người chưa chuẩn"],
        ["HD9006", "Jan 12", "", third, f1.label, _theme_on(plan, d[1]), f1.label, None, 10, "", ENTERED_BY[2], "ngày không đúng định dạng"],
        ["HD9007", "", "", "", "", "", "Bản ghi chưa nhập xong", None, None, "", ENTERED_BY[3], ""],
        # valid rows that carry warnings: they count, and the data-quality page lists them
        ["HD9008", d[6].strftime(fmt), "Chi bộ khu dân cư số 3", third, f0.label, _theme_on(plan, d[6]), f0.label, 35, None, "", ENTERED_BY[1], "đơn vị chưa có trong danh sách"],
        ["HD9009", d[0].strftime(fmt), ward_units.get(wards[4 % len(wards)].code, upper[0]), wards[4 % len(wards)].name, f1.label, f"{_theme_on(plan, d[0])}, nội dung khác", f1.label, None, "12 lần", "", ENTERED_BY[2], "nội dung lạ, số lượng có chữ"],
        ["HD9010", d[7].strftime(fmt), upper[-1], wide, f0.label, _theme_on(plan, d[7]), f0.label, "1,200", None, "", ENTERED_BY[0], "1,200 người"],
        ["HD9011", d[4].strftime(fmt), upper[0], wide, f1.label, _theme_on(plan, d[4]), f1.label, None, -3, "", ENTERED_BY[4], "số lượng âm"],
    ]  # fmt: skip


def _report_rows(plan: Plan, rng: random.Random) -> list[list[Any]]:
    deadline = plan.report_deadline
    rows: list[list[Any]] = []
    reporters = plan.expected_reporters
    for index, unit in enumerate(reporters):
        fate = index % 7
        if fate in (0, 1, 2, 3):
            day = deadline - dt.timedelta(days=rng.randint(0, 5))
        elif fate == 4:
            day = deadline + dt.timedelta(days=rng.randint(1, 6))
        else:
            continue  # missing on purpose
        rows.append([unit, day.strftime("%d/%m/%Y"), f"Số {rng.randint(10, 99)}-BC/ĐU", ""])
    if reporters:  # typed without diacritics, sent again: the earliest submission counts
        again = reporters[min(8, len(reporters) - 1)]
        rows.append([_plain(again), (deadline - dt.timedelta(days=1)).isoformat(), "bổ sung", "nộp lại bản có chữ ký"])
    rows.append(
        [
            "Chi bộ khu dân cư số 9",
            (deadline - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            "",
            "đơn vị không có trong kế hoạch",
        ]
    )
    return rows


def write_workbook(
    plan: Plan, out: str | Path, seed: int = 17, rows: int = 360, schema: SheetSchema | None = None
) -> Path:
    """Write a seeded demo workbook with the sheet's two tabs, everything taken from ``plan``; return its path."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    check(plan, rows)
    schema = schema or config.load_schema()
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    activities = book.active
    assert isinstance(activities, Worksheet)  # a new workbook has one worksheet
    activities.title = schema.tabs["activities"].title
    activities.append([c.header for c in schema.tabs["activities"].columns])
    body = _activity_rows(plan, rng, rows)
    for typo in _typos(plan):  # scattered, as mistakes are in a real sheet
        body.insert(rng.randint(len(body) // 4, len(body)), typo)
    for row in body:
        activities.append(row)
    reports = book.create_sheet(schema.tabs["reports"].title)
    reports.append([c.header for c in schema.tabs["reports"].columns])
    for row in _report_rows(plan, rng):
        reports.append(row)
    for sheet in (activities, reports):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 22
    for cell in activities["B"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as err:
        raise DashboardError(f"không ghi được tệp '{out}': {err.strerror or err}") from None
    return path
