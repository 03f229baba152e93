"""Zip-bomb .xlsx files are refused from the archive's directory, before any parser unpacks them."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from services.access import auth
from services.core import config
from services.core.errors import SourceError, WriteError
from services.ingest.local import files
from services.write import entry
from tests.test_entry import good

GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = "xl/sharedStrings.xml"


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Hoạt động" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
    f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    f'Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
    "</row></sheetData></worksheet>",
}


def bomb(path: Path, unpacked_mb: int) -> Path:
    """A workbook whose shared strings are a huge run of one repeated string (streamed, never held)."""
    line = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    count = unpacked_mb * 1024 * 1024 // len(line)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, xml in PARTS.items():
            out.writestr(name, xml)
        with out.open(SHARED, "w", force_zip64=True) as handle:
            handle.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
            chunk = line * 1024
            for _ in range(count // 1024):
                handle.write(chunk)
            handle.write(b"</sst>")
    return path


@pytest.fixture(scope="module")
def bomb_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bomb(tmp_path_factory.mktemp("bomb") / "bom.xlsx", unpacked_mb=60)


def test_the_bomb_is_small_on_disk(bomb_file: Path) -> None:
    assert bomb_file.stat().st_size < 1024 * 1024  # the test is about what it unpacks to


def test_a_zip_bomb_is_refused_quickly_with_the_ratio_in_the_message(bomb_file: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        files.XlsxSource(bomb_file).read()
    assert time.perf_counter() - start < 1.0
    message = str(caught.value)
    assert message.startswith("Từ chối đọc tệp bom.xlsx: phần xl/sharedStrings.xml nén ")
    assert "max_xlsx_ratio" in message


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (files.ArchiveLimits(unpacked_mb=30, ratio=10_000), "khi giải nén sẽ chiếm 60 MB, vượt giới hạn 30 MB"),
        (files.ArchiveLimits(unpacked_mb=100, ratio=100), "nén "),
        (files.ArchiveLimits(unpacked_mb=100, ratio=10_000), None),
    ],
)
def test_limits_on_total_size_and_ratio(bomb_file: Path, limits: files.ArchiveLimits, expected: str | None) -> None:
    if expected is None:
        files.check_archive(bomb_file, limits)
        return
    with pytest.raises(SourceError, match=expected):
        files.check_archive(bomb_file, limits)


def test_the_limits_come_from_settings(bomb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = config.Settings(max_xlsx_unpacked_mb=50, max_xlsx_ratio=10_000)
    monkeypatch.setattr(config, "load_settings", lambda path=None: settings)
    with pytest.raises(SourceError, match="vượt giới hạn 50 MB"):
        files.XlsxSource(bomb_file).read()


@pytest.mark.parametrize("name", ["demo", "messy", "acceptance"])
def test_real_workbooks_pass(name: str) -> None:
    path = {"demo": GOLDEN.parent.parent / "data" / "demo.xlsx"}.get(name, GOLDEN / f"{name}.xlsx")
    files.check_archive(path)


@pytest.mark.parametrize(("content", "expected"), [(b"not a zip", "không phải .xlsx hợp lệ"), (None, "Không tìm thấy")])
def test_a_broken_or_missing_file_is_a_source_error(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "x.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError, match=expected):
        files.check_archive(path)


def test_the_entry_form_refuses_to_append_to_a_bomb(tmp_path: Path) -> None:
    path = bomb(tmp_path / "demo.xlsx", unpacked_mb=20)
    before = path.read_bytes()
    start = time.perf_counter()
    with pytest.raises(WriteError, match=r"Từ chối đọc tệp demo\.xlsx"):
        entry.submit(good(), path, config.load_plan(), config.load_schema(), user=auth.User(role="admin"))
    assert time.perf_counter() - start < 1.0
    assert path.read_bytes() == before
