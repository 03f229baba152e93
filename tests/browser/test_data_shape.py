"""Issue 10 #3 and #6 in a real browser: huge counts and a wrong sheet structure, on every page.

A workbook with implausible counts (1e308, 2**63, 'inf', 'nan') must leave every page
working with plausible totals; a workbook whose activities tab was renamed must show,
on every page, the red notice saying why the figures are zero (never "no activity").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.core import strings
from tests.browser.conftest import start_server, stop_server
from tests.conftest import build_workbook, save_xlsx
from ui import navigation

pytestmark = pytest.mark.browser

PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]
GOOD = {"date": "15/01/2016", "unit": "Ban Tuyên giáo Quận ủy", "ward": "Bồ Đề", "form": "Hội nghị BCV",
        "themes": "ND1.1", "title": "Hội nghị"}  # fmt: skip
HUGE = [
    {**GOOD, "participants": 120},
    {**GOOD, "participants": 1e308},
    {**GOOD, "participants": "9223372036854775808"},
    {**GOOD, "quantity": "inf"},
    {**GOOD, "participants": "nan"},
]
BANNER_START = strings.t("struct_banner", reasons="").split(":**")[0].removeprefix("**")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    folder = tmp_path_factory.mktemp("shape")
    huge = save_xlsx(build_workbook(HUGE), folder / "huge.xlsx")
    renamed = save_xlsx(build_workbook([GOOD], act_title="Sheet1"), folder / "renamed.xlsx")
    started = {name: start_server({"DASHBOARD_SOURCE": str(Path(path))}) for name, path in
               (("huge", huge), ("renamed", renamed))}  # fmt: skip
    yield {name: base for name, (base, _) in started.items()}
    for _, process in started.values():
        stop_server(process)


def _visit(page: object, url: str, heading: str) -> str:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert not page.get_by_test_id("stException").count(), f"exception on {url}"
    return page.evaluate("document.body.innerText")


@pytest.mark.parametrize("source", ["huge", "renamed"])
def test_every_page_works_and_says_what_is_wrong(browser: object, servers: dict[str, str], source: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path, title_key in PAGES:
        text = _visit(page, f"{servers[source]}/{path}", strings.t(title_key, "vi"))
        assert strings.t("source_error") not in text, path
        if source == "huge":
            assert not re.search(r"\d{20,}", text), f"a giant number on /{path}"
            assert BANNER_START not in text
        else:
            assert BANNER_START in text and "không có trang 'Hoạt động'" in text, path
    context.close()
    assert errors == []
