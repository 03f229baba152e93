"""Every page in a real browser at four screen sizes, on paper, and a shared link in a new browser.

One server (the session's) and one browser context per screen size: each page is opened in turn
in the same tab. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from services.core import config, strings
from tests.browser.conftest import ARTIFACTS
from ui import navigation

pytestmark = pytest.mark.browser

PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]
VIEWPORTS = [(1440, 900), (1280, 720), (1024, 768), (390, 844)]
# Known and owned elsewhere: the meeting page's headline figures at 1024 px with the sidebar open are
# issue 13 item 3 (branch board-map). Remove this entry when that fix is merged.
KNOWN = {("meeting", 1024)}

# Page-level horizontal overflow, and metric values cut by their own box.
OVERFLOW_JS = """() => {
  const root = document.scrollingElement, main = document.querySelector('[data-testid="stMain"]');
  const clipped = [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, '
    + '[data-testid="stMetricDelta"] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText);
  return {page: root.scrollWidth - root.clientWidth, main: main.scrollWidth - main.clientWidth, clipped};
}"""


def _open(page: object, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def _heading(title_key: str, lang: str = "vi") -> str:
    return strings.t(title_key, lang)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_no_page_scrolls_sideways_and_no_figure_is_cut(browser: object, server: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    problems = {}
    for path, title_key in PAGES:
        _open(page, f"{server}/{path}", _heading(title_key))
        found = page.evaluate(OVERFLOW_JS)
        page.screenshot(path=str(ARTIFACTS / f"board-{width}x{height}-{path or 'overview'}.png"))
        name = path or "overview"
        if (found["page"] > 1 or found["main"] > 1 or found["clipped"]) and (name, width) not in KNOWN:
            problems[name] = found
    context.close()
    assert problems == {}


def test_every_page_prints_without_sidebar_and_widgets(browser: object, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    page = context.new_page()
    shown = {}
    for path, title_key in PAGES:
        _open(page, f"{server}/{path}", _heading(title_key))
        page.emulate_media(media="print")
        shown[path or "overview"] = page.evaluate(
            """() => {
              const display = s => { const e = document.querySelector(s); return e && getComputedStyle(e).display; };
              const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
              const widgets = [...document.querySelectorAll('[data-testid="stMain"] .stSelectbox, '
                + '[data-testid="stMain"] .stMultiSelect, [data-testid="stMain"] .stRadio, '
                + '[data-testid="stMain"] .stTextInput')].filter(e => getComputedStyle(e).display !== 'none');
              return {sidebar: display('[data-testid="stSidebar"]'), main: main.width > 300 && main.height > 100,
                      widgets: widgets.length};
            }"""
        )
        page.emulate_media(media="screen")
    context.close()
    assert shown == {name: {"sidebar": "none", "main": True, "widgets": 0} for name in shown}


def test_a_copied_link_reopens_the_same_view_in_a_new_browser(browser: object, server: str) -> None:
    plan = config.load_plan()
    ward = list(plan.ward_names)[3]
    group = plan.unit_groups[-1]
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = first.new_page()
    query = f"ngay=2016-01-25&nhom={group.key}&phuong={ward}&chiso=participants"
    _open(page, f"{server}/map?{query}", _heading("page_map"))
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name=_heading("page_map", "en")).first.wait_for(timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    link = page.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()
    first.close()

    copied = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert urlsplit(link).path == "/map"
    assert {k: copied[k] for k in ("ngay", "nhom", "phuong", "chiso", "lang")} == {
        "ngay": ["2016-01-25"], "nhom": [group.key], "phuong": [ward], "chiso": ["participants"], "lang": ["en"],
    }  # fmt: skip
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = second.new_page()
    _open(page, link, _heading("page_map", "en"))
    sidebar = page.get_by_test_id("stSidebar")
    shown_day = sidebar.get_by_test_id("stDateInput").locator("input").input_value()
    assert shown_day in ("25/01/2016", "2016-01-25", "2016/01/25")
    assert (
        config.label(group, "en") in page.get_by_test_id("stMain").get_by_test_id("stAlert").first.inner_text()
    )  # filter note
    assert page.locator("[data-testid=stMain] .stSelectbox input").input_value() == plan.ward_names[ward]
    reopened = parse_qs(urlsplit(page.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()).query)
    page.screenshot(path=str(ARTIFACTS / "board-shared-link.png"))
    second.close()
    assert {k: v for k, v in reopened.items()} == {k: v for k, v in copied.items() if v != [""]}
