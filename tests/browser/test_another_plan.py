"""A real browser on another campaign (issue 12): the Tết plan and its demo workbook, chosen by env only.

No tracked file is edited: ``DASHBOARD_PLAN`` names the plan and ``DASHBOARD_SOURCE`` the workbook
the demo generator made from it. Every page shows that plan and nothing of Long Biên or 2016.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.core import config, strings
from services.write import demo
from tests.browser.conftest import start_server, stop_server
from tests.conftest import TET_PLAN
from ui import navigation

pytestmark = pytest.mark.browser

PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]


@pytest.fixture(scope="module")
def tet_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workbook = demo.write_workbook(config.load_plan(TET_PLAN), tmp_path_factory.mktemp("tet") / "tet.xlsx")
    base, process = start_server({"DASHBOARD_PLAN": str(TET_PLAN), "DASHBOARD_SOURCE": str(workbook)})
    try:
        yield base
    finally:
        stop_server(process)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_of_another_plan_shows_nothing_of_long_bien(browser: object, tet_server: str, lang: str) -> None:
    strings.use_terms(strings.terms_of(config.load_plan(TET_PLAN)))  # page titles in this plan's words (xã…)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for path, title_key in PAGES:
            page.goto(f"{tet_server}/{path}?ngay=2017-01-20&lang={lang}")
            page.get_by_role("heading", name=strings.t(title_key, lang)).first.wait_for(timeout=60_000)
            page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
            shown = page.locator("body").inner_text()
            assert "KH 05-KH/HU" in shown and "tet_plan.yaml" in shown, path
            for foreign in ("Long Biên", "2016", "2015", "Quận ủy"):
                assert foreign not in shown, f"/{path} ({lang}) shows {foreign!r}"
    finally:
        page.close()
