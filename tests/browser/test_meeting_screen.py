"""The meeting screen in a real browser: one screen, no scrolling, every alert in full, prints on one page."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from services.core import config, strings
from services.figures import brief, metrics
from services.ingest import loader
from tests.browser.conftest import ARTIFACTS
from tests.conftest import reports_value

pytestmark = pytest.mark.browser

DAYS = [None, "2016-01-24", "2016-02-10"]  # None: the demo's own date
SCREENS = [(1280, 720), (1024, 768)]


def _data() -> tuple[object, object]:
    plan, schema = loader.load_config()
    return plan, loader.read_dataset(loader.default_source(), plan, schema)


def _figures(day: dt.date) -> list[str]:
    plan, data = _data()
    summary = metrics.summary(plan, data, day)
    wards, themes = summary["wards"].values(), summary["themes"].values()
    reports = list(summary["reports"].values())
    return [
        f"{sum(summary['forms'].values()):,}".replace(",", "."),
        f"{sum(1 for w in wards if w['activities'])}/{len(wards)}",
        f"{sum(1 for t in themes if t['covered'])}/{len(themes)}",
        reports_value(reports, day, plan.report_deadline),  # no "0/14" before the deadline
    ]


def _open(browser: object, server: str, day: str | None, size: tuple[int, int] = (1280, 720)) -> object:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, locale="vi-VN")
    page.goto(server)  # the app's own navigation first (see the report: direct page links on a fresh server)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    page.goto(f"{server}/meeting" + (f"?ngay={day}" if day else ""))
    page.locator(".st-key-meeting_themes").wait_for(timeout=30_000)
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for()
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(500)  # the chart settles its height
    return page


def _check_one_screen(page: object, day: dt.date, size: tuple[int, int]) -> None:
    """No scroll either way, no metric value cut, every alert's sentence and first names visible."""
    overflow = page.evaluate(
        "(() => { const m = document.querySelector('[data-testid=\"stMain\"]'); const d = document.scrollingElement;"
        " return [m.scrollHeight - m.clientHeight, d.scrollHeight - innerHeight, d.scrollWidth - innerWidth,"
        " m.scrollWidth - m.clientWidth]; })()"
    )
    assert all(v <= 1 for v in overflow), f"the meeting screen scrolls by {overflow} px at {size}"
    clipped = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricValue] *')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"
    )
    assert clipped == [], f"metric values cut at {size}: {clipped}"
    assert page.get_by_test_id("stMetricValue").all_inner_texts() == _figures(day)
    plan, data = _data()
    made = brief.build(plan, data.activities, data.reports, day)
    alerts_box = page.locator(".st-key-meeting_alerts")
    shown = " ".join(alerts_box.inner_text().split())
    for alert in made.alerts:
        names = brief.name_list(alert.names)
        listed = ", ".join(names.shown)
        expected = f"{alert.head}: {names.prefix + ': ' if names.prefix else ''}{listed}"
        assert expected in shown, expected
        if names.hidden:
            assert f"+{len(names.hidden)}" in shown
    assert strings.t("brief_no_alerts") in shown if not made.alerts else True
    box = alerts_box.bounding_box()
    assert box["y"] + box["height"] <= size[1], "the last alert is below the screen"
    fresh = page.get_by_text("dữ liệu lúc", exact=False)
    assert fresh.count() == 1 and fresh.is_visible()
    boxes = [b.bounding_box() for b in page.get_by_test_id("stDownloadButton").all()]
    assert len(boxes) == 3 and all(b["y"] + b["height"] <= size[1] for b in boxes)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_everything_on_one_screen(browser: object, server: str, day: str | None, size: tuple[int, int]) -> None:
    page = _open(browser, server, day, size)
    shown = dt.date.fromisoformat(day) if day else config.load_settings().demo_as_of
    page.screenshot(path=str(ARTIFACTS / f"meeting-{size[0]}x{size[1]}-{day or 'demo'}.png"))
    _check_one_screen(page, shown, size)
    page.close()


def test_fits_1366x768_with_the_sidebar_open(browser: object, server: str) -> None:
    page = _open(browser, server, "2016-02-10", (1366, 768))
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarContent").wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "meeting-1366x768-sidebar.png"))
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    assert sidebar["width"] > 200 and sidebar["x"] >= 0
    _check_one_screen(page, dt.date(2016, 2, 10), (1366, 768))
    page.close()


def test_plus_n_opens_the_whole_list(browser: object, server: str) -> None:
    page = _open(browser, server, "2016-02-10", (1024, 768))
    plan, data = _data()
    made = brief.build(plan, data.activities, data.reports, dt.date(2016, 2, 10))
    cut = [a for a in made.alerts if brief.name_list(a.names).hidden]
    assert cut, "the demo at 10/02/2016 has an alert with more names than the screen shows"
    hidden = brief.name_list(cut[0].names).hidden
    page.locator(".st-key-meeting_alerts").get_by_role("button", name=f"+{len(hidden)}").first.click()
    popover = page.get_by_test_id("stPopoverBody")
    popover.wait_for()
    for name in cut[0].names:
        assert name in popover.inner_text()
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
