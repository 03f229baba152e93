"""The meeting screen in a real browser: one 1280×720 screen, no scrolling, prints on one page."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from services.core import config
from services.figures import metrics
from services.ingest import loader
from tests.browser.conftest import ARTIFACTS
from tests.conftest import reports_value

pytestmark = pytest.mark.browser

DAYS = [None, "2016-01-25", "2016-02-10"]  # None: the demo's own date


def _figures(day: dt.date) -> list[str]:
    plan, schema = loader.load_config()
    summary = metrics.summary(plan, loader.read_dataset(loader.default_source(), plan, schema), day)
    wards, themes = summary["wards"].values(), summary["themes"].values()
    reports = list(summary["reports"].values())
    return [
        f"{sum(summary['forms'].values()):,}".replace(",", "."),
        f"{sum(1 for w in wards if w['activities'])}/{len(wards)}",
        f"{sum(1 for t in themes if t['covered'])}/{len(themes)}",
        reports_value(reports, day, plan.report_deadline),  # no "0/14" before the deadline
    ]


def _open(browser: object, server: str, day: str | None) -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    page.goto(server)  # the app's own navigation first (see the report: direct page links on a fresh server)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    page.goto(f"{server}/meeting" + (f"?ngay={day}" if day else ""))
    page.locator(".st-key-meeting_themes").wait_for(timeout=30_000)
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for()
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    return page


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_everything_on_one_screen(browser: object, server: str, day: str | None) -> None:
    page = _open(browser, server, day)
    shown = dt.date.fromisoformat(day) if day else config.load_settings().demo_as_of
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert values == _figures(shown)
    overflow = page.evaluate(
        "(() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return [m.scrollHeight - m.clientHeight, document.scrollingElement.scrollHeight - innerHeight]; })()"
    )
    assert overflow[0] <= 1 and overflow[1] <= 1, f"the meeting screen scrolls by {overflow} px"
    boxes = [b.bounding_box() for b in page.get_by_test_id("stDownloadButton").all()]
    assert len(boxes) == 3 and all(b["y"] + b["height"] <= 720 for b in boxes)
    page.screenshot(path=str(ARTIFACTS / f"meeting-1280x720-{day or 'demo'}.png"))
    page.close()


def test_prints_on_one_landscape_page_without_controls(browser: object, server: str, tmp_path: Path) -> None:
    page = _open(browser, server, "2016-02-10")
    out = tmp_path / "meeting.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.st-key-meeting_downloads', '[data-testid=\"stSidebar\"]']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    page.close()
    assert hidden == ["none", "none"]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info


def test_pdf_download_button_serves_the_brief(browser: object, server: str) -> None:
    page = _open(browser, server, None)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stDownloadButton").first.click()
    path = download.value.path()
    assert download.value.suggested_filename == "ban-tin-hop-nhanh-kh-17-kh-qu-2016-01-15.pdf"
    assert Path(path).read_bytes().startswith(b"%PDF")
    page.close()
