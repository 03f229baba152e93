"""A crafted ``clear_cache`` message over Streamlit's WebSocket resets neither the sign-in throttle nor the data.

Streamlit accepts ``BackMsg(clear_cache=True)`` from any connection, signed in or
not, and clears ``st.cache_data``/``st.cache_resource`` for everyone. The throttle
and the parsed dataset live outside those caches (``ui.auth.THROTTLE``,
``ui.store.DATASETS``). The source is a CSV folder whose file is changed after the
first read with its size and modification time kept: a re-read would show the
change, the kept dataset does not.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.sync.client import connect

from services.access import auth
from services.core import strings
from tests.browser.conftest import start_server, stop_server
from tests.conftest import build_workbook, save_csv_folder
from tests.fixtures import acceptance

pytestmark = pytest.mark.browser

CODE = "ma-xem-ban-thuong-vu-2016"
BLOCKED = "Có quá nhiều lần nhập sai mã"


def t(key: str, **params: object) -> str:
    return strings.t(key, "vi", **params)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("clear-cache")
    base_row = {"unit": "Đảng ủy phường Bồ Đề", "ward": "Bồ Đề", "form": "Cổ động trực quan", "themes": "ND1.1"}
    rows = [
        {**base_row, "id": f"C{i}", "date": f"1{i}/01/2016", "title": f"Hoạt động {i}", "participants": 12}
        for i in range(3)
    ]
    save_csv_folder(build_workbook(rows), folder / "csv", cell=acceptance.as_csv_text)
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[access_codes.ban_thuong_vu]\nrole = "viewer"\nhash = "{auth.hash_code(CODE)}"\n')
    base, process = start_server({"STREAMLIT_SECRETS_FILES": str(secrets), "DASHBOARD_SOURCE": str(folder / "csv")})
    yield base, folder / "csv" / "Hoạt động.csv"
    stop_server(process)


def _idle(page: object) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _submit(page: object, code: str) -> str:
    """Enter a code; return the sign-in message it got (empty when it signed in)."""
    page.get_by_label(t("signin_code_label"), exact=True).and_(page.locator("input")).fill(code)
    page.get_by_role("button", name=t("signin_code_submit")).click()
    page.wait_for_timeout(300)
    _idle(page)
    alerts = page.get_by_test_id("stAlert").all_inner_texts()
    # Only the sign-in form's own messages: once signed in, the page's alerts (overdue themes…) show too.
    said = (t("signin_code_wrong"), t("signin_code_wait", seconds=0).split("0")[0])
    return " ".join(a for a in alerts if a.strip().startswith(said))


def _clear_cache(base: str) -> None:
    """What any visitor's browser can send: the raw clear_cache BackMsg on a new connection."""
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], open_timeout=10) as socket:
        socket.send(BackMsg(clear_cache=True).SerializeToString())
        time.sleep(1.5)  # handled on the server's event loop; nothing is sent back


def _wait_seconds(message: str) -> int:
    found = re.search(r"(\d+) giây", message)
    return int(found.group(1)) if found else 60  # the old message said "một phút"


def test_a_crafted_clear_cache_keeps_the_throttle_and_the_data(browser: object, served: tuple[str, Path]) -> None:
    base, csv_file = served
    rows_before = t("sb_rows", read=3, valid=3, errors=0)
    viewer = browser.new_page(viewport={"width": 1280, "height": 900})
    viewer.goto(base)
    viewer.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(viewer)
    assert _submit(viewer, CODE) == ""
    viewer.get_by_role("heading", name=t("page_overview")).first.wait_for(timeout=60_000)
    _idle(viewer)
    assert rows_before in viewer.get_by_test_id("stSidebar").inner_text()

    # Same size, same modification time: only a real re-read would see it (one date becomes invalid).
    stat = csv_file.stat()
    csv_file.write_bytes(csv_file.read_bytes().replace(b",10/01/2016,", b",99/99/2016,", 1))
    os.utime(csv_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert csv_file.stat().st_size == stat.st_size

    attacker = browser.new_page(viewport={"width": 1280, "height": 900})
    attacker.goto(base)
    attacker.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(attacker)
    for _ in range(40):  # wrong codes until the wait is long enough to outlast the clear below
        message = _submit(attacker, "doan-sai-ma-0000")
        if BLOCKED in message:
            if _wait_seconds(message) >= 15:
                break
            time.sleep(_wait_seconds(message) + 0.5)
    else:
        pytest.fail("wrong codes were never throttled")

    _clear_cache(base)

    assert BLOCKED in _submit(attacker, "doan-sai-ma-0000")  # still waiting after the clear
    victim = browser.new_page(viewport={"width": 1280, "height": 900})  # another client's correct code
    victim.goto(base)
    victim.get_by_role("heading", name=t("page_signin")).first.wait_for(timeout=60_000)
    _idle(victim)
    assert _submit(victim, CODE) == ""
    victim.get_by_role("heading", name=t("page_overview")).first.wait_for(timeout=60_000)

    # The signed-in viewer moves to another page (same session): the data is the kept one.
    viewer.get_by_test_id("stSidebarNav").get_by_role("link", name=t("page_log")).click()
    viewer.get_by_role("heading", name=t("page_log")).first.wait_for(timeout=60_000)
    _idle(viewer)
    assert rows_before in viewer.get_by_test_id("stSidebar").inner_text()
    for page in (viewer, attacker, victim):
        page.close()
