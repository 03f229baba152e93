"""Real-browser journeys: a board member opens the link and goes through every page."""

from __future__ import annotations

import re

import pytest

from services.core import config, strings
from services.figures import metrics
from services.ingest import loader
from tests.browser.conftest import ARTIFACTS, start_server, stop_server
from ui import navigation

pytestmark = pytest.mark.browser

# (url path, title key): the overview is the default page at "/".
PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]
VIEWPORTS = {"projector": (1280, 720), "phone": (390, 844)}


def _demo_figures() -> dict[str, object]:
    plan, schema = loader.load_config()
    data = loader.read_dataset(loader.default_source(), plan, schema)
    day = config.load_settings().demo_as_of
    return metrics.summary(plan, data, day)


def _open(page: object, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    # Streamlit shows a "running" indicator while the script runs; wait it out.
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_shows_its_heading(browser: object, server: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path, title_key in PAGES:
        heading = strings.t(title_key, "vi")
        _open(page, f"{server}/{path}", heading)
        assert not page.get_by_test_id("stException").count(), f"exception on {path or 'overview'}"
        page.screenshot(path=str(ARTIFACTS / f"{viewport}-{path or 'overview'}.png"), full_page=False)
    context.close()
    assert errors == []


def test_overview_shows_the_figures_metrics_compute(browser: object, server: str) -> None:
    figures = _demo_figures()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    _open(page, server, strings.t("page_overview", "vi"))
    counted = figures["rows"]["valid"] - figures["rows"]["after_as_of"]
    days = figures["next_milestone"]["days_left"]
    main = page.locator("section.main, [data-testid='stMain']").first
    numbers: set[int] = set()
    for _ in range(60):  # the figures render after the heading; give the script time to finish
        body = main.inner_text()
        numbers = {int(n.replace(".", "")) for n in re.findall(r"\d[\d.]*", body) if n.replace(".", "").isdigit()}
        if {counted, days} <= numbers:
            break
        page.wait_for_timeout(500)
    else:
        (ARTIFACTS / "overview-figures.txt").write_text(body, encoding="utf-8")
    assert counted in numbers, f"{counted} activities not shown on the overview (page text in artifacts)"
    assert days in numbers
    page.close()


def test_a_deep_link_on_a_fresh_server_goes_through_the_app_navigation(browser: object) -> None:
    """The first request after a restart is often a forwarded link to one page."""
    base, process = start_server()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        _open(page, f"{base}/themes?ngay=2016-01-25", strings.t("page_themes", "vi"))
        nav = page.get_by_test_id("stSidebarNav").inner_text()
        assert strings.t("page_overview", "vi") in nav
        assert "signin" not in nav and "app" not in nav.split()
        page.close()
    finally:
        stop_server(process)
