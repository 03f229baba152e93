"""Write-path safety (issue 10): lost responses, killed writes, file modes, the editor's unit."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from services.access import auth
from services.core.errors import SheetAccessError, WriteError
from services.ingest import google as sheets
from services.ingest.local.files import XlsxSource
from services.ingest.reading import reader
from services.write import entry
from testkit.fake_sheets import FakeSheets
from tests.test_entry import DEMO, KEY, PLAN, SCHEMA, WRITER, good, ids_in, last_row

ROOT = Path(__file__).resolve().parent.parent
BO_DE = "Đảng ủy phường Bồ Đề"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "demo.xlsx"
    shutil.copy(DEMO, path)
    return path


def tight_sheet(entry_book: FakeSheets, tmp_path: Path, **policy: float) -> sheets.GoogleSheetSource:
    """A sheet whose retry budget is spent by one lost response (the default 6 s timeout vs 10 s budget)."""
    conn = entry_book.connection(**{"timeout": 0.3, "budget": 0.5, **policy})
    return sheets.GoogleSheetSource(KEY, connection=conn, schema=SCHEMA, snapshot_dir=tmp_path)


# ---------------------------------------------------------------- a lost append response


@pytest.mark.parametrize(
    "fault",
    [
        {"delay": 1.0, "apply": True},  # the row lands, the answer times out, no budget left for a retry
        {"status": 502, "apply": True, "json_body": False},  # the row lands, a proxy answers with HTML: no retry
    ],
)
def test_a_lost_append_response_is_looked_up_before_reporting(
    entry_book: FakeSheets, tmp_path: Path, fault: dict
) -> None:
    entry_book.inject("append", **fault)
    checks: list[str] = []
    item = good()
    written = entry.submit(
        item, tight_sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER, on_check=lambda: checks.append("x")
    )
    assert written.checked and written.row == 7 and not written.already
    assert written.url == f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=1000&range=A7"
    assert checks == ["x"]
    assert ids_in(entry_book).count(item.id) == 1 and entry_book.count("append") == 1


def test_a_refused_append_is_still_reported_after_the_check(entry_book: FakeSheets, tmp_path: Path) -> None:
    entry_book.inject("append", 503, times=None)  # refused every time, nothing written
    checks: list[str] = []
    with pytest.raises(SheetAccessError, match="503"):
        entry.submit(
            good(), tight_sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER, on_check=lambda: checks.append("x")
        )
    assert checks == ["x"] and len(ids_in(entry_book)) == 5


def test_when_the_check_fails_too_the_user_is_told_it_is_unknown(
    entry_book: FakeSheets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_book.inject("append", delay=1.0, apply=True)
    real = entry.read_header_and_ids

    def then_unreadable(*args: object) -> tuple:
        result = real(*args)  # the read before the append works; every read after it fails
        if entry_book.faults[-1].kind != "batchGet":
            entry_book.inject("batchGet", 500, times=None)
        return result

    monkeypatch.setattr(entry, "read_header_and_ids", then_unreadable)
    with pytest.raises(WriteError) as caught:
        entry.submit(good(), tight_sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER)
    message = str(caught.value)
    assert "Chưa kiểm tra được hoạt động đã vào bảng tính hay chưa" in message
    assert "không bao giờ được ghi hai lần" in message


def test_a_local_save_that_lands_but_reports_an_error_is_found(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def replace_then_fail(src: str, dst: Path) -> None:
        real_replace(src, dst)  # the new workbook is in place ...
        raise OSError(5, "Input/output error")  # ... but the call reports a failure

    monkeypatch.setattr(entry.os, "replace", replace_then_fail)
    rows_before = last_row(workbook, "Hoạt động")
    checks: list[str] = []
    item = good()
    written = entry.submit(item, workbook, PLAN, SCHEMA, user=WRITER, on_check=lambda: checks.append("x"))
    assert written.checked and written.row == rows_before + 1 and checks == ["x"]
    ids = [a.id for a in reader.read(XlsxSource(workbook).read(), PLAN, SCHEMA).activities]
    assert ids.count(item.id) == 1


def test_a_local_save_that_fails_is_reported(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(entry.os, "replace", fail)
    with pytest.raises(WriteError, match="No space left on device"):
        entry.submit(good(), workbook, PLAN, SCHEMA, user=WRITER)
    assert not list(workbook.parent.glob(".entry-*"))


# ---------------------------------------------------------------- killed writes, file mode

KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from services.access import auth
from services.write import entry
from tests.test_entry import PLAN, SCHEMA, good
def hang(src, dst):
    print("saved", flush=True)
    time.sleep(60)
entry.os.replace = hang
entry.submit(good(), Path(sys.argv[1]), PLAN, SCHEMA, user=auth.User(role="admin"))
"""


def test_temp_files_of_a_killed_write_are_removed_by_the_next_write(workbook: Path) -> None:
    before = workbook.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(workbook)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "saved"
        os.kill(child.pid, signal.SIGKILL)  # killed between saving the temp file and renaming it
    finally:
        child.wait(timeout=30)
    [left] = workbook.parent.glob(".entry-*.xlsx")
    assert workbook.read_bytes() == before  # the workbook itself was never touched
    written = entry.submit(good(), workbook, PLAN, SCHEMA, user=WRITER)
    assert not left.exists() and not list(workbook.parent.glob(".entry-*"))
    assert written.row == last_row(workbook, "Hoạt động")


@pytest.mark.parametrize(("name", "age", "removed"), [
    (".entry-demo-abc123.xlsx", 0, True),  # this workbook's own: stale whatever its age (we hold the lock)
    (".entry-k2j3h4.xlsx", 3600, True),  # an old unnamed temp file (before this fix)
    (".entry-k2j3h4.xlsx", 0, False),  # a fresh unnamed one may belong to a write in progress elsewhere
    (".entry-other-abc123.xlsx", 0, False),  # another workbook's write in progress
    ("notes.xlsx", 3600, False),
])  # fmt: skip
def test_stale_temp_files_are_cleaned_before_writing(workbook: Path, name: str, age: int, removed: bool) -> None:
    temp = workbook.parent / name
    temp.write_bytes(b"half a workbook")
    os.utime(temp, (time.time() - age, time.time() - age))
    entry.submit(good(), workbook, PLAN, SCHEMA, user=WRITER)
    assert temp.exists() is not removed


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_a_write_keeps_the_workbooks_mode(workbook: Path, mode: int) -> None:
    workbook.chmod(mode)
    entry.submit(good(), workbook, PLAN, SCHEMA, user=WRITER)
    assert workbook.stat().st_mode & 0o7777 == mode


# ---------------------------------------------------------------- the editor's unit

EDITOR = auth.User(role="editor", unit=BO_DE, method="code")


@pytest.mark.parametrize(
    "typed",
    [
        BO_DE,
        "đảng ủy phường bồ đề",
        "ĐẢNG ỦY PHƯỜNG BỒ ĐỀ",
        "Đảng ủy phường Bo De",
        "Đảng\u200b ủy phường Bồ\u200d Đề",
        unicodedata.normalize("NFD", BO_DE),
        f"  {BO_DE}  ",
    ],
)
def test_an_editors_own_unit_is_stored_with_the_plans_spelling(workbook: Path, typed: str) -> None:
    written = entry.submit(good(unit=typed), workbook, PLAN, SCHEMA, user=EDITOR)
    cell = openpyxl.load_workbook(workbook)["Hoạt động"].cell(row=written.row, column=3).value
    assert cell == BO_DE


def test_a_typed_unknown_unit_is_kept_as_typed(workbook: Path) -> None:
    written = entry.submit(good(unit="Hội Cựu chiến binh tổ 5"), workbook, PLAN, SCHEMA, user=WRITER)
    assert (
        openpyxl.load_workbook(workbook)["Hoạt động"].cell(row=written.row, column=3).value == "Hội Cựu chiến binh tổ 5"
    )


def test_an_editor_writing_for_any_ward_is_allowed_and_logged(workbook: Path, caplog: pytest.LogCaptureFixture) -> None:
    item = good(wards=("Gia Thụy", "Long Biên"))
    with caplog.at_level(logging.INFO, logger="services.write.entry"):
        entry.submit(item, workbook, PLAN, SCHEMA, user=EDITOR)
    [record] = [r for r in caplog.records if "logged activity" in r.getMessage()]
    assert BO_DE in record.getMessage() and item.id in record.getMessage()
    assert "Gia Thụy, Long Biên" in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="services.write.entry"):
        entry.submit(good(), workbook, PLAN, SCHEMA, user=WRITER)  # an admin's write is not an editor's
    assert not [r for r in caplog.records if "logged activity" in r.getMessage()]


@pytest.mark.parametrize(("value", "ok"), [(entry.new_id(), True), ("W0123456789A", True), ("w0123456789a", False),
                                           ("W0123456789", False), ("W0123456789AB", False), ("", False), (None, False),
                                           ("W0123456789A\n", False)])  # fmt: skip
def test_form_ids(value: object, ok: bool) -> None:
    assert entry.is_id(value) is ok
