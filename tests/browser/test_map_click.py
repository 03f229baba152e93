"""The ward map in a real browser: graded tiles with a legend, and a click on a tile opens that ward."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from services.core import strings
from services.figures import metrics
from services.ingest import loader
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

DAY = dt.date(2016, 1, 24)
TOOLTIP = (
    "(() => { const e = document.getElementById('vg-tooltip-element');"
    " return e && e.classList.contains('visible') ? e.innerText : ''; })()"
)


def _ward_figures(code: str) -> tuple[str, int]:
    plan, schema = loader.load_config()
    data = loader.read_dataset(loader.default_source(), plan, schema)
    tally = metrics.ward_coverage(plan, metrics.counted(data.activities, DAY))[code]
    return f"{tally.activities:,}".replace(",", "."), tally.activities


def _settled(page: object) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(400)


def _find_tile(page: object, name: str) -> tuple[float, float]:
    """Where the tile of ward ``name`` is: hover over the map until its tooltip names it."""
    chart = page.get_by_test_id("stVegaLiteChart").first
    box = chart.bounding_box()
    for y in range(int(box["y"]) + 20, int(box["y"] + box["height"]), 22):
        for x in range(int(box["x"]) + 8, int(box["x"] + box["width"]), 22):
            page.mouse.move(x, y)
            if f"\n{name}\n" in f"\n{page.evaluate(TOOLTIP)}\n":
                return x, y
    raise AssertionError(f"no tile shows {name}")


def _ward_activities_shown(page: object) -> str:
    label = strings.t("map_ward_activities")
    metric = page.get_by_test_id("stMetric").filter(has_text=label).last
    return metric.get_by_test_id("stMetricValue").inner_text()


@pytest.mark.parametrize("ward", [("00133", "Ngọc Lâm"), ("00154", "Cự Khối")], ids=["Ngoc Lam", "Cu Khoi"])
def test_clicking_a_tile_opens_that_ward(browser: object, server: str, ward: tuple[str, str]) -> None:
    code, name = ward
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.goto(server)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    page.goto(f"{server}/map?ngay={DAY.isoformat()}")
    page.get_by_test_id("stVegaLiteChart").first.locator("canvas, svg").first.wait_for(timeout=30_000)
    _settled(page)
    dropdown = page.get_by_role("combobox", name=strings.t("map_ward_pick"))
    assert dropdown.input_value() != name  # the drill-down starts on another ward
    page.mouse.click(*_find_tile(page, name))
    expect(dropdown).to_have_value(name, timeout=30_000)
    _settled(page)
    assert dropdown.input_value() == name  # the same ward as the dropdown, for keyboard users
    assert _ward_activities_shown(page) == _ward_figures(code)[0]
    rows = page.get_by_test_id("stDataFrame").last.locator("[aria-rowcount]").first.get_attribute("aria-rowcount")
    assert int(rows) - 1 == _ward_figures(code)[1]  # the activities table: a header and one row per activity
    page.screenshot(path=str(ARTIFACTS / f"map-click-{code}.png"), full_page=True)
    page.close()
