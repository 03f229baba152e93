"""Hostile cell content in a real browser: nothing executes, and the text shows literally.

A workbook built here (never committed) puts script tags, event-handler HTML,
markdown/HTML injection, a ``javascript:`` link and 5,000-character strings in
titles, units, wards, forms, themes, notes, evidence and the reports tab. The
app is pointed at it with ``DASHBOARD_SOURCE``; every page is visited in
Chromium while dialogs, page errors, console errors and failed requests are
recorded. The payloads set ``window.__xss`` if they ever run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from services.core import strings, text
from tests.browser.conftest import start_server, stop_server
from tests.conftest import build_workbook, save_xlsx
from ui import navigation

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss='script';alert(1)</script>"
IMG = "<img src=x onerror=\"window.__xss='img';alert(1)\">"
SVG = "<svg onload=\"window.__xss='svg';alert(1)\"></svg>"
MARKDOWN = "**đậm** [bấm vào](javascript:alert(1)) <b>in đậm</b> :red[đỏ] $x^2$ <a href='javascript:alert(1)'>a</a>"
LONG = "Dài" + "x" * 4997  # 5,000 characters
# (url path, title key): the overview is the default page at "/".
PAGES = [("" if i == 0 else p.stem, p.title_key) for i, p in enumerate(navigation.PAGES)]


def asked_by_a_cell(url: str) -> bool:
    """A request an injected ``<img src=x>`` or ``javascript:`` link would make.

    Other failed loads are the test's environment: the icon font's CDN (no network),
    Streamlit probing a page path for its health endpoint, an expired download file.
    """
    path = urlparse(url).path
    return path == "/x" or path.endswith("/x") or "alert" in url or url.startswith("javascript:")


def hostile_rows() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    base = {"unit": "Đảng ủy phường Bồ Đề", "ward": "Bồ Đề", "form": "Cổ động trực quan", "themes": "ND1.1"}
    activities = [
        {**base, "id": "H1", "date": "10/01/2016", "title": SCRIPT, "participants": 10,
         "evidence": "javascript:alert(1)", "entered_by": IMG, "notes": MARKDOWN},
        {**base, "id": "H2", "date": "11/01/2016", "unit": IMG, "ward": "Gia Thụy", "themes": "ND1.2, " + SVG,
         "title": IMG, "participants": 20, "notes": LONG},
        {**base, "id": "H3", "date": "12/01/2016", "unit": MARKDOWN, "ward": "Toàn quận", "title": MARKDOWN,
         "participants": 30, "evidence": SVG},
        {**base, "id": "H4", "date": "12/01/2016", "ward": SCRIPT, "form": IMG, "title": LONG},
        {**base, "id": "H5", "date": "13/01/2016", "unit": LONG, "title": LONG, "participants": SVG},
        {**base, "id": "H6", "date": "14/01/2016", "title": SVG, "entered_by": MARKDOWN, "notes": SCRIPT},
    ]  # fmt: skip
    reports = [
        {"unit": "Đảng ủy phường Bồ Đề", "submitted": "01/02/2016", "evidence": SCRIPT, "notes": IMG},
        {"unit": SCRIPT, "submitted": "02/02/2016", "notes": MARKDOWN},
    ]
    return activities, reports


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    activities, reports = hostile_rows()
    path = save_xlsx(build_workbook(activities, reports), tmp_path_factory.mktemp("hostile") / "hostile.xlsx")
    base, process = start_server({"DASHBOARD_SOURCE": str(Path(path))})
    yield base
    stop_server(process)


def _settle(page: object, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    # A table is drawn on a canvas; its cells are also in the DOM (for screen readers) once drawn.
    page.wait_for_function(
        "Array.from(document.querySelectorAll('[data-testid=stDataFrame]')).every(t => t.querySelector('td'))",
        timeout=30_000,
    )


# Everything in the DOM as text, including the grid's accessible cells that a canvas draws.
ALL_TEXT = "document.body.textContent"
INJECTED = """() => ({
    xss: window.__xss ?? null,
    img: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svg: document.querySelectorAll('svg[onload]').length,
    scripts: Array.from(document.scripts).filter(s => (s.textContent || '').includes('__xss')).length,
    js_links: document.querySelectorAll('a[href^="javascript:" i]').length,
    bold: Array.from(document.querySelectorAll('b, strong')).filter(e => e.textContent.includes('đậm')).length,
})"""


def test_hostile_cells_never_execute_and_show_literally(browser: object, hostile_server: str) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="vi-VN")
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    console: list[str] = []
    failed: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    seen = ""
    for path, title_key in PAGES:
        _settle(page, f"{hostile_server}/{path}", strings.t(title_key, "vi"))
        assert not page.get_by_test_id("stException").count(), f"exception on /{path}"
        injected = page.evaluate(INJECTED)
        assert injected == {"xss": None, "img": 0, "svg": 0, "scripts": 0, "js_links": 0, "bold": 0}, path
        seen += page.evaluate(ALL_TEXT)
    context.close()
    assert dialogs == []
    assert errors == []
    # The only console errors are failed loads, and none of them was asked for by a cell.
    assert all(text.startswith("Failed to load resource") for text in console), console
    assert [url for url in failed if asked_by_a_cell(url)] == []
    for payload in (SCRIPT, IMG, SVG, MARKDOWN, LONG):  # in table cells and problem messages, as typed
        assert payload in seen, f"not shown literally: {payload[:40]}"


# ---------------------------------------------------------------- hostile links (issue 10)

LINK = "[Phiên đã hết hạn, bấm để đăng nhập lại](http://evil.example/login)"
MATH = "$x^2$ **bold** _nghiêng_"
LINK_PAYLOADS = [LINK, MATH, MARKDOWN, SCRIPT, "http://evil.example/a www.evil.example ai@evil.example"]
RENDERED = """() => ({
    xss: window.__xss ?? null,
    evil_links: document.querySelectorAll('a[href*="evil"], a[href^="javascript:" i], img[src*="evil"]').length,
    math: document.querySelectorAll('.katex, math').length,
    emphasis: Array.from(document.querySelectorAll('b, strong, em, i'))
        .filter(e => /bold|nghiêng|đậm|bấm/.test(e.textContent)).length,
    red: document.querySelectorAll('[data-testid="stAlert"] span[style*="color"]').length,
})"""


@pytest.mark.parametrize("payload", LINK_PAYLOADS)
def test_hostile_query_parameters_show_as_text_on_every_page(
    browser: object, hostile_server: str, payload: str
) -> None:
    from urllib.parse import urlencode

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # ?ngay= is the only parameter the app reads; any other one must be ignored, not shown.
    query = urlencode({"ngay": payload, "x": payload, "lang": payload, "page": payload})
    for path, title_key in PAGES:
        _settle(page, f"{hostile_server}/{path}?{query}", strings.t(title_key, "vi"))
        assert not page.get_by_test_id("stException").count(), f"exception on /{path}"
        assert page.evaluate(RENDERED) == {"xss": None, "evil_links": 0, "math": 0, "emphasis": 0, "red": 0}, path
        warning = " ".join(page.get_by_test_id("stSidebar").get_by_test_id("stAlert").all_inner_texts())
        assert payload in warning.replace(text.WORD_JOINER, ""), path  # shown as typed
    context.close()
    assert dialogs == []
