"""The fast .xlsx path (python-calamine) gives every cell exactly as openpyxl did (issue 14)."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.ingest.local import files, xlsx
from services.ingest.raw import RawWorkbook
from testkit import citywide, messy


def _typed(raw: RawWorkbook) -> dict[str, Any]:
    """Every tab's header and rows with each cell's type, trailing empty cells and rows dropped.

    openpyxl gives rows as wide and as many as the sheet's <dimension>, which counts
    cells that are only formatted, or ragged rows when the file has none (write-only
    workbooks); calamine gives the rectangle of cells with a value. Trailing empty
    cells and rows are nothing to the reader either way.
    """

    def cells(values: list[Any]) -> list[tuple[type, Any]]:
        out = [(type(v), v) for v in values]
        while out and out[-1][1] is None:
            out.pop()
        return out

    out: dict[str, Any] = {}
    for title, tab in raw.tabs.items():
        rows = [(n, cells(v)) for n, v in tab.rows]
        while rows and not rows[-1][1]:
            rows.pop()
        out[title] = (cells(tab.header), rows)
    return out


def _openpyxl(path: Path) -> RawWorkbook:
    source = files.XlsxSource(path)
    return RawWorkbook(tabs={t: files.table(t, r) for t, r in source._read_openpyxl().items()}, label=path.name)


def _save(path: Path, fill: Callable[[Any], None]) -> Path:
    book = openpyxl.Workbook()
    fill(book.active)
    book.save(path)
    return path


def _leading_blanks(sheet: Any) -> None:
    sheet["C4"], sheet["D4"], sheet["B7"] = "Ngày", "Phường", dt.datetime(2016, 1, 6)


def _numbers(sheet: Any) -> None:
    sheet.append(["Mã", "n", "b"])
    for row in [[1, True, 1.0], [0, False, 0.0], [80, 1.5, -2], [1200, 2958465, 42384.25], [True, 1, "1"]]:
        sheet.append(row)


def _dates(sheet: Any) -> None:
    sheet.append(["Ngày", "Giờ"])
    sheet.append([dt.datetime(2016, 1, 6), dt.datetime(2016, 1, 6, 13, 30)])
    sheet.append([dt.date(2016, 1, 7), 42384])
    sheet["B3"].number_format = "DD/MM/YYYY"
    sheet.append(["15/01/2016", "2016-01-15"])
    sheet["A4"].number_format = "[$-42A]dd/mm/yyyy"


def _text(sheet: Any) -> None:
    sheet.append(["", "  ", "Bồ Đề", "x_y", "a\nb", None, "=1+1"])


@pytest.mark.parametrize("fill", [_leading_blanks, _numbers, _dates, _text], ids=lambda f: f.__name__)
def test_fast_path_gives_the_cells_openpyxl_gives(tmp_path: Path, fill: Callable[[Any], None]) -> None:
    path = _save(tmp_path / "w.xlsx", fill)
    assert not xlsx.needs_openpyxl(path)
    assert xlsx.read_tabs(path, 1000) is not None  # the fast path, not the fallback
    assert _typed(files.XlsxSource(path).read()) == _typed(_openpyxl(path))


def test_write_only_workbook_without_dimension(tmp_path: Path) -> None:
    """Inline strings, no <dimension>, blank rows: how openpyxl (and benchmarks.messy) write."""
    plan, districts = citywide.build_plan(citywide.SEED)
    sheet = messy.merged(messy.generate(plan, districts[:2], 300, seed=3))
    path = messy.write_xlsx(sheet, tmp_path / "city.xlsx")
    assert b"<dimension" not in _sheet_xml(path)
    assert xlsx.read_tabs(path, 1000) is not None
    assert _typed(files.XlsxSource(path).read()) == _typed(_openpyxl(path))


def _sheet_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    ("cell", "value", "number_format"),
    [
        ("A2", "dòng_x000D_hai", None),  # an escaped character: calamine decodes it, openpyxl does not
        ("A2", "#N/A", None),  # an error cell: calamine would give ""
        ("A2", dt.time(8, 30), None),  # a time of day
        ("A2", -1, "DD/MM/YYYY"),  # a negative number in a date cell: calamine gives a time too
        ("A2", 2958466, "DD/MM/YYYY"),  # past 31/12/9999: openpyxl gives "#VALUE!"
        ("A2", 10**14, None),  # any number that large might be such a date: calamine cannot say
    ],
)
def test_cells_calamine_cannot_give_are_read_by_openpyxl(
    tmp_path: Path, cell: str, value: Any, number_format: str | None
) -> None:
    def fill(sheet: Any) -> None:
        sheet["A1"], sheet[cell] = "Ngày", value
        if number_format:
            sheet[cell].number_format = number_format

    path = _save(tmp_path / "w.xlsx", fill)
    fast = None if xlsx.needs_openpyxl(path) else xlsx.read_tabs(path, 1000)
    assert fast is None
    with pytest.warns(UserWarning) if value == 2958466 else contextlib.nullcontext():
        got, expected = files.XlsxSource(path).read(), _openpyxl(path)
    assert _typed(got) == _typed(expected)


@pytest.mark.parametrize(
    ("far", "risky"),
    [("BZ5", False), ("CA5", True), ("AAA1", True), ("XFD1048576", True), ("A999999", False), ("A1000000", True)],
)
def test_cells_far_away_send_the_workbook_to_openpyxl(tmp_path: Path, far: str, risky: bool) -> None:
    """calamine allocates the whole rectangle up to the farthest cell and aborts the process when it cannot."""
    book = openpyxl.Workbook(write_only=True)  # write-only: a far cell costs nothing to write
    sheet = book.create_sheet("Hoạt động")
    sheet.append(["Ngày"])
    book.save(tmp_path / "w.xlsx")
    path = _with_cell(tmp_path / "w.xlsx", far)
    assert xlsx.needs_openpyxl(path) is risky


def _with_cell(path: Path, ref: str) -> Path:
    """The workbook with one more cell at ``ref``, written into the sheet XML directly."""
    import re
    import zipfile

    out = path.with_name("far.xlsx")
    row = re.sub(r"[A-Z]", "", ref)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>xa</t></is></c></row>'.encode()
                data = data.replace(b"</sheetData>", cell + b"</sheetData>")
            dst.writestr(item, data)
    return out


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    from services.core.errors import SourceError

    zipped = tmp_path / "notes.xlsx"
    import zipfile

    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notes.txt", "không phải bảng tính")
    with pytest.raises(SourceError, match=r"notes\.xlsx"):
        files.XlsxSource(zipped).read()


_CELL = st.one_of(
    st.none(),
    st.text(alphabet="ab đ1 ", max_size=4),
    st.integers(min_value=-5, max_value=10**9),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda f: round(f, 3)),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)).map(
        lambda d: dt.datetime(d.year, d.month, d.day)
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6), seed=st.integers(0, 99))
def test_any_grid_reads_the_same_both_ways(tmp_path: Path, grid: list[list[Any]], seed: int) -> None:
    path = tmp_path / f"g{random.Random(seed).random()}.xlsx"

    def fill(sheet: Any) -> None:
        for row in grid:
            sheet.append(row)

    _save(path, fill)
    assert _typed(files.XlsxSource(path).read()) == _typed(_openpyxl(path))


def test_a_summary_of_a_local_workbook_imports_no_google_client() -> None:
    """gspread and google-auth cost ~0.3 s CPU per process: a local read must not import them."""
    import subprocess
    import sys

    code = (
        "import sys; from services import cli; "
        "cli.main(['summary', '--source', 'data/demo.xlsx', '--as-of', '2016-01-15']); "
        "print('gspread' in sys.modules, file=sys.stderr)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"
