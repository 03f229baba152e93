"""A seeded, realistic demo workbook (the embedded default source).

Activities spread over phases, wards, units and forms, with gaps on purpose
(a ward that lags, themes nobody covers) and the typing mistakes units really
make, so every page of the dashboard has something true to show.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from services.core import config
from services.core.config import Plan

ACTIVITY_HEADERS = [c.header for c in config.load_schema().tabs["activities"].columns]
REPORT_HEADERS = [c.header for c in config.load_schema().tabs["reports"].columns]

# form key -> (title templates, participants range or None, quantity range or None)
FORM_PROFILES: dict[str, tuple[list[str], tuple[int, int] | None, tuple[int, int] | None]] = {
    "hoi_nghi_bcv": (
        ["Hội nghị báo cáo viên tháng {m}/{y}", "Hội nghị thông báo nhanh kết quả Đại hội XII"],
        (60, 400),
        None,
    ),
    "sinh_hoat": (
        ["Sinh hoạt chi bộ chuyên đề về Đại hội XII", "Họp tổ dân phố phổ biến dự thảo Văn kiện"],
        (15, 120),
        None,
    ),
    "co_dong_truc_quan": (
        ["Treo băng rôn, khẩu hiệu chào mừng Đại hội XII", "Dựng pano tuyên truyền tại nút giao chính"],
        None,
        (5, 80),
    ),
    "van_hoa_nghe_thuat": (
        ["Chương trình văn nghệ Mừng Đảng - Mừng Xuân", "Liên hoan văn nghệ chào mừng Đại hội"],
        (100, 800),
        None,
    ),
    "the_thao": (["Giải bóng đá chào mừng Đại hội XII", "Giải chạy việt dã Mừng Đảng"], (40, 500), None),
    "gan_bien": (["Gắn biển công trình chào mừng Đại hội XII"], (30, 150), (1, 3)),
    "cong_ttdt": (["Đăng tin, bài về Đại hội trên Cổng TTĐT", "Chuyên mục Đại hội XII trên Cổng TTĐT"], None, (1, 12)),
    "ban_tin": (["Bản tin nội bộ số chuyên đề Đại hội"], None, (200, 1500)),
    "truyen_thanh": (["Phát thanh chuyên mục Đại hội trên loa phường"], None, (5, 40)),
    "du_luan": (["Báo cáo dư luận xã hội về Đại hội XII"], None, (1, 2)),
}
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
# Themes left uncovered on purpose so the checklist shows real gaps.
SKIPPED_THEMES = {"ND1.5", "ND3.4"}
LAGGING_WARD = -1  # the last ward in the plan barely reports


def _themes_for(plan: Plan, day: dt.date, rng: random.Random) -> list[str]:
    pool = [t for t in plan.themes if t.code not in SKIPPED_THEMES and plan.theme_span(t).contains(day)]
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


def _ward_cell(name: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.6:
        return name
    if style < 0.75:
        return f"Phường {name}"
    if style < 0.85:
        return f"P. {name}"
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return plain.replace("Đ", "D").replace("đ", "d")


def _activity_rows(plan: Plan, rng: random.Random, rows: int) -> list[list[Any]]:
    wards = plan.wards
    ward_units = {u.ward: u.name for u in plan.units if u.ward}
    district_units = [u.name for u in plan.units if not u.ward]
    forms = list(FORM_WEIGHTS)
    span = (plan.period.end - plan.period.start).days
    out: list[list[Any]] = []
    for i in range(rows):
        day = plan.period.start + dt.timedelta(days=min(span, int(rng.triangular(0, span, span * 0.45))))
        form = rng.choices(forms, weights=[FORM_WEIGHTS[f] for f in forms])[0]
        district_level = rng.random() < 0.12
        if district_level:
            ward_text = rng.choice(["Toàn quận", "toàn quận", "Quận Long Biên", "Cấp quận"])
            unit = rng.choice(district_units)
        else:
            picks = rng.sample(wards[:LAGGING_WARD], k=2) if rng.random() < 0.07 else [rng.choice(wards[:LAGGING_WARD])]
            if rng.random() < 0.04:
                picks = [wards[LAGGING_WARD]]
            ward_text = "; ".join(_ward_cell(w.name, rng) for w in picks)
            unit = ward_units.get(picks[0].code) or rng.choice(district_units)
        titles, people, amount = FORM_PROFILES[form]
        count = rng.randint(*people) if people else None
        participants: int | str | None = count
        if count and count >= 1000 and rng.random() < 0.5:
            participants = f"{count:,}".replace(",", ".")  # typed with a thousands dot, as people do
        out.append([
            f"HD{i + 1:04d}", _date_cell(day, rng), unit, ward_text, rng.choice([form, dict((f.key, f.label) for f in plan.forms)[form]]),
            _theme_cell(plan, _themes_for(plan, day, rng), rng),
            rng.choice(titles).format(m=day.month, y=day.year), participants,
            rng.randint(*amount) if amount else None,
            f"https://longbien.gov.vn/tin-tuc/hd{i + 1:04d}" if rng.random() < 0.4 else "",
            rng.choice(["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Minh Tuấn", "Phạm Thu Hà", "Đỗ Quang Huy"]), "",
        ])  # fmt: skip
    out.sort(key=lambda r: r[1] if isinstance(r[1], dt.datetime) else dt.datetime.min)
    return out


def _typos(plan: Plan) -> list[list[Any]]:
    """Rows with the mistakes hurried units make; each is flagged by the reader."""
    first = plan.wards[0].name
    return [
        ["HD9001", "31/02/2016", "", first, "Sinh hoạt chi bộ", "ND1.2", "Sinh hoạt chi bộ", 40, None, "", "Trần Văn Nam", "ngày không tồn tại"],
        ["HD9002", "15/03/2016", "", first, "Văn nghệ", "ND3.1", "Văn nghệ mừng Xuân", 200, None, "", "Lê Minh Tuấn", "ngoài thời gian kế hoạch"],
        ["HD9003", "12/01/2016", "Đảng ủy phường Bồ Đề", "Bo Dde", "Băng rôn", "ND1.1", "Treo băng rôn", None, 20, "", "Phạm Thu Hà", "gõ nhầm tên phường"],
        ["HD9004", "13/01/2016", "Phòng VH-TT", "Toàn quận", "Triển lãm ảnh", "ND1.3", "Triển lãm ảnh 30 năm đổi mới", 300, None, "", "Đỗ Quang Huy", "hình thức không có trong kế hoạch"],
        ["HD0003", "14/01/2016", "Quận đoàn", "Toàn quận", "the_thao", "ND1.6", "Giải bóng đá thanh niên", 120, None, "", "Nguyễn Thị Hoa", "mã trùng"],
        ["HD9005", "10/01/2016", "Hội Nông dân quận", "Ngọc Lâm", "sinh hoat", "ND1.2; ND9.9", "Sinh hoạt hội viên", "khoảng 50", None, "", "Trần Văn Nam", "đơn vị, nội dung, số người chưa chuẩn"],
        ["HD9006", "Jan 12", "", "Gia Thụy", "Loa phường", "ND1.4", "Phát thanh", None, 10, "", "Lê Minh Tuấn", "ngày không đúng định dạng"],
        ["HD9007", "", "", "", "", "", "Bản ghi chưa nhập xong", None, None, "", "Phạm Thu Hà", ""],
        # valid rows that carry warnings: they count, and the data-quality page lists them
        ["HD9008", "08/01/2016", "Chi bộ khu dân cư số 3", "Ngọc Lâm", "Sinh hoạt chi bộ", "ND1.2", "Sinh hoạt chi bộ khu dân cư", 35, None, "", "Trần Văn Nam", "đơn vị chưa có trong danh sách"],
        ["HD9009", "11/01/2016", "Đảng ủy phường Việt Hưng", "Việt Hưng", "Loa phường", "ND1.4, Tết Bính Thân", "Phát thanh chuyên mục Đại hội", None, "12 lần", "", "Lê Minh Tuấn", "nội dung lạ, số lượng có chữ"],
        ["HD9010", "05/01/2016", "Quận đoàn", "Toàn quận", "Thể thao", "ND1.6", "Giải chạy Mừng Đảng", "1,200", None, "", "Nguyễn Thị Hoa", "1,200 người"],
        ["HD9011", "21/01/2016", "Phòng VH-TT", "Toàn quận", "Cổng TTĐT", "ND2.3; ND2.4", "Tin bài về phiên khai mạc", None, -3, "", "Đỗ Quang Huy", "số lượng âm"],
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
    rows.append(["Dang uy Bo De", "2016-02-03", "bổ sung", "nộp lại bản có chữ ký"])
    rows.append(["Chi bộ khu dân cư số 9", "03/02/2016", "", "đơn vị không có trong kế hoạch"])
    return rows


def write_workbook(plan: Plan, out: str | Path, seed: int = 17, rows: int = 360) -> Path:
    """Write a seeded demo workbook with the sheet's two tabs; return its path."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    rng = random.Random(seed)
    book = openpyxl.Workbook()
    activities = book.active
    assert isinstance(activities, Worksheet)  # a new workbook has one worksheet
    activities.title = config.load_schema().tabs["activities"].title
    activities.append(ACTIVITY_HEADERS)
    body = _activity_rows(plan, rng, rows)
    for typo in _typos(plan):  # scattered, as mistakes are in a real sheet
        body.insert(rng.randint(len(body) // 4, len(body)), typo)
    for row in body:
        activities.append(row)
    reports = book.create_sheet(config.load_schema().tabs["reports"].title)
    reports.append(REPORT_HEADERS)
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
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
