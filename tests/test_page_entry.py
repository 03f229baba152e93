"""The entry page (AppTest): one form instance writes one row, survives a reload, clears after a save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.ingest import loader
from services.ingest.local.files import XlsxSource
from services.ingest.reading import reader
from services.write import entry
from testkit.fake_sheets import FakeSheets
from tests.test_entry import DAY, KEY, PLAN, ROOT, SCHEMA, k, last_row
from tests.test_entry_safety import workbook  # noqa: F401  (fixture)

TITLE = "Hội nghị BCV tháng 1"


def open_entry(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/entry.py").run()
    assert not at.exception
    return at


def fill(at: AppTest, title: str = TITLE) -> None:
    at.date_input(key=k(at, "date")).set_value(DAY)
    at.multiselect(key=k(at, "wards")).select("Bồ Đề")
    at.selectbox(key=k(at, "form")).select("hoi_nghi_bcv")
    at.selectbox(key=k(at, "unit")).select("Đảng ủy phường Bồ Đề")
    at.text_input(key=k(at, "title")).input(title)
    at.number_input(key=k(at, "people")).set_value(150)


def submit(at: AppTest) -> None:
    at.button(key=k(at, "submit")).click().run()
    assert not at.exception


def ids_in_workbook(path: Path) -> list[str | None]:
    return [a.id for a in reader.read(XlsxSource(path).read(), PLAN, SCHEMA).activities]


@pytest.fixture
def local(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    monkeypatch.setattr(loader, "default_source", lambda: str(workbook))
    return workbook


def test_the_form_instance_id_is_in_the_url_and_is_the_rows_id(local: Path) -> None:
    at = open_entry()
    fid = at.session_state["entry_id"]
    assert (entry.is_id(fid) and at.query_params["phieu"] == [fid]) or at.query_params["phieu"] == fid
    fill(at)
    submit(at)
    assert fid in ids_in_workbook(local)


def test_after_a_save_the_form_is_empty_shows_what_was_saved_and_has_a_new_id(local: Path) -> None:
    rows_before = last_row(local, "Hoạt động")
    at = open_entry()
    first = at.session_state["entry_id"]
    fill(at)
    submit(at)
    second = at.session_state["entry_id"]
    assert second != first and entry.is_id(second)
    assert at.text_input(key=k(at, "title")).value == ""  # a fresh form
    assert at.multiselect(key=k(at, "wards")).value == []
    [success] = [s.value for s in at.success]
    assert first in success and f"dòng {rows_before + 1}" in success
    assert any(f"dòng {rows_before + 1}" in c.value and local.name in c.value for c in at.caption)
    saved = dict(at.dataframe[-1].value.itertuples(index=False, name=None))
    assert saved["Tên hoạt động"] == TITLE and saved["Mã"] == first and saved["Ngày"] == "15/01/2016"
    assert saved["Đơn vị"] == "Đảng ủy phường Bồ Đề"

    submit(at)  # pressing save again on the cleared form writes nothing
    assert [e.value for e in at.error] == ["Chưa ghi: hãy sửa các lỗi sau"]
    assert last_row(local, "Hoạt động") == rows_before + 1
    assert ids_in_workbook(local).count(first) == 1


def test_a_reload_with_the_same_form_instance_does_not_write_twice(local: Path) -> None:
    rows_before = last_row(local, "Hoạt động")
    at = open_entry()
    fid = at.session_state["entry_id"]
    fill(at)
    submit(at)
    # The answer never reached the browser; the user reloads the page whose URL still has the id.
    again = open_entry({"phieu": fid})
    assert again.session_state["entry_id"] == fid
    fill(again)
    submit(again)
    [warning] = [w.value for w in again.warning if "Mã phiếu" in w.value]
    assert warning.startswith(f"Mã phiếu {fid} đã có ở dòng {rows_before + 1} của trang 'Hoạt động'")
    assert last_row(local, "Hoạt động") == rows_before + 1  # nothing written twice
    assert again.text_input(key=k(again, "title")).value == TITLE  # what was typed is kept ...
    assert again.session_state["entry_id"] != fid  # ... under a new id


def test_a_copied_link_with_someone_elses_id_loses_nothing(local: Path) -> None:
    rows_before = last_row(local, "Hoạt động")
    first = open_entry()
    fid = first.session_state["entry_id"]
    fill(first, "Hoạt động của người gửi liên kết")
    submit(first)
    other = open_entry({"phieu": fid})  # a colleague opens the copied link and logs another activity
    fill(other, "Hoạt động của người nhận liên kết")
    submit(other)
    assert last_row(local, "Hoạt động") == rows_before + 1
    submit(other)  # the warning says: press save again if it was not this activity
    assert not other.error
    titles = {a.title: a.id for a in reader.read(XlsxSource(local).read(), PLAN, SCHEMA).activities}
    assert titles["Hoạt động của người gửi liên kết"] == fid
    assert (
        entry.is_id(titles["Hoạt động của người nhận liên kết"]) and titles["Hoạt động của người nhận liên kết"] != fid
    )
    assert last_row(local, "Hoạt động") == rows_before + 2


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "W123", "w0123456789a", "W0123456789A;DROP", ""])
def test_an_invalid_id_in_the_url_is_replaced(local: Path, hostile: str) -> None:
    at = open_entry({"phieu": hostile})
    fid = at.session_state["entry_id"]
    assert entry.is_id(fid) and fid != hostile


def test_a_failed_write_keeps_the_form_and_its_id(local: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(entry.os, "replace", fail)
    at = open_entry()
    fid = at.session_state["entry_id"]
    fill(at)
    submit(at)
    [error] = [e.value for e in at.error]
    assert error.startswith("Không ghi được hoạt động: ") and "No space left on device" in error
    assert at.session_state["entry_id"] == fid and at.text_input(key=k(at, "title")).value == TITLE
    assert not at.button(key=k(at, "submit")).disabled


def test_the_google_row_link_has_the_gid_and_range(entry_sheet_app: Callable[..., None]) -> None:
    at = open_entry()
    fill(at)
    submit(at)
    [link] = at.get("link_button")
    assert link.proto.url == f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=1000&range=A7"


def test_a_lost_append_answer_is_reported_as_saved_after_the_check(
    entry_book: FakeSheets, entry_sheet_app: Callable[..., None]
) -> None:
    entry_sheet_app(timeout=0.3, budget=0.5)  # one lost answer spends the whole retry budget
    at = open_entry()
    fid = at.session_state["entry_id"]
    fill(at)
    entry_book.inject("append", delay=1.0, apply=True)  # the row lands, the answer never comes
    submit(at)
    assert not at.error
    [success] = [s.value for s in at.success]
    assert success.startswith(f"Đã ghi hoạt động {fid} vào dòng 7")
    assert success.endswith("(đã kiểm tra lại: dòng có trong bảng tính dù lần ghi báo lỗi)")
    assert [str(r[0]) for r in entry_book.tab(KEY, "Hoạt động").rows[1:]].count(fid) == 1
