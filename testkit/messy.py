"""Seeded activity data for the citywide plan, with the mess real sheets have.

Each row belongs to one district (its units and wards). Mess, at realistic
rates: ward names without diacritics, with prefixes, in NFD, lower case, with a
typo (an error with a suggestion), several wards in one cell; dates as real
dates, spreadsheet serial numbers, ``d/m/yyyy``/``dd.mm.yyyy``/ISO text and a
few impossible or out-of-period ones; unknown forms and units, ``1.200``-style
and non-numeric counts, duplicate ids and blank rows.

Writers give the same rows as an ``.xlsx`` workbook, a CSV folder (what a
"download as CSV" gives: every cell text, dates formatted) and the value ranges
a Sheets ``values:batchGet`` returns with ``UNFORMATTED_VALUE`` and
``SERIAL_NUMBER`` (dates as serial numbers, trailing empty cells trimmed).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.core import config, text
from services.core.config import Plan
from services.ingest.reading.cells import SERIAL_EPOCH
from testkit.citywide import District

_SCHEMA = config.load_schema()
ACT_TITLE = _SCHEMA.tabs["activities"].title
REP_TITLE = _SCHEMA.tabs["reports"].title
ACT_HEADER = [c.header for c in _SCHEMA.tabs["activities"].columns]
REP_HEADER = [c.header for c in _SCHEMA.tabs["reports"].columns]
PEOPLE = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Minh Tuấn", "Phạm Thu Hà", "Đỗ Quang Huy", "Vũ Thị Lan"]
_TITLES = {
    "hoi_nghi_bcv": "Hội nghị báo cáo viên", "sinh_hoat": "Sinh hoạt chi bộ chuyên đề Đại hội XII",
    "co_dong_truc_quan": "Treo băng rôn, khẩu hiệu", "van_hoa_nghe_thuat": "Chương trình văn nghệ mừng Đảng",
    "the_thao": "Giải bóng đá chào mừng Đại hội", "gan_bien": "Gắn biển công trình chào mừng",
    "cong_ttdt": "Tin, bài trên Cổng TTĐT", "ban_tin": "Bản tin nội bộ chuyên đề",
    "truyen_thanh": "Phát thanh chuyên mục Đại hội", "du_luan": "Báo cáo dư luận xã hội",
}  # fmt: skip


@dataclass
class Sheet:
    """One district's rows: activities and reports, in header order."""

    district: str
    activities: list[list[Any]]
    reports: list[list[Any]]


def _plain(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return folded.replace("Đ", "D").replace("đ", "d")


def _typo(name: str, rng: random.Random) -> str:
    """A near miss: two letters swapped or one dropped (never a valid name by chance)."""
    while True:
        i = rng.randrange(1, len(name) - 1)
        out = name[:i] + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        if text.key(out) != text.key(name):  # a moved space or swapped twins is no typo
            return out


def _ward_text(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return name
    if r < 0.62:
        return f"Phường {name}"
    if r < 0.7:
        return f"P. {name}"
    if r < 0.85:
        return _plain(name)
    if r < 0.93:
        return name.lower()
    return unicodedata.normalize("NFD", name)


def _date_cell(day: dt.date, rng: random.Random) -> Any:
    r = rng.random()
    if r < 0.45:
        return dt.datetime(day.year, day.month, day.day)
    if r < 0.65:
        return (day - SERIAL_EPOCH).days  # a serial number, as Sheets and some exports give
    if r < 0.8:
        return day.strftime("%d/%m/%Y")
    if r < 0.88:
        return f"{day.day}/{day.month}/{day.year}"
    if r < 0.94:
        return day.strftime("%d.%m.%Y")
    return day.isoformat()


def _bad_date(rng: random.Random) -> Any:
    return rng.choice(["31/02/2016", "15/03/2016", "không rõ", "Jan 12", "2016/01/40", "", 12])


class _RowMaker:
    def __init__(self, plan: Plan, districts: list[District], rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.ward = {w.code: w for w in plan.wards}
        self.units_of: dict[str, tuple[list[Any], list[Any]]] = {}
        for d in districts:
            groups = {g.key: g for g in plan.unit_groups}
            self.units_of[d.name] = (groups[f"d{d.code}_cap_quan"].units, groups[f"d{d.code}_co_so"].units)
        self.forms = plan.forms
        self.themes = plan.themes
        self.span = (plan.period.end - plan.period.start).days

    def row(self, district: District, serial: int) -> list[Any]:
        rng = self.rng
        if rng.random() < 0.005:
            return [None] * len(ACT_HEADER)  # a blank row: skipped, never counted
        top, base = self.units_of[district.name]
        day = self.plan.period.start + dt.timedelta(days=min(self.span, int(rng.triangular(0, self.span, 20))))
        if rng.random() < 0.15:
            unit = rng.choice(top)
            wards = rng.choice(["Toàn quận" if district.kind == "quan" else "Toàn huyện", district.title, "cấp quận"])
        else:
            unit = rng.choice(base)
            codes = [unit.ward] + (rng.sample(district.ward_codes, 1) if rng.random() < 0.08 else [])
            texts = [_ward_text(self.ward[c].name, rng) for c in dict.fromkeys(codes)]
            if rng.random() < 0.008:
                texts[0] = _typo(self.ward[codes[0]].name, rng)
            wards = rng.choice(["; ", ", "]).join(texts)
        form = rng.choice(self.forms)
        form_text = rng.choice([form.label, form.key, *form.aliases, form.label.lower()])
        themes = [t for t in self.themes if self.plan.theme_span(t).contains(day)]
        picked = rng.sample(themes, k=min(len(themes), rng.choice([0, 1, 1, 2, 3])))
        theme_text = ", ".join(
            t.code if rng.random() < 0.7 else f"{t.code} – {t.label.split(';')[0].split(',')[0]}" for t in picked
        )
        unit_text = rng.choice([unit.name, *unit.aliases]) if rng.random() < 0.99 else "Chi hội khu dân cư số 9"
        people: Any = rng.randint(10, 2500) if rng.random() < 0.75 else None
        if isinstance(people, int) and people >= 1000 and rng.random() < 0.5:
            people = f"{people:,}".replace(",", ".")
        date: Any = _date_cell(day, rng)
        if rng.random() < 0.01:
            date = _bad_date(rng)
        if rng.random() < 0.004:
            form_text, people = "Hội thảo khoa học", "khoảng 50"
        ident = f"{district.code}-{serial:06d}" if rng.random() > 0.003 else f"{district.code}-{max(1, serial - 1):06d}"
        return [
            ident, date, unit_text, wards, form_text, theme_text, _TITLES[form.key], people,
            rng.randint(1, 40) if rng.random() < 0.4 else None,
            f"https://hanoi.gov.vn/tin/{district.code}/{serial}" if rng.random() < 0.3 else "",
            rng.choice(PEOPLE), "" if rng.random() < 0.9 else "bổ sung sau",
        ]  # fmt: skip

    def reports(self, district: District) -> list[list[Any]]:
        deadline = self.plan.report_deadline
        out: list[list[Any]] = []
        for unit in self.units_of[district.name][1]:
            fate = self.rng.random()
            if fate < 0.6:
                day = deadline - dt.timedelta(days=self.rng.randint(0, 6))
            elif fate < 0.75:
                day = deadline + dt.timedelta(days=self.rng.randint(1, 5))
            else:
                continue
            out.append([unit.name, day.strftime("%d/%m/%Y"), f"Số {self.rng.randint(10, 99)}-BC/ĐU", ""])
        return out


def generate(plan: Plan, districts: list[District], rows: int, seed: int = 7) -> list[Sheet]:
    """``rows`` activity rows in all, spread over districts by their number of wards."""
    rng = random.Random(seed)
    maker = _RowMaker(plan, districts, rng)
    total_wards = sum(len(d.ward_codes) for d in districts)
    sheets: list[Sheet] = []
    left = rows
    for index, district in enumerate(districts):
        share = left if index == len(districts) - 1 else round(rows * len(district.ward_codes) / total_wards)
        share = min(share, left)
        left -= share
        body = [maker.row(district, serial) for serial in range(1, share + 1)]
        sheets.append(Sheet(district.name, body, maker.reports(district)))
    return sheets


def merged(sheets: Iterable[Sheet]) -> Sheet:
    """All districts' rows in one sheet (what a single citywide sheet would hold)."""
    out = Sheet("", [], [])
    for sheet in sheets:
        out.activities.extend(sheet.activities)
        out.reports.extend(sheet.reports)
    return out


def write_xlsx(sheet: Sheet, path: str | Path) -> Path:
    """Write the two tabs as a workbook (write-only mode: fast at 100k rows)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, header, body in ((ACT_TITLE, ACT_HEADER, sheet.activities), (REP_TITLE, REP_HEADER, sheet.reports)):
        tab = book.create_sheet(title)
        tab.append(header)
        for row in body:
            tab.append(row)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(sheet: Sheet, folder: str | Path) -> Path:
    """Write one UTF-8 CSV per tab, every cell as text (dates dd/mm/yyyy)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for title, header, body in ((ACT_TITLE, ACT_HEADER, sheet.activities), (REP_TITLE, REP_HEADER, sheet.reports)):
        with (out / f"{title}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([_as_text(c) for c in row] for row in body)
    return out


def _unformatted(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (value.date() - SERIAL_EPOCH).days
    return value


def _trimmed(row: list[Any]) -> list[Any]:
    cells = [_unformatted(c) for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def sheets_values(sheet: Sheet) -> dict[str, list[list[Any]]]:
    """Each tab's values as ``values:batchGet`` returns them (header first)."""
    return {
        ACT_TITLE: [ACT_HEADER, *(_trimmed(r) for r in sheet.activities)],
        REP_TITLE: [REP_HEADER, *(_trimmed(r) for r in sheet.reports)],
    }
