"""A real browser on the entry form: a double click, two quick clicks, and a click after the save write one row."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from services.core import strings
from tests.browser.conftest import ARTIFACTS, ROOT, start_server, stop_server

pytestmark = pytest.mark.browser


def t(key: str, **params: object) -> str:
    return strings.t(key, "vi", **params)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    path = tmp_path_factory.mktemp("entry") / "demo.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    base, process = start_server({"DASHBOARD_SOURCE": str(path)})
    try:
        yield base, path
    finally:
        stop_server(process)


def titles_in(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path, read_only=True)["Hoạt động"]
    return [str(row[6]) for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[6]]


def idle(page: object) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def open_form(page: object, base: str) -> None:
    page.goto(f"{base}/entry?ngay=2016-01-15")  # the form's date defaults to the day viewed: inside the plan
    page.get_by_role("heading", name=t("page_entry")).first.wait_for(timeout=30_000)
    idle(page)


def pick(page: object, label: str, option: str, *, many: bool = False) -> None:
    """Choose ``option`` in a Streamlit selectbox/multiselect by typing it, as a user would."""
    form = page.get_by_test_id("stForm")  # the sidebar has boxes with the same labels
    box = form.get_by_label(label, exact=True).and_(page.locator("input")).first
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    if many:
        page.keyboard.press("Escape")  # a multiselect stays open for more


def fill(page: object, title: str) -> None:
    pick(page, t("entry_unit"), "Đảng ủy phường Bồ Đề")
    pick(page, t("entry_wards"), "Bồ Đề", many=True)
    pick(page, t("entry_form"), "Hội nghị báo cáo viên, tuyên truyền viên")
    page.get_by_test_id("stForm").get_by_label(t("entry_title"), exact=True).fill(title)


def saved(page: object) -> None:
    """Wait for the success message, then for every run a second click may have started."""
    page.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    idle(page)


def submit_button(page: object) -> object:
    return page.get_by_role("button", name=t("entry_submit"))


@pytest.mark.parametrize("gap_ms", [None, 100, 400, 1000])  # None: a real double click
def test_two_clicks_write_one_row(browser: object, served: tuple[str, Path], gap_ms: int | None) -> None:
    base, path = served
    title = f"Hội nghị bấm hai lần {gap_ms}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_form(page, base)
    fill(page, title)
    button = submit_button(page)
    if gap_ms is None:
        button.dblclick()
    else:
        button.click()
        page.wait_for_timeout(gap_ms)
        button.click(force=True, no_wait_after=True)  # force: a disabled button is clicked all the same
    saved(page)
    page.screenshot(path=str(ARTIFACTS / f"entry-two-clicks-{gap_ms}.png"), full_page=True)
    assert titles_in(path).count(title) == 1
    page.close()


def test_a_click_after_the_save_writes_nothing(browser: object, served: tuple[str, Path]) -> None:
    base, path = served
    title = "Hội nghị bấm lại sau khi ghi"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_form(page, base)
    fill(page, title)
    submit_button(page).click()
    saved(page)
    before = len(titles_in(path))
    title_box = page.get_by_test_id("stForm").get_by_label(t("entry_title"), exact=True)
    assert title_box.input_value() == ""  # the form was cleared
    submit_button(page).click()
    page.get_by_text(t("entry_invalid")).wait_for(timeout=30_000)
    idle(page)
    assert len(titles_in(path)) == before and titles_in(path).count(title) == 1
    page.close()
