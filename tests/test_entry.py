"""The entry form's service: reader-rule validation, exactly-once appends, RAW text, local lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from services.access import auth
from services.core import config
from services.core.errors import DashboardError, WriteError
from services.ingest import google as sheets
from services.ingest import loader
from services.ingest.local.files import XlsxSource
from services.ingest.reading import reader
from services.write import entry
from testkit.fake_sheets import FakeSheets
from tests.conftest import ENTRY_KEY

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo.xlsx"
KEY = ENTRY_KEY
PLAN = config.load_plan()
SCHEMA = config.load_schema()
DAY = dt.date(2016, 1, 15)
WRITER = auth.User(role="admin")  # the write path checks the role (issue 6)


def good(**changes: object) -> entry.Entry:
    base = entry.Entry(
        id=entry.new_id(), date=DAY, unit="Đảng ủy phường Bồ Đề", wards=("Bồ Đề",), form="hoi_nghi_bcv",
        themes=("ND1.1", "PB"), title="Hội nghị báo cáo viên tháng 1", participants=120,
        entered_by="Nguyễn Thị Hoa",
    )  # fmt: skip
    return entry.Entry(**{**base.__dict__, **changes})


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({}, []),
        ({"date": None}, ["date_empty"]),
        ({"date": dt.date(2016, 3, 1)}, ["date_outside"]),
        ({"wards": ()}, ["ward_empty"]),
        ({"wards": ("Bo Dde",)}, ["ward_unknown"]),
        ({"form": ""}, ["form_empty"]),
        ({"form": "múa lân"}, ["form_unknown"]),
        ({"wards": ("Toàn quận",), "unit": "Quận đoàn"}, []),
        ({"unit": "Hội Người cao tuổi"}, ["unit_unknown"]),
        ({"themes": ("ND9.9",)}, ["theme_unknown"]),
        ({"date": dt.date(2016, 3, 1), "wards": (), "form": ""}, ["date_outside", "ward_empty", "form_empty"]),
    ],
)
def test_entries_are_checked_with_the_readers_rules(changes: dict, codes: list[str]) -> None:
    problems = entry.validate(good(**changes), PLAN, SCHEMA)
    assert [p.code for p in problems] == codes
    assert all(p.row == 2 and p.sheet == "Hoạt động" for p in problems)


def test_the_row_holds_labels_and_theme_options() -> None:
    values = entry.row_values(good(wards=("Bồ Đề", "Ngọc Lâm")), PLAN)
    assert values["form"] == "Hội nghị báo cáo viên, tuyên truyền viên"
    assert values["ward"] == "Bồ Đề, Ngọc Lâm"
    assert values["themes"].startswith("ND1.1 – ") and values["themes"].endswith(
        ", PB – Đấu tranh / phản bác thông tin / quan điểm sai trái / thù địch"
    )


def test_ids_are_unique() -> None:
    assert len({entry.new_id() for _ in range(1000)}) == 1000


# ---------------------------------------------------------------- Google Sheet


def sheet(entry_book: FakeSheets, tmp_path: Path, timeout: float = 2.0) -> sheets.GoogleSheetSource:
    conn = entry_book.connection(timeout=timeout)
    return sheets.GoogleSheetSource(KEY, connection=conn, schema=SCHEMA, snapshot_dir=tmp_path)


def ids_in(entry_book: FakeSheets) -> list[str]:
    return [str(r[0]) for r in entry_book.tab(KEY, "Hoạt động").rows[1:] if r]


def test_an_entry_is_appended_raw_below_the_table(entry_book: FakeSheets, tmp_path: Path) -> None:
    src = sheet(entry_book, tmp_path)
    item = good()
    written = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
    assert written.row == 7 and written.tab == "Hoạt động" and not written.already
    assert written.url == f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=1000&range=A7"
    assert entry_book.appends == [
        {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS", "includeValuesInResponse": "false"}
    ]
    data = reader.read(src.read(), PLAN, SCHEMA)
    saved = next(a for a in data.activities if a.id == item.id)
    assert (saved.row, saved.date, saved.wards, saved.form, saved.themes) == (
        7, DAY, ("00139",), "hoi_nghi_bcv", ("ND1.1", "PB")
    )  # fmt: skip
    assert saved.participants == 120 and saved.warnings == 0


def test_a_formula_typed_in_the_form_stays_text(entry_book: FakeSheets, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://x","y")'
    written = entry.submit(good(title=formula, notes="=1+1"), sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER)
    tab = entry_book.tab(KEY, "Hoạt động")
    row = tab.rows[written.row - 1]
    assert row[6] == formula and row[11] == "=1+1"
    assert not tab.formulas


def test_an_invalid_entry_never_reaches_the_sheet(entry_book: FakeSheets, tmp_path: Path) -> None:
    with pytest.raises(entry.EntryInvalid) as caught:
        entry.submit(good(wards=()), sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER)
    assert [p.code for p in caught.value.problems] == ["ward_empty"]
    assert entry_book.count("append") == 0


def test_a_retried_submit_of_the_same_entry_writes_nothing_new(entry_book: FakeSheets, tmp_path: Path) -> None:
    src = sheet(entry_book, tmp_path)
    item = good()
    first = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
    again = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
    assert again.already and again.row == first.row
    assert ids_in(entry_book).count(item.id) == 1 and entry_book.count("append") == 1


def test_a_lost_append_response_is_not_written_twice(entry_book: FakeSheets, tmp_path: Path) -> None:
    src = sheet(entry_book, tmp_path, timeout=0.3)
    entry_book.inject("append", delay=1.0, apply=True, times=1)  # the row lands, the answer never comes
    item = good()
    written = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
    assert ids_in(entry_book).count(item.id) == 1 and written.row == 7
    assert entry_book.count("append") == 1


def test_twenty_concurrent_and_retried_submits_land_exactly_once(entry_book: FakeSheets, tmp_path: Path) -> None:
    src = sheet(entry_book, tmp_path, timeout=0.4)
    entry_book.inject("append", delay=1.0, apply=True, times=3)  # landed, response lost
    entry_book.inject("append", 503, times=2)  # refused before writing
    entry_book.inject("append", 429, times=1)
    entry_book.inject("batchGet", 500, times=1)
    items = [good(title=f"Hoạt động song song {n}", participants=n) for n in range(20)]
    results: dict[str, entry.Written] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(20)

    def submit(item: entry.Entry) -> None:
        start.wait()
        try:
            results[item.id] = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
        except Exception as err:  # collected and asserted on below
            failures.append(err)

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert all(f.times == 0 for f in entry_book.faults)  # every injected fault was met
    for item in items:  # every user presses save again
        again = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
        assert again.already and again.row == results[item.id].row
    ids = ids_in(entry_book)
    assert all(ids.count(item.id) == 1 for item in items)
    assert len(ids) == 5 + 20
    assert sorted(r.row for r in results.values()) == list(range(7, 27))
    data = reader.read(src.read(), PLAN, SCHEMA)
    assert data.errors == 0 and data.read == 25


def test_a_sheet_without_the_id_column_is_refused(entry_book: FakeSheets, tmp_path: Path) -> None:
    entry_book.tab(KEY, "Hoạt động").rows[0][0] = "Số TT"
    with pytest.raises(DashboardError, match="thiếu cột 'Mã'"):
        entry.submit(good(), sheet(entry_book, tmp_path), PLAN, SCHEMA, user=WRITER)
    assert entry_book.count("append") == 0


def test_ids_in_another_column_are_still_checked(entry_book: FakeSheets, tmp_path: Path) -> None:
    tab = entry_book.tab(KEY, "Hoạt động")
    tab.rows = [row[1:] + row[:1] for row in tab.rows]  # Mã moved to the last column
    src = sheet(entry_book, tmp_path)
    item = good()
    first = entry.submit(item, src, PLAN, SCHEMA, user=WRITER)
    assert entry.submit(item, src, PLAN, SCHEMA, user=WRITER).already
    assert tab.rows[first.row - 1][-1] == item.id and tab.rows[first.row - 1][0] == (DAY - dt.date(1899, 12, 30)).days


# ---------------------------------------------------------------- local workbook


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "demo.xlsx"
    shutil.copy(DEMO, path)
    return path


def last_row(path: Path, title: str) -> int:
    return openpyxl.load_workbook(path)[title].max_row


def test_a_local_entry_is_appended_and_the_rest_of_the_workbook_kept(workbook: Path) -> None:
    reports_before = [list(r) for r in openpyxl.load_workbook(workbook)["Báo cáo"].iter_rows(values_only=True)]
    rows_before = last_row(workbook, "Hoạt động")
    before = reader.read(XlsxSource(workbook).read(), PLAN, SCHEMA)
    item = good(title='=HYPERLINK("http://x","y")')
    written = entry.submit(item, workbook, PLAN, SCHEMA, user=WRITER)
    assert written.row == rows_before + 1 and written.url is None
    book = openpyxl.load_workbook(workbook)
    assert [list(r) for r in book["Báo cáo"].iter_rows(values_only=True)] == reports_before
    cell = book["Hoạt động"].cell(row=written.row, column=7)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    after = reader.read(XlsxSource(workbook).read(), PLAN, SCHEMA)
    assert after.read == before.read + 1 and after.errors == before.errors
    saved = next(a for a in after.activities if a.id == item.id)
    assert saved.row == written.row and saved.date == DAY and saved.title == item.title


def test_a_local_retried_submit_writes_nothing_new(workbook: Path) -> None:
    item = good()
    first = entry.submit(item, workbook, PLAN, SCHEMA, user=WRITER)
    again = entry.submit(item, workbook, PLAN, SCHEMA, user=WRITER)
    assert again.already and again.row == first.row
    assert last_row(workbook, "Hoạt động") == first.row


def test_concurrent_local_submits_are_serialised_by_the_file_lock(workbook: Path) -> None:
    items = [good(title=f"Song song {n}") for n in range(8)]
    failures: list[BaseException] = []

    def submit(item: entry.Entry) -> None:
        try:
            entry.submit(item, workbook, PLAN, SCHEMA, user=WRITER)
        except Exception as err:  # collected and asserted on below
            failures.append(err)

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = [a.id for a in reader.read(XlsxSource(workbook).read(), PLAN, SCHEMA).activities]
    assert all(ids.count(item.id) == 1 for item in items)


def test_a_csv_folder_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="không ghi được"):
        entry.submit(good(), tmp_path / "Hoạt động.csv", PLAN, SCHEMA, user=WRITER)


# ---------------------------------------------------------------- the page (local mode)


def k(at: AppTest, name: str) -> str:
    """The key of a widget of the form instance the page shows now (keys carry the instance's form key)."""
    return f"entry_{name}-{at.session_state['entry_form_key']}"


def test_the_entry_page_rejects_a_bad_entry_and_writes_a_good_one(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_hash = hashlib.sha256(DEMO.read_bytes()).hexdigest()
    monkeypatch.setattr(loader, "default_source", lambda: str(workbook))
    rows_before = last_row(workbook, "Hoạt động")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/entry.py").run()
    assert not at.exception
    at.date_input(key=k(at, "date")).set_value(DAY)
    at.button(key=k(at, "submit")).click().run()
    assert [e.value for e in at.error] == ["Chưa ghi: hãy sửa các lỗi sau"]
    messages = list(at.dataframe[-1].value.iloc[:, 1])
    assert messages == ["Chưa ghi phường", "Chưa ghi hình thức"]
    assert last_row(workbook, "Hoạt động") == rows_before

    at.multiselect(key=k(at, "wards")).select("Bồ Đề").select("Toàn quận")
    at.selectbox(key=k(at, "form")).select("hoi_nghi_bcv")
    at.selectbox(key=k(at, "unit")).select("Đảng ủy phường Bồ Đề")
    at.multiselect(key=k(at, "themes")).select("ND1.1")
    at.text_input(key=k(at, "title")).input("Hội nghị BCV tháng 1")
    at.number_input(key=k(at, "people")).set_value(150)
    at.button(key=k(at, "submit")).click().run()
    assert not at.exception and not at.error
    row = rows_before + 1
    [success] = [s.value for s in at.success]
    assert f"vào dòng {row} của trang 'Hoạt động'" in success
    data = reader.read(XlsxSource(workbook).read(), PLAN, SCHEMA)
    saved = next(a for a in data.activities if a.row == row)
    assert saved.id in success
    assert (saved.date, saved.wards, saved.district_wide, saved.participants) == (DAY, ("00139",), True, 150)
    assert hashlib.sha256(DEMO.read_bytes()).hexdigest() == demo_hash


def test_the_entry_page_writes_to_the_google_sheet_and_links_the_row(
    entry_book: FakeSheets, entry_sheet_app: Callable[..., None]
) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/entry.py").run()
    at.date_input(key=k(at, "date")).set_value(DAY)
    at.multiselect(key=k(at, "wards")).select("Gia Thụy")
    at.selectbox(key=k(at, "form")).select("co_dong_truc_quan")
    at.text_input(key=k(at, "title")).input('=HYPERLINK("http://x","y")')
    at.button(key=k(at, "submit")).click().run()
    assert not at.exception and not at.error
    assert "vào dòng 7 của trang 'Hoạt động'" in at.success[0].value
    tab = entry_book.tab(KEY, "Hoạt động")
    assert tab.rows[6][6] == '=HYPERLINK("http://x","y")' and not tab.formulas
    assert entry_book.appends[0]["valueInputOption"] == "RAW"
