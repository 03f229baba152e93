"""Two dashboard replicas share one read of the Google Sheet (issue 14 #6).

Two real ``streamlit run`` processes with the same ``shared_cache_dir`` read a sheet
named in their secrets file (a real service-account key whose token endpoint is the
fake's). They reach the fake Sheets API the way an operator's process would reach
Google behind a proxy: by environment only (``HTTPS_PROXY``, ``REQUESTS_CA_BUNDLE``;
testkit/tls_proxy.py). Four browser sessions, two on each replica, see the data, and
the fake counts exactly one ``values:batchGet`` per TTL; when Google then fails, one
replica tries (its bounded retries) and all four show the previous read with the stale banner.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from services.core import config, strings
from testkit.fake_sheets import ACTIVITY_HEADER, REPORT_HEADER, FakeSheets, activity_rows
from testkit.tls_proxy import SheetsProxy
from tests.browser.conftest import start_server, stop_server
from tests.test_sheets import KEY, service_account_info

pytestmark = pytest.mark.browser

TTL = 30  # long enough for four sessions to load inside one TTL on a busy 2-core machine
ROWS = 40
URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit"


@dataclass
class Replicas:
    bases: list[str]
    fake: FakeSheets
    shared: Path


def _settings(folder: Path) -> Path:
    settings = yaml.safe_load((config.CONFIG_DIR / "settings.yaml").read_text(encoding="utf-8"))
    for name in ("plan", "sheet_schema", "demo_source"):
        settings[name] = str(config.resolve(settings[name], config.CONFIG_DIR))
    settings |= {
        "cache_ttl_seconds": TTL, "cache_dir": str(folder / "own-cache"), "shared_cache_dir": str(folder / "shared"),
        "sheet": "", "districts": "", "open_mode": True,
    }  # fmt: skip
    path = folder / "settings.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


@contextmanager
def serve_replicas(folder: Path) -> Iterator[Replicas]:
    """Two ``streamlit run`` replicas sharing ``folder/shared``, reading the fake Sheet through the TLS proxy."""
    with FakeSheets() as fake, SheetsProxy(fake, folder / "tls") as proxy:
        fake.add_book(KEY)
        fake.add_tab(KEY, "Hoạt động", [ACTIVITY_HEADER, *activity_rows(ROWS)])
        fake.add_tab(KEY, "Báo cáo", [REPORT_HEADER])
        info = service_account_info(fake.base + "/token")
        secrets = folder / "secrets.toml"
        secrets.write_text(
            f"[connections.gsheets]\nspreadsheet = {json.dumps(URL)}\n"
            + "".join(f"{k} = {json.dumps(v)}\n" for k, v in info.items()),
            encoding="utf-8",
        )
        env = {"STREAMLIT_SECRETS_FILES": str(secrets), "DASHBOARD_SETTINGS": str(_settings(folder)), **proxy.env()}
        env["DASHBOARD_SOURCE"] = ""
        started = [start_server(env) for _ in range(2)]
        try:
            yield Replicas([base for base, _ in started], fake, folder / "shared")
        finally:
            for _, process in started:
                stop_server(process)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    with serve_replicas(tmp_path_factory.mktemp("replicas")) as running:
        yield running


def _content(page: object) -> str:
    """The sidebar once the overview has drawn (the data's row count is there)."""
    page.get_by_role("heading", name=strings.t("page_overview", "vi")).first.wait_for(timeout=90_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    return page.get_by_test_id("stSidebar").inner_text()


def _open_sessions(browser: object, bases: list[str]) -> list[object]:
    pages = [browser.new_context(viewport={"width": 1280, "height": 900}).new_page() for _ in range(4)]
    for n, page in enumerate(pages):  # 0, 2 on the first replica; 1, 3 on the second
        page.goto(bases[n % 2])
    return pages


def test_four_sessions_on_two_replicas_cost_one_batch_get_per_ttl(browser: object, replicas: Replicas) -> None:
    fake = replicas.fake
    rows = f"{ROWS} dòng"
    pages = _open_sessions(browser, replicas.bases)
    try:
        assert all(rows in _content(page) for page in pages)
        assert fake.count("batchGet") == 1, fake.calls
        assert fake.count("metadata") == 1  # the other replica never even opened the spreadsheet
        [snapshot] = list(replicas.shared.glob("dataset-*.pickle"))

        # After the TTL (by the shared file's age), each session reruns: again one read for all four.
        time.sleep(max(0.0, snapshot.stat().st_mtime + TTL + 1 - time.time()))
        for page in pages:
            page.reload()
        assert all(rows in _content(page) for page in pages)
        assert fake.count("batchGet") == 2, fake.calls

        # Google fails in the next TTL: one replica tries (with its retries), every session shows the
        # previous read with the stale banner, and the other replica does not ask Google at all.
        tries = config.load_settings().sheet_retry_tries
        fake.inject("batchGet", 503, times=None)
        time.sleep(max(0.0, snapshot.stat().st_mtime + TTL + 1 - time.time()))
        for page in pages:
            page.reload()
        banner = strings.t("stale_banner", "vi", time="", reason="").split(":")[0].split(",")[-1].strip()
        texts = [_content(page) + page.locator("body").inner_text() for page in pages]
        assert all(rows in text and banner in text for text in texts), texts
        assert fake.count("batchGet") == 2 + tries, fake.calls
    finally:
        for page in pages:
            page.context.close()
