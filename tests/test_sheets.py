"""The Google Sheet source, driven through the real gspread client over HTTP to a local fake."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from services.core import config, strings
from services.core.errors import SheetAccessError
from services.figures import quality
from services.ingest import google as sheets
from services.ingest.google import client, snapshot
from services.ingest.reading import reader
from testkit.fake_sheets import ACTIVITY_HEADER, API, REPORT_HEADER, FakeSheets, activity_rows
from ui import store

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
EMAIL = "dashboard-bot@demo-project.iam.gserviceaccount.com"
PLAN = config.load_plan()
SCHEMA = config.load_schema()


@pytest.fixture
def fake() -> Iterator[FakeSheets]:
    with FakeSheets() as server:
        server.add_book(KEY)
        server.add_tab(KEY, "Hoạt động", [ACTIVITY_HEADER, *activity_rows(40)])
        server.add_tab(KEY, "Báo cáo", [REPORT_HEADER, ["Đảng ủy phường Bồ Đề", 42390, "Số 1-BC", ""]])
        yield server


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record backoff pauses instead of sleeping."""
    recorded: list[float] = []
    monkeypatch.setattr(client, "_sleep", recorded.append)
    return recorded


def source(fake: FakeSheets, tmp_path: Path, **policy: Any) -> sheets.GoogleSheetSource:
    policy.setdefault("timeout", 2.0)
    return sheets.GoogleSheetSource(KEY, connection=fake.connection(**policy), schema=SCHEMA, snapshot_dir=tmp_path)


def test_a_full_read_is_one_request_after_the_first_open(fake: FakeSheets, tmp_path: Path) -> None:
    src = source(fake, tmp_path)
    first = src.read()
    assert [kind for kind, _, _ in fake.calls] == ["metadata", "batchGet"]
    fake.reset_counts()
    again = src.read()
    assert [kind for kind, _, _ in fake.calls] == ["batchGet"]
    path = fake.calls[0][2]
    assert "valueRenderOption=UNFORMATTED_VALUE" in path and "dateTimeRenderOption=SERIAL_NUMBER" in path
    assert again.tabs["Hoạt động"].rows == first.tabs["Hoạt động"].rows


def test_the_read_feeds_the_same_reader_with_sheet_rows_links_and_gids(fake: FakeSheets, tmp_path: Path) -> None:
    raw = source(fake, tmp_path).read()
    assert raw.kind == "google" and raw.label == "Kế hoạch 17"
    assert raw.url == f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
    assert raw.gids == {"Hoạt động": 1000, "Báo cáo": 1001}
    tab = raw.tabs["Hoạt động"]
    assert tab.header == ACTIVITY_HEADER
    assert [n for n, _ in tab.rows] == list(range(2, 42))
    data = reader.read(raw, PLAN, SCHEMA)
    assert data.read == 40 and data.errors == 0
    first = data.activities[0]
    expected = dt.date(1899, 12, 30) + dt.timedelta(days=activity_rows(40)[0][1])
    assert first.row == 2 and first.date == expected  # a serial number, read as a date
    assert [r.unit for r in data.reports] == ["Đảng ủy phường Bồ Đề"]


def test_problems_read_from_a_google_sheet_link_to_their_row(fake: FakeSheets, tmp_path: Path) -> None:
    broken = [*activity_rows(1)[0]]
    broken[1] = "không phải ngày"
    fake.tab(KEY, "Hoạt động").rows.append(broken)  # row 42
    data = reader.read(source(fake, tmp_path).read(), PLAN, SCHEMA)
    bad = [p for p in data.problems if p.row == 42]
    assert bad, data.problems
    table = quality.problem_rows(data, bad)
    url = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=1000&range=A42"
    assert list(table[strings.t("tbl_open")]) == [url] * len(bad)


def test_gaps_in_the_sheet_keep_their_row_numbers(fake: FakeSheets, tmp_path: Path) -> None:
    rows = activity_rows(3)
    fake.tab(KEY, "Hoạt động").rows = [ACTIVITY_HEADER, rows[0], [], [], rows[1]]
    raw = source(fake, tmp_path).read()
    assert [n for n, r in raw.tabs["Hoạt động"].rows if r] == [2, 5]


@pytest.mark.parametrize("status", [429, 503, 500, 408])
def test_a_transient_error_then_success_recovers(fake: FakeSheets, tmp_path: Path, sleeps: list, status: int) -> None:
    src = source(fake, tmp_path)
    src.open()
    fake.inject("batchGet", status, times=1)
    raw = src.read()
    assert raw.stale_reason is None and len(raw.tabs["Hoạt động"].rows) == 40
    assert fake.count("batchGet") == 2 and sleeps == [1.0]


def test_a_timeout_then_success_recovers(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    src = source(fake, tmp_path, timeout=0.3)
    src.open()
    fake.inject("batchGet", delay=1.0, times=1)
    assert src.read().stale_reason is None
    assert sleeps == [1.0]


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_errors_that_retrying_cannot_fix_are_not_retried(
    fake: FakeSheets, tmp_path: Path, sleeps: list, status: int
) -> None:
    src = source(fake, tmp_path)
    src.open()
    fake.inject("batchGet", status, times=None)
    with pytest.raises(SheetAccessError):
        src.fetch()
    assert fake.count("batchGet") == 1 and sleeps == []


def test_retries_are_bounded_in_tries_and_time(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    src = source(fake, tmp_path)
    src.open()
    fake.inject("batchGet", 429, times=None)
    with pytest.raises(SheetAccessError, match="429"):
        src.fetch()
    assert fake.count("batchGet") == 3
    assert sleeps == [1.0, 2.0] and sum(sleeps) + 3 * 2.0 <= 10


def test_a_non_json_error_body_is_still_classified(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    src = source(fake, tmp_path)
    src.open()
    fake.inject("batchGet", 502, times=1, json_body=False)
    assert src.read().stale_reason is None and sleeps == [1.0]


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"status": 429}, "429"),
        ({"status": 500}, "mã 500"),
        ({"delay": 1.0}, "Không kết nối được"),
    ],
)
def test_a_permanent_failure_serves_the_stale_snapshot_with_a_banner(
    fake: FakeSheets, tmp_path: Path, sleeps: list, fault: dict, words: str
) -> None:
    src = source(fake, tmp_path, timeout=0.3)
    good = src.read()
    fake.inject("batchGet", times=None, **fault)
    stale = src.read()
    assert stale.stale_reason is not None and words in stale.stale_reason
    assert stale.tabs["Hoạt động"].rows == good.tabs["Hoạt động"].rows
    assert stale.read_at == good.read_at and stale.gids == good.gids
    data = reader.read(stale, PLAN, SCHEMA)
    banner = store.stale_banner(data)
    assert banner is not None
    assert f"dữ liệu lúc {good.read_at:%H:%M}, chưa cập nhật được: " in banner
    assert words in banner


def test_a_snapshot_survives_a_restart(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    source(fake, tmp_path).read()
    fake.inject("*", 503, times=None)
    fresh = source(fake, tmp_path)  # a new process: nothing in memory, the metadata read fails too
    stale = fresh.read()
    assert stale.stale_reason and len(stale.tabs["Hoạt động"].rows) == 40


def test_a_corrupt_snapshot_counts_as_none(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    src = source(fake, tmp_path)
    src.read()
    src.snapshot_path.write_text("{half a file", encoding="utf-8")
    fake.inject("batchGet", 503, times=None)
    with pytest.raises(SheetAccessError, match="mã 503"):
        src.read()


def test_without_a_snapshot_the_failure_is_a_clear_error(fake: FakeSheets, tmp_path: Path, sleeps: list) -> None:
    fake.inject("*", 503, times=None)
    with pytest.raises(SheetAccessError, match="Máy chủ Google Sheets đang lỗi"):
        source(fake, tmp_path).read()


def test_the_banner_names_the_day_when_the_snapshot_is_older() -> None:
    now = dt.datetime(2026, 1, 20, 10, 0).astimezone()
    same_day = snapshot.banner(now.replace(hour=9, minute=42), "lỗi", now=now)
    older = snapshot.banner(now - dt.timedelta(days=1), "lỗi", now=now)
    assert same_day == "Đang hiển thị dữ liệu lúc 09:42, chưa cập nhật được: lỗi"
    assert "ngày 19/01/2026" in older


def test_403_says_which_e_mail_to_share_with(fake: FakeSheets, tmp_path: Path) -> None:
    fake.books[KEY]["shared"] = set()
    with pytest.raises(SheetAccessError) as caught:
        source(fake, tmp_path).read()
    message = str(caught.value)
    assert f"hãy chia sẻ bảng tính với {EMAIL}" in message


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda f: f.books.pop(KEY), "Không tìm thấy bảng tính"),
        (lambda f: f.tokens.clear(), "không hợp lệ"),
        (lambda f: f.books[KEY]["tabs"].pop(0), "không có trang 'Hoạt động'"),
        (lambda f: f.tab(KEY, "Hoạt động").rows[0].__setitem__(1, "Date of event"), "thiếu cột 'Ngày'"),
    ],
    ids=["not-found", "bad-token", "tab-missing", "header-renamed"],
)
def test_failures_users_meet_have_clear_messages(fake: FakeSheets, tmp_path: Path, setup: Any, words: str) -> None:
    setup(fake)
    with pytest.raises(SheetAccessError, match=words):
        source(fake, tmp_path).read()


def test_a_tab_renamed_after_opening_is_found_again(fake: FakeSheets, tmp_path: Path) -> None:
    src = source(fake, tmp_path)
    src.read()
    fake.tab(KEY, "Hoạt động").title = "HOAT DONG"
    raw = src.read()
    assert raw.stale_reason is None and "HOAT DONG" in raw.tabs


def test_english_headers_and_tab_aliases_are_accepted(fake: FakeSheets, tmp_path: Path) -> None:
    tab = fake.tab(KEY, "Hoạt động")
    tab.title = "activities"
    tab.rows[0] = [c.key for c in SCHEMA.tabs["activities"].columns]
    data = reader.read(source(fake, tmp_path).read(), PLAN, SCHEMA)
    assert data.read == 40 and data.errors == 0


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0", KEY),
        (f"https://docs.google.com/spreadsheets/d/{KEY}", KEY),
        (KEY, KEY),
        (f"  {KEY}\n", KEY),
    ],
)
def test_spreadsheet_keys_come_from_urls_or_bare_keys(spec: str, key: str) -> None:
    assert sheets.spreadsheet_key(spec) == key


@pytest.mark.parametrize("spec", ["", "not a sheet", "https://example.com/x"])
def test_a_bad_spreadsheet_spec_is_a_clear_error(spec: str) -> None:
    with pytest.raises(SheetAccessError, match="không phải đường dẫn hoặc mã Google Sheet"):
        sheets.spreadsheet_key(spec)


# ---------------------------------------------------------------- credentials


def service_account_info(token_uri: str) -> dict[str, str]:
    crypto = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    from cryptography.hazmat.primitives import serialization

    key = crypto.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": "demo-project",
        "private_key_id": "abc123",
        "private_key": pem,
        "client_email": EMAIL,
        "client_id": "1",
        "token_uri": token_uri,
    }


def wire(conn: sheets.Connection, fake: FakeSheets) -> sheets.Connection:
    from testkit.fake_sheets import API, RedirectAdapter

    conn.client.http_client.session.mount(API + "/", RedirectAdapter(fake.base))
    return conn


def test_a_service_account_from_secrets_reads_the_sheet(fake: FakeSheets, tmp_path: Path) -> None:
    conn = wire(client.connect(service_account_info(fake.base + "/token"), config.Settings()), fake)
    assert conn.email == EMAIL
    src = sheets.GoogleSheetSource(KEY, connection=conn, schema=SCHEMA, snapshot_dir=tmp_path)
    assert len(src.read().tabs["Hoạt động"].rows) == 40
    assert fake.count("token") == 1


def test_a_key_file_named_by_the_env_var_works_and_stays_out_of_messages(
    fake: FakeSheets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = service_account_info(fake.base + "/token")
    key_file = tmp_path / "secret-key-file.json"
    key_file.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_SA_FILE", str(key_file))
    conn = wire(client.connect(None, config.Settings()), fake)
    fake.token_ok = False  # Google rejects the key (revoked)
    src = sheets.GoogleSheetSource(KEY, connection=conn, schema=SCHEMA, snapshot_dir=tmp_path / "cache")
    with pytest.raises(SheetAccessError) as caught:
        src.read()
    message = str(caught.value)
    assert "không hợp lệ" in message
    assert str(key_file) not in message and "PRIVATE KEY" not in message and "abc123" not in message


@pytest.mark.parametrize(
    ("content", "words"),
    [("{not json", "DASHBOARD_SA_FILE"), ('{"type": "service_account"}', "không hợp lệ")],
)
def test_a_broken_key_file_is_named_by_its_variable_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, words: str
) -> None:
    key_file = tmp_path / "k.json"
    key_file.write_text(content, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_SA_FILE", str(key_file))
    with pytest.raises(SheetAccessError, match=words) as caught:
        client.connect(None, config.Settings())
    assert str(key_file) not in str(caught.value)


def test_no_credentials_at_all_says_how_to_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_SA_FILE", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(SheetAccessError, match=r"\[connections.gsheets\]"):
        client.connect(None, config.Settings())


# ---------------------------------------------------------------- the store layer


@pytest.fixture
def sheet_store(fake: FakeSheets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeSheets:
    """store.dataset() on a Google Sheet, its connection wired to the fake."""
    settings = config.Settings(cache_ttl_seconds=300, cache_dir=str(tmp_path), open_mode=True)
    monkeypatch.setattr(config, "load_settings", lambda path=None: settings)
    monkeypatch.setattr(client, "connect", lambda info=None, settings=None: fake.connection(timeout=2.0))
    store.forget_sources()
    store.clear()
    yield fake
    store.forget_sources()
    store.clear()


def test_fifty_sessions_within_one_ttl_cause_one_read(sheet_store: FakeSheets) -> None:
    spec = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
    results: list[reader.Dataset] = []
    start = threading.Barrier(50)

    def session() -> None:
        start.wait()
        results.append(store.dataset(spec, PLAN, SCHEMA))

    threads = [threading.Thread(target=session) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 50 and all(r is results[0] for r in results)
    assert sheet_store.count("batchGet") == 1 and sheet_store.count("metadata") == 1
    assert results[0].read == 40


def test_the_refresh_button_reads_again_without_reopening(sheet_store: FakeSheets) -> None:
    store.dataset(KEY, PLAN, SCHEMA)
    store.clear()
    store.dataset(KEY, PLAN, SCHEMA)
    assert sheet_store.count("batchGet") == 2 and sheet_store.count("metadata") == 1


def test_the_store_serves_stale_data_never_an_exception(sheet_store: FakeSheets, sleeps: list) -> None:
    good = store.dataset(KEY, PLAN, SCHEMA)
    sheet_store.inject("batchGet", 500, times=None)
    store.clear()
    stale = store.dataset(KEY, PLAN, SCHEMA)
    assert stale.read == good.read and stale.valid == good.valid
    banner = store.stale_banner(stale)
    assert banner is not None and "chưa cập nhật được" in banner
    assert store.stale_banner(good) is None


def test_sessions_waiting_on_a_failing_read_share_it(sheet_store: FakeSheets, sleeps: list) -> None:
    sheet_store.inject("batchGet", 503, times=None)
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def session() -> None:
        start.wait()
        try:
            store.dataset(KEY, PLAN, SCHEMA)
        except SheetAccessError as err:
            errors.append(err)

    threads = [threading.Thread(target=session) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 20 and all("mã 503" in str(e) for e in errors)
    assert len({id(e) for e in errors}) == 20  # each session its own copy
    assert sheet_store.count("batchGet") == 3  # one round of bounded retries for all who waited


def test_a_failure_is_not_cached_the_next_rerun_tries_again(sheet_store: FakeSheets, sleeps: list) -> None:
    fault = sheet_store.inject("batchGet", 503, times=None)
    with pytest.raises(SheetAccessError, match="mã 503"):
        store.dataset(KEY, PLAN, SCHEMA)
    assert sheet_store.count("batchGet") == 3
    with pytest.raises(SheetAccessError, match="mã 503"):
        store.dataset(KEY, PLAN, SCHEMA)  # a later rerun, within the TTL: asks Google again
    assert sheet_store.count("batchGet") == 6
    sheet_store.faults.remove(fault)  # the sheet is shared now: no refresh button, no TTL to wait out
    assert store.dataset(KEY, PLAN, SCHEMA).read == 40
    assert sheet_store.count("batchGet") == 7


def test_the_dashboard_renders_stale_data_when_google_fails(
    sheet_store: FakeSheets, sleeps: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from services.ingest import loader

    monkeypatch.setattr(loader, "default_source", lambda: f"https://docs.google.com/spreadsheets/d/{KEY}/edit")
    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    source_error = strings.t("source_error")  # what the sidebar shows when there is no data at all
    assert not at.exception and not any(source_error in e.value for e in at.error)
    rows_caption = [c.value for c in at.caption if "40" in c.value]
    assert rows_caption
    sheet_store.inject("batchGet", 429, times=None)
    store.clear()
    at.run()
    assert not at.exception and not any(source_error in e.value for e in at.error)
    assert [c.value for c in at.caption if "40" in c.value] == rows_caption  # the same rows, from the snapshot
    assert any("chưa cập nhật" in w.value and "429" in w.value for w in at.warning)


# ---------------------------------------------------------------- bugs are not Google failures


class _BuggyTransport(requests.adapters.HTTPAdapter):
    """A transport with a bug: every request raises a TypeError (not a network or API error)."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        raise TypeError("a bug in the transport")


def _break_transport(conn: sheets.Connection) -> None:
    conn.http.session.mount(API + "/", _BuggyTransport())


def test_call_lets_an_unexpected_exception_through_without_retrying(fake: FakeSheets, sleeps: list) -> None:
    conn = fake.connection(timeout=2.0)
    _break_transport(conn)
    with pytest.raises(TypeError, match="a bug in the transport"):
        sheets.metadata(conn, KEY)
    assert sleeps == []  # not retried: only the mapped failures are


def test_a_bug_in_the_transport_propagates_and_is_not_served_as_a_stale_snapshot(
    fake: FakeSheets, tmp_path: Path
) -> None:
    src = source(fake, tmp_path)
    src.read()  # a good read leaves a snapshot that a Google failure would serve
    assert src.snapshot_path.exists()
    _break_transport(src.connection)
    with pytest.raises(TypeError, match="a bug in the transport"):
        src.read()


def test_a_bug_reaching_a_page_is_logged_with_its_traceback_and_shown_as_a_generic_message(
    sheet_store: FakeSheets, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from streamlit.testing.v1 import AppTest

    from services.ingest import loader

    monkeypatch.setattr(loader, "default_source", lambda: f"https://docs.google.com/spreadsheets/d/{KEY}/edit")
    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    assert not at.exception and [c.value for c in at.caption if "40" in c.value]  # a good read: a snapshot exists
    _break_transport(
        store.sheet_source(f"https://docs.google.com/spreadsheets/d/{KEY}/edit", config.load_schema()).connection
    )
    store.clear()
    with caplog.at_level(logging.ERROR, logger="ui.failsafe"):
        at.run()
    assert [e.value for e in at.error] == [strings.t("app_unexpected_error")]
    assert not at.exception  # no traceback on the page
    assert not any("chưa cập nhật" in w.value for w in at.warning)  # not the stale banner
    assert not [c.value for c in at.caption if "40" in c.value]  # no figures from the snapshot
    logged = [r for r in caplog.records if r.name == "ui.failsafe"]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is TypeError


def test_the_first_load_error_page_draws_the_refresh_button_it_names(
    sheet_store: FakeSheets, sleeps: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from services.ingest import loader

    monkeypatch.setattr(loader, "default_source", lambda: f"https://docs.google.com/spreadsheets/d/{KEY}/edit")
    fault = sheet_store.inject("batchGet", 403, times=None)  # not shared yet, and no snapshot
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any(strings.t("source_error") in e.value for e in at.error)
    assert strings.t("refresh") in at.info[0].value  # the message names the button ...
    [button] = [b for b in at.main.button if b.label == strings.t("refresh")]  # ... and it is there
    sheet_store.faults.remove(fault)  # the sheet is shared now
    button.click().run()
    assert not at.exception and not any(strings.t("source_error") in e.value for e in at.error)
    assert [c.value for c in at.caption if "40" in c.value]
