"""CSV exports: formulas typed into the sheet stay text, Vietnamese survives Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.config import Plan
from services.figures import metrics, tables
from services.ingest.reading import reader
from services.render import exports
from tests.conftest import SCHEMA
from tests.fixtures import acceptance


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝1+1", "'＝1+1"),  # full-width equals sign
        ("Hội nghị =1", "Hội nghị =1"),
        ("", ""),
        ("'=already", "'=already"),
        (12, 12),
        (-5, -5),
        (None, None),
        (dt.date(2016, 1, 5), dt.date(2016, 1, 5)),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert exports.neutralise(value) == expected


@given(st.text())
def test_neutralised_text_never_starts_a_formula(value: str) -> None:
    out = exports.neutralise(value)
    assert not out.startswith(exports.FORMULA_STARTS)
    assert out in (value, "'" + value)  # nothing else changes


def _read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel then reads Vietnamese correctly
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_round_trip_keeps_vietnamese_and_defuses_formulas() -> None:
    df = pd.DataFrame(
        {
            "Tên hoạt động": ["Hội nghị báo cáo viên", "=cmd|' /C calc'!A0", "-1", 'Ghi chú; có dấu phẩy, và "ngoặc"'],
            "Ngày": pd.to_datetime([dt.date(2016, 1, 5), dt.date(2016, 1, 20), None, dt.date(2016, 2, 4)]),
            "Số người": pd.Series([350, None, 0, 12], dtype="Int64"),
            "Liên kết": ["https://x.vn/a", None, "", "@evil"],
        }
    )
    rows = _read_back(exports.to_csv_bytes(df))
    assert rows[0] == ["Tên hoạt động", "Ngày", "Số người", "Liên kết"]
    assert rows[1] == ["Hội nghị báo cáo viên", "05/01/2016", "350", "https://x.vn/a"]
    assert rows[2] == ["'=cmd|' /C calc'!A0", "20/01/2016", "", ""]
    assert rows[3] == ["'-1", "", "0", ""]
    assert rows[4] == ['Ghi chú; có dấu phẩy, và "ngoặc"', "04/02/2016", "12", "'@evil"]


def test_header_names_are_defused_too() -> None:
    rows = _read_back(exports.to_csv_bytes(pd.DataFrame({"=x": [1]})))
    assert rows == [["'=x"], ["1"]]


def test_activity_log_export_matches_the_table(plan: Plan) -> None:
    data = reader.read(acceptance.workbook(), plan, SCHEMA)
    counted = metrics.counted(data.activities, dt.date(2016, 2, 4))
    df = tables.activities_table(plan, counted)
    rows = _read_back(exports.to_csv_bytes(df))
    assert len(rows) == 1 + len(counted)
    header = rows[0]
    by_row = {r[header.index("Dòng")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_row["13"]["Ngày"] == "22/01/2016"
    assert by_row["13"]["Phường"] == "Thạch Bàn; Cự Khối"
    assert by_row["13"]["Số người tham dự"] == "1500"


HOSTILE_CELLS = [
    "x;=cmd|' /C calc'!A0",
    "x,=cmd|' /C calc'!A0",
    "x\t=1+1",
    "a; +84 912",
    "a;-2+3;@SUM(A1)",
    "dòng 1\n=1+1",
    "x;＝1+1",
    '"quoted";=HYPERLINK("http://x")',
]


def _split_naively(data: bytes, sep: str) -> list[str]:
    """How an Excel with ``sep`` as its list separator (or a careless script) cuts the file."""
    text = data.decode("utf-8-sig")
    return [field.strip().strip('"').strip() for line in text.splitlines() for field in line.split(sep)]


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_no_field_starts_a_formula_whatever_the_separator(cell: str, sep: str) -> None:
    df = pd.DataFrame({"Tên": [cell], f"Cột{sep}=x": [cell], "Số": [3]})
    data = exports.to_csv_bytes(df)
    parsed = [f for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep) for f in row]
    for field in [*parsed, *_split_naively(data, sep)]:
        assert not field.startswith(exports.FORMULA_STARTS), (sep, field)


def test_every_text_field_is_quoted_and_numbers_stay_numbers() -> None:
    df = pd.DataFrame({"Tên": ["x;=cmd|' /C calc'!A0", "Hội nghị"], "Số": pd.Series([3, None], dtype="Int64")})
    lines = exports.to_csv_bytes(df).decode("utf-8-sig").splitlines()
    assert lines == ['"Tên","Số"', "\"x;'=cmd|' /C calc'!A0\",3", '"Hội nghị",""']
    assert _read_back(exports.to_csv_bytes(df))[1] == ["x;'=cmd|' /C calc'!A0", "3"]


@given(st.text())
def test_defusing_separators_only_inserts_apostrophes(value: str) -> None:
    out = exports.defuse_separators(value)
    assert out.replace("'", "") == value.replace("'", "")
    assert not any(piece.lstrip(" \t").startswith(exports.FORMULA_STARTS) for piece in re.split(r"[,;\t\r\n]", out)[1:])
