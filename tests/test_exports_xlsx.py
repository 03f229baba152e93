"""XLSX exports: formula-like text is defused, everything else reads back as it was."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.config import Plan
from services.figures import metrics
from services.render import documents, exports

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_back(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def all_cells(book: openpyxl.Workbook) -> list[Any]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","Bấm vào đây")',
        "+84 912 345 678",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "＝1+1",  # full-width equals sign, which some spreadsheets also accept
    ],
)
def test_formula_like_text_is_defused(value: str) -> None:
    frame = pd.DataFrame({"Tên hoạt động": [value], value: ["tiêu đề cột nguy hiểm"]})
    book = read_back(exports.to_xlsx_bytes({"Hoạt động": frame}))
    sheet = book["Hoạt động"]
    for cell in (sheet["A2"], sheet["B1"]):
        assert cell.data_type == "s"
        assert cell.value == "'" + value
    assert not any(c.data_type == "f" for c in all_cells(book))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hội nghị báo cáo viên", "Hội nghị báo cáo viên"),
        ("Ghi chú: 1+1=2", "Ghi chú: 1+1=2"),
        ("a\x00b\x1fc", "abc"),  # characters XML cannot hold are dropped, not fatal
        ("\x08=1+1", "'=1+1"),  # ... and what they hid is defused too
        (12, 12),
        (-5, -5),  # numbers are numbers, not formulas
        (None, None),
    ],
)
def test_other_values_round_trip(value: Any, expected: Any) -> None:
    book = read_back(exports.to_xlsx_bytes({"x": pd.DataFrame({"c": [value]})}))
    assert book["x"]["A2"].value == expected


def test_numbers_dates_and_missing_values() -> None:
    frame = pd.DataFrame(
        {
            "Ngày": [dt.date(2016, 1, 15), None],
            "Số người": pd.Series([1200, None], dtype="Int64"),
            "Số lượng": [3.0, float("nan")],
        }
    )
    sheet = read_back(exports.to_xlsx_bytes({"Bảng": frame}))["Bảng"]
    assert [[c.value for c in row] for row in sheet.iter_rows(max_row=3)] == [
        ["Ngày", "Số người", "Số lượng"],
        ["15/01/2016", 1200, 3],
        [None, None, None],  # missing values are empty cells, never "nan" or "<NA>"
    ]
    assert sheet.freeze_panes == "A2"


def test_sheet_titles_are_valid_and_unique() -> None:
    frame = pd.DataFrame({"a": [1]})
    book = read_back(exports.to_xlsx_bytes({"Theo phường/đơn vị": frame, "Theo phường:đơn vị": frame, "x" * 40: frame}))
    assert book.sheetnames == ["Theo phường đơn vị", "Theo phường đơn vị (2)", "x" * 31]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_text_ever_becomes_a_formula(values: list[str]) -> None:
    book = read_back(exports.to_xlsx_bytes({"t": pd.DataFrame({"c": values})}))
    for cell in all_cells(book):
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS)


def test_data_tables_workbook_defuses_sheet_text(plan: Plan, read_rows: Any) -> None:
    data = read_rows(
        [
            {
                "date": "10/01/2016",
                "unit": "=cmd|' /C calc'!A0",
                "ward": "Bồ Đề",
                "form": "Hội nghị BCV",
                "title": '=HYPERLINK("http://x")',
                "notes": "@ghi chú",
                "participants": 40,
            },
            {"date": "11/01/2016", "ward": "Nowhere", "form": "Pano", "title": "+lỗi"},
        ]
    )
    day = dt.date(2016, 1, 15)
    book = read_back(documents.workbook(plan, data, data.activities, day))
    assert book.sheetnames == ["Hoạt động", "Lỗi dữ liệu", "Theo phường", "Theo đơn vị"]
    cells = all_cells(book)
    assert not any(c.data_type == "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://x")' in texts and "'@ghi chú" in texts
    assert not any(t.startswith(FORMULA_STARTS) for t in texts)
    wards = book["Theo phường"]
    rows = {row[1].value: (row[2].value, row[3].value) for row in wards.iter_rows(min_row=2)}
    coverage = metrics.ward_coverage(plan, metrics.counted(data.activities, day))
    assert rows["Bồ Đề"] == (coverage["00139"].activities, coverage["00139"].participants) == (1, 40)
    assert rows["Toàn quận"] == (0, 0)
    assert book["Lỗi dữ liệu"].max_row == 1 + len(data.problems)
