"""Local sources: .xlsx and a folder of CSV files give the reader the same rows (docs/reading-contract.md §1)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from services.core.config import Plan, SheetSchema
from services.core.errors import SourceError
from services.figures import metrics
from services.ingest import loader
from services.ingest.local import files
from services.ingest.reading import reader
from tests.conftest import ACT_HEADER, build_workbook, save_csv_folder, save_xlsx
from tests.fixtures import acceptance


def test_xlsx_keeps_sheet_row_numbers_and_cell_types(tmp_path: Path) -> None:
    rows = [["A", dt.datetime(2016, 1, 6)], None, None, ["B", 42384.25, "x"], None, ["C", "15/01/2016", 1200]]
    path = save_xlsx(build_workbook(rows), tmp_path / "w.xlsx")
    raw = files.XlsxSource(path).read()
    tab = raw.find("Hoạt động", [])
    assert tab is not None and tab.header[:3] == ACT_HEADER[:3]
    numbered = {n: [c for c in cells if c is not None] for n, cells in tab.rows}
    assert numbered[2] == ["A", dt.datetime(2016, 1, 6)]
    assert numbered[5] == ["B", 42384.25, "x"]
    assert numbered[7] == ["C", "15/01/2016", 1200]
    assert all(numbered[n] == [] for n in (3, 4, 6))
    assert raw.label == "w.xlsx" and raw.kind == "local"


def test_xlsx_trailing_formatted_rows_are_not_counted(tmp_path: Path, plan: Plan, schema: SheetSchema) -> None:
    path = save_xlsx(build_workbook([["", "15/01/2016", "Quận đoàn", "Bồ Đề", "Sinh hoạt"]]), tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    for r in range(3, 40):
        book["Hoạt động"].cell(row=r, column=2).number_format = "DD/MM/YYYY"  # styled but empty
    book["Hoạt động"].cell(row=50, column=12, value="  ")
    book.save(path)
    data = reader.read(files.XlsxSource(path).read(), plan, schema)
    assert (data.read, data.valid, data.problems) == (1, 1, [])


@pytest.mark.parametrize("as_of", [dt.date(2016, 1, 15), dt.date(2016, 1, 25), dt.date(2016, 2, 10)])
def test_csv_folder_gives_the_same_summary_as_xlsx(
    tmp_path: Path, plan: Plan, schema: SheetSchema, as_of: dt.date
) -> None:
    raw = acceptance.workbook()
    xlsx = save_xlsx(raw, tmp_path / "acceptance.xlsx")
    folder = save_csv_folder(raw, tmp_path / "csv", cell=acceptance.as_csv_text)
    from_xlsx = metrics.summary(plan, loader.read_dataset(str(xlsx), plan, schema), as_of)
    from_csv = metrics.summary(plan, loader.read_dataset(str(folder), plan, schema), as_of)
    from_one_csv = metrics.summary(plan, loader.read_dataset(str(folder / "Hoạt động.csv"), plan, schema), as_of)
    for summary in (from_xlsx, from_csv, from_one_csv):  # which source was read differs, of course
        assert summary.pop("source")["kind"] == "local"
    assert from_csv == from_xlsx
    assert from_one_csv == from_xlsx
    assert from_xlsx["rows"]["read"] == 17


def test_csv_file_names_in_nfd_and_bom_are_found(tmp_path: Path, plan: Plan, schema: SheetSchema) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    name = unicodedata.normalize("NFD", "Hoạt động") + ".csv"
    content = (
        ",".join(ACT_HEADER) + "\n" + ",42384,Quận đoàn,Bồ Đề,Sinh hoạt\n\n,16/01/2016,Quận đoàn,Gia Thụy,Sinh hoạt\n"
    )
    (folder / name).write_text("\ufeff" + content, encoding="utf-8")
    data = reader.read(files.CsvFolderSource(folder).read(), plan, schema)
    assert [(a.row, a.date) for a in data.activities] == [(2, dt.date(2016, 1, 15)), (4, dt.date(2016, 1, 16))]
    assert {p.code for p in data.problems} == {"missing_tab"}  # only Báo cáo is absent (a warning)


def test_csv_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "Hoạt động.csv").write_bytes("Ngày,Phường\n15/01/2016,Bồ Đề\n".encode("utf-16"))
    with pytest.raises(SourceError, match="UTF-8"):
        files.CsvFolderSource(folder).read()


@pytest.mark.parametrize(
    ("spec", "kind"),
    [
        ("data/demo.xlsx", files.XlsxSource),
        ("missing.xlsx", files.XlsxSource),
        ("some/folder/that/does/not/exist", files.XlsxSource),  # a path: "not found", never a network call
        ("nope", files.XlsxSource),
        ("exports/Hoạt động.csv", files.CsvFolderSource),
    ],
)
def test_open_source_routes_local_paths(spec: str, kind: type) -> None:
    assert isinstance(loader.open_source(spec), kind)


@pytest.mark.parametrize(
    "spec",
    [
        "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd/edit",
        "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
    ],
)
def test_sheet_specs_are_not_local(spec: str) -> None:
    assert not loader.is_local(spec)


def test_folder_is_a_csv_source(tmp_path: Path) -> None:
    assert isinstance(loader.open_source(str(tmp_path)), files.CsvFolderSource)


@pytest.mark.parametrize("spec", ["", "   "])
def test_empty_spec_is_an_error(spec: str) -> None:
    with pytest.raises(SourceError):
        loader.open_source(spec)


def test_missing_and_broken_workbooks(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Không tìm thấy"):
        files.XlsxSource(tmp_path / "none.xlsx").read()
    with pytest.raises(SourceError, match="Không mở được"):
        files.XlsxSource(tmp_path / "none.xlsx").version()
    broken = tmp_path / "broken.xlsx"
    broken.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"broken\.xlsx"):
        files.XlsxSource(broken).read()


def test_version_changes_when_the_file_changes(tmp_path: Path) -> None:
    path = save_xlsx(build_workbook([]), tmp_path / "w.xlsx")
    source = files.XlsxSource(path)
    before = source.version()
    save_xlsx(build_workbook([["1", "15/01/2016", "", "Bồ Đề", "Sinh hoạt"]]), path)
    assert source.version() != before


@pytest.mark.parametrize("title", ["Hoạt động", "hoat dong", "HOẠT ĐỘNG", " Hoạt  động ", "activities"])
def test_find_tab_tolerantly(title: str) -> None:
    raw = build_workbook([], act_title=title)
    assert raw.find("Hoạt động", ["activities"]) is raw.tabs[title]
    assert raw.find("Kế hoạch", []) is None
