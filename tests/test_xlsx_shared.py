"""The fast .xlsx path shares repeated text (issue 14: a 250,000-row workbook's peak RSS), cells unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from services.ingest.local import xlsx

WARDS = ["Bồ Đề", "Gia Thụy", "Bồ Đề", "", "Bồ Đề", "Gia Thụy"]


def _book(path: Path, top_left: str) -> Path:
    """Rows of repeated text, numbers, booleans and dates starting at ``top_left``."""
    book = openpyxl.Workbook()
    sheet = book.active
    start = sheet[top_left]
    for r, ward in enumerate(WARDS):
        cells: list[Any] = [ward, 1.0 if r % 2 else True, dt.datetime(2016, 1, 6), "HĐ", r]
        for c, value in enumerate(cells):
            sheet.cell(row=start.row + r, column=start.column + c, value=value)
    book.save(path)
    return path


@pytest.mark.parametrize("top_left", ["A1", "C4"])
@pytest.mark.parametrize("budget", [1, 4, 1000])
def test_rows_are_calamines_to_python(tmp_path: Path, top_left: str, budget: int) -> None:
    path = _book(tmp_path / "w.xlsx", top_left)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = book.sheet_names[0]
    expected = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=budget)
    got = xlsx._rows(book.get_sheet_by_name(sheet), budget)
    assert got == expected
    assert [list(map(type, row)) for row in got] == [list(map(type, row)) for row in expected]  # True stays True


def test_repeated_text_is_one_object(tmp_path: Path) -> None:
    tabs = xlsx.read_tabs(_book(tmp_path / "w.xlsx", "A1"), 1000)
    assert tabs is not None
    rows = next(iter(tabs.values()))
    bo_de = [row[0] for row in rows if row[0] == "Bồ Đề"]
    assert len(bo_de) == 3 and all(cell is bo_de[0] for cell in bo_de)
    assert len({id(row[3]) for row in rows}) == 1  # "HĐ" on every row
    assert [row[1] for row in rows] == [True, 1, True, 1, True, 1]
    assert [type(row[1]) for row in rows] == [bool, int] * 3


def _past_9999(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ngày", "n"])
    sheet.append([3_000_000, 1])
    sheet["A2"].number_format = "DD/MM/YYYY"  # a date past 9999: openpyxl's "#VALUE!", calamine cannot say
    book.save(path)
    return path


@pytest.mark.parametrize(
    "make", [lambda p: _book(p, "A1"), lambda p: _book(p, "C4"), _past_9999], ids=["A1", "C4", "past_9999"]
)
def test_one_pass_rows_are_as_openpyxl_of_rows(tmp_path: Path, make: Any) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(make(tmp_path / "w.xlsx")))
    sheet = book.sheet_names[0]
    expected = xlsx.as_openpyxl(xlsx._rows(book.get_sheet_by_name(sheet), 1000))
    got = xlsx.openpyxl_rows(book.get_sheet_by_name(sheet), 1000)
    assert got == expected
    if expected is not None:
        assert [list(map(type, row)) for row in got or []] == [list(map(type, row)) for row in expected]
        assert None in {cell for row in expected for cell in row}  # the blank ward: "" became None
