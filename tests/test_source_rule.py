"""Issue 10 #7: one source rule for the dashboard and the command line; a stale read is never silent.

The Google path runs the real gspread client with a real service-account key
(from a ``.streamlit/secrets.toml``, as an operator would write it) against the
fake Sheets API, whose token endpoint and data answer, then fail with 503.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services import cli
from services.core import config
from services.figures import metrics
from services.ingest import loader
from services.ingest.google import client
from testkit.fake_sheets import ACTIVITY_HEADER, API, REPORT_HEADER, FakeSheets, RedirectAdapter, activity_rows
from tests.test_sheets import KEY, service_account_info

URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"
DEMO = str(config.resolve(config.load_settings().demo_source))


@pytest.mark.parametrize(
    ("explicit", "env", "secret", "setting", "expected"),
    [
        ("a.xlsx", "env.xlsx", URL, "set.xlsx", "a.xlsx"),
        (None, "env.xlsx", URL, "set.xlsx", "env.xlsx"),
        (None, "", URL, "set.xlsx", URL),
        ("  ", "", URL, "", URL),
        (None, "", None, "set.xlsx", "set.xlsx"),
        (None, "", "  ", "", DEMO),
        (None, "", None, "", DEMO),
    ],
)
def test_one_rule_names_the_source(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: str, secret: str | None, setting: str, expected: str
) -> None:
    monkeypatch.setenv(loader.SOURCE_ENV, env)
    settings = config.load_settings().model_copy(update={"sheet": setting})
    monkeypatch.setattr(config, "load_settings", lambda path=None: settings)
    info = None if secret is None else {"spreadsheet": secret}
    assert loader.resolve_source(explicit, info) == expected


def test_the_dashboard_uses_the_same_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import store

    monkeypatch.delenv(loader.SOURCE_ENV, raising=False)
    monkeypatch.setattr(store, "secrets_info", lambda: {"spreadsheet": URL})
    assert store.source_spec() == loader.resolve_source(None, {"spreadsheet": URL}) == URL


# ---------------------------------------------------------------- the command line against the fake Google


@pytest.fixture
def google(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSheets]:
    """A sheet named in ``.streamlit/secrets.toml`` (cwd), its key's token and data served by the fake."""
    with FakeSheets() as fake:
        fake.add_book(KEY)
        fake.add_tab(KEY, "Hoạt động", [ACTIVITY_HEADER, *activity_rows(40)])
        fake.add_tab(KEY, "Báo cáo", [REPORT_HEADER])
        info = service_account_info(fake.base + "/token")
        lines = [f"{k} = {json.dumps(v)}" for k, v in info.items()]
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "secrets.toml").write_text(
            "[connections.gsheets]\n" + f"spreadsheet = {json.dumps(URL)}\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv(loader.SOURCE_ENV, raising=False)
        settings = config.load_settings().model_copy(update={"cache_dir": str(tmp_path / "cache")})
        monkeypatch.setattr(config, "load_settings", lambda path=None: settings)
        real_make_client = client.make_client

        def wired(credentials: Any) -> Any:  # the real client; only the API's host is the fake's
            real = real_make_client(credentials)
            real.http_client.session.mount(API + "/", RedirectAdapter(fake.base))
            return real

        monkeypatch.setattr(client, "make_client", wired)
        monkeypatch.setattr(client, "_sleep", lambda seconds: None)
        yield fake


def _run(*args: str) -> tuple[int, dict[str, Any] | None, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue().splitlines()


def test_brief_reads_the_sheet_named_in_secrets_not_the_demo(google: FakeSheets, tmp_path: Path) -> None:
    target = tmp_path / "b.xlsx"
    status, _, err = _run("brief", "--format", "xlsx", "--as-of", "2016-01-20", "--out", str(target))
    assert status == 0, err
    assert google.count("batchGet") == 1 and google.count("token") == 1
    import openpyxl

    plan, schema = loader.load_config()
    day = dt.date(2016, 1, 20)
    from_sheet = len(metrics.counted(loader.read_dataset(URL, plan, schema).activities, day))
    assert from_sheet != len(metrics.counted(loader.read_dataset(DEMO, plan, schema).activities, day))
    book = openpyxl.load_workbook(target)
    assert book.worksheets[0].max_row == 1 + from_sheet  # the sheet's activities, not the demo's


def test_a_stale_read_warns_on_stderr_and_says_so_in_the_json(google: FakeSheets) -> None:
    status, fresh, err = _run("summary", "--source", URL, "--as-of", "2016-01-20")
    assert status == 0 and err == []
    assert fresh is not None and fresh["source"]["stale"] is False and fresh["source"]["kind"] == "google"
    assert fresh["source"]["name"] == "Kế hoạch 17"
    google.inject("*", 503, times=None)
    status, stale, err = _run("summary", "--source", URL, "--as-of", "2016-01-20")
    assert status == 0 and stale is not None
    assert stale["source"] == {**fresh["source"], "stale": True}  # read_at: when the snapshot was taken
    assert dt.datetime.fromisoformat(stale["source"]["read_at"]).tzinfo is not None
    assert stale["rows"] == fresh["rows"]
    assert len(err) == 1 and "503" in err[0] and "chưa cập nhật được" in err[0]


def test_brief_warns_too_when_the_sheet_is_stale(google: FakeSheets, tmp_path: Path) -> None:
    assert _run("brief", "--format", "xlsx", "--as-of", "2016-01-20", "--out", str(tmp_path / "1.xlsx"))[0] == 0
    google.inject("batchGet", 503, times=None)
    status, _, err = _run("brief", "--format", "xlsx", "--as-of", "2016-01-20", "--out", str(tmp_path / "2.xlsx"))
    assert status == 0 and any("503" in line for line in err)


def test_without_a_snapshot_a_google_failure_exits_2(google: FakeSheets) -> None:
    google.inject("*", 503, times=None)
    status, out, err = _run("summary", "--source", URL, "--as-of", "2016-01-20")
    assert (status, out) == (2, None) and len(err) == 1 and "503" in err[0]
