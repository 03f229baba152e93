"""Sign-in with access codes on a real server and browser: signed out, wrong code, viewer, sign-out.

The secrets file (salted hashes only) is written to a temporary folder at run
time and handed to Streamlit with ``STREAMLIT_SECRETS_FILES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.access import auth
from services.core import strings
from tests.browser.conftest import start_server, stop_server

pytestmark = pytest.mark.browser

VIEWER_CODE = "ma-xem-ban-thuong-vu-2016"
EDITOR_CODE = "ma-ghi-phuong-bo-de-2016"


def t(key: str, **params: object) -> str:
    return strings.t(key, "vi", **params)


def secrets_file(folder: Path) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        "[access_codes.ban_thuong_vu]\n"
        'role = "viewer"\n'
        f'hash = "{auth.hash_code(VIEWER_CODE)}"\n'
        "[access_codes.phuong_bo_de]\n"
        'role = "editor"\n'
        'unit = "Đảng ủy phường Bồ Đề"\n'
        f'hash = "{auth.hash_code(EDITOR_CODE)}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = secrets_file(tmp_path_factory.mktemp("secrets"))
    base, process = start_server({"STREAMLIT_SECRETS_FILES": str(path)})
    yield base
    stop_server(process)


def _idle(page: object) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _heading(page: object, key: str) -> None:
    page.get_by_role("heading", name=t(key)).first.wait_for(timeout=60_000)
    _idle(page)


def _nav(page: object) -> list[str]:
    # each link is "<icon name>\n\n<title>" while the icon font is not loaded
    return [
        text.strip().splitlines()[-1] for text in page.get_by_test_id("stSidebarNav").locator("a").all_inner_texts()
    ]


def _enter_code(page: object, code: str) -> None:
    page.get_by_label(t("signin_code_label"), exact=True).and_(page.locator("input")).fill(code)
    page.get_by_role("button", name=t("signin_code_submit")).click()


def test_signed_out_then_viewer_then_signed_out_again(browser: object, guarded_server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(guarded_server)
    _heading(page, "page_signin")
    body = page.locator("body").inner_text()
    assert t("page_overview") not in _nav(page)
    assert t("auth_open_mode") not in body
    assert not page.get_by_test_id("stMetric").count()

    _enter_code(page, "ma-doan-mo-1234")
    page.get_by_text(t("signin_code_wrong")).wait_for(timeout=30_000)
    assert not page.get_by_test_id("stMetric").count()

    _enter_code(page, VIEWER_CODE)
    _heading(page, "page_overview")
    nav = _nav(page)
    assert t("page_meeting") in nav and t("page_log") in nav
    assert t("page_entry") not in nav and t("page_quality") not in nav and t("page_signin") not in nav
    assert "ban\\_thuong\\_vu" not in page.locator("body").inner_text()  # escaped markdown shows literally
    assert "ban_thuong_vu" in page.get_by_test_id("stSidebar").inner_text()

    page.get_by_role("button", name=t("auth_signout")).click()
    _heading(page, "page_signin")
    assert t("page_overview") not in _nav(page)
    assert errors == []
    page.close()


def test_editor_lands_on_its_pages_and_a_code_never_reaches_the_page(browser: object, guarded_server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(guarded_server)
    _heading(page, "page_signin")
    _enter_code(page, EDITOR_CODE)
    _heading(page, "page_overview")
    assert t("page_entry") in _nav(page) and t("page_quality") not in _nav(page)
    assert EDITOR_CODE not in page.content()
    page.close()


def test_a_fresh_server_never_shows_data_to_a_signed_out_visitor(
    browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = secrets_file(tmp_path_factory.mktemp("secrets-fresh"))
    base, process = start_server({"STREAMLIT_SECRETS_FILES": str(path)})
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        shown: dict[str, list[str]] = {}
        for stem in ("entry", "log", "quality", "units", "overview", "themes", "map", "meeting"):
            page.goto(f"{base}/{stem}")  # nobody has opened "/" on this server yet
            page.get_by_role("heading").first.wait_for(timeout=60_000)
            _idle(page)
            shown[stem] = page.get_by_role("heading", level=1).all_inner_texts()
        page.close()
    finally:
        stop_server(process)
    assert {stem: titles for stem, titles in shown.items() if titles != [t("page_signin")]} == {}


def test_signing_in_keeps_the_links_page_and_parameters(browser: object, guarded_server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(guarded_server)  # someone has opened the app: the navigation is set up, as on a live server
    _heading(page, "page_signin")
    page.goto(f"{guarded_server}/log?ngay=2016-01-10&nhom=co_so_dang")  # a shared link, opened signed out
    _heading(page, "page_signin")
    assert not page.get_by_role("dialog").count()  # no "page not found" over the form
    assert not page.get_by_test_id("stMetric").count() and not page.get_by_test_id("stDataFrame").count()
    _enter_code(page, VIEWER_CODE)
    _heading(page, "page_log")
    page.wait_for_url("**/log?*", timeout=30_000)
    assert "ngay=2016-01-10" in page.url and "nhom=co_so_dang" in page.url
    assert page.get_by_test_id("stDateInput").locator("input").first.input_value() == "2016-01-10"  # applied
    page.close()
