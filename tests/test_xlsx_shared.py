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
