"""The overview page (AppTest): countdown, KPIs and alerts agree with services.figures.metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.core import strings
from services.core.config import Plan
from services.figures import alerts, coverage, metrics, reporting
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import run_page
from ui import widgets

ROOT = Path(__file__).resolve().parent.parent
DEMO_DAY = dt.date(2016, 1, 15)  # settings.demo_as_of: the demo opens inside the campaign


def open_overview(day: dt.date | None = None) -> AppTest:
    at = run_page("pages/overview.py", as_of=day)
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(loader.default_source(), plan, loader.load_config()[1])


def expected_metrics(plan: Plan, data: Dataset, day: dt.date) -> dict[str, str]:
    """What the page must show, computed straight from services.figures.metrics."""
    counted = metrics.counted(data.activities, day)
    wards = metrics.ward_coverage(plan, counted)
    themes = metrics.theme_status(plan, counted, day)
    done = reporting.completeness(plan, data.reports, day)
    people = sum(a.participants or 0 for a in counted)
    return {
        strings.t("kpi_activities"): str(len(counted)),
        strings.t("kpi_participants"): f"{people:,}".replace(",", "."),
        strings.t("kpi_wards"): f"{sum(1 for t in wards.values() if t.activities)}/{len(plan.wards)}",
        strings.t("kpi_themes"): f"{sum(s.covered for s in themes.values())}/{len(plan.themes)}",
        strings.t("rep_label"): done.value(),
    }


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_demo_figures_equal_metrics(plan: Plan, demo: Dataset) -> None:
    at = open_overview()
    assert at.title[0].value == strings.t("page_overview")
    assert shown_metrics(at) == expected_metrics(plan, demo, DEMO_DAY)
    upcoming = metrics.next_milestone(plan, DEMO_DAY)
    assert upcoming is not None
    assert strings.t("ov_countdown", n=upcoming.days_left) in [t.value for t in at.title]
    assert at.subheader[0].value == "Trước Đại hội"
    texts = [t.value for t in at.text]
    assert f"{upcoming.milestone.label} — 20/01/2016" in texts
    assert len(at.get("vega_lite_chart")) == 1  # the timeline


BOXES = {"error": "critical", "warning": "warning", "info": "info"}


def alert_boxes(at: AppTest) -> list[tuple[str, str]]:
    """(severity, text) of the alert boxes after the 'Cần chú ý' heading, in page order."""
    out: list[tuple[str, str]] = []
    seen_heading = False
    for node in at.main.children.values():
        if node.type == "subheader":
            seen_heading = node.value == strings.t("ov_alerts")
        elif seen_heading and node.type in BOXES:
            out.append((BOXES[node.type], node.value))
    return out


def test_alerts_are_listed_as_escaped_text_most_urgent_first(plan: Plan, demo: Dataset) -> None:
    at = open_overview()
    expected = [(a.severity, a.text) for a in alerts.compute(plan, demo.activities, demo.reports, DEMO_DAY)]
    assert expected, "the demo has gaps on purpose"
    shown = alert_boxes(at)
    assert [(sev, text.replace("\\", "")) for sev, text in shown] == expected
    assert all(text == widgets.md_escape(a) for (_, text), (_, a) in zip(shown, expected, strict=True))


@pytest.mark.parametrize("day", [dt.date(2016, 1, 2), dt.date(2016, 1, 25), dt.date(2016, 2, 4)])
def test_as_of_date_changes_the_figures(plan: Plan, demo: Dataset, day: dt.date) -> None:
    at = open_overview(day)
    assert shown_metrics(at) == expected_metrics(plan, demo, day)
    assert shown_metrics(at) != expected_metrics(plan, demo, DEMO_DAY)


def test_milestone_day_and_after_the_campaign(plan: Plan) -> None:
    at = open_overview(dt.date(2016, 1, 20))
    assert strings.t("ov_countdown_today") in [t.value for t in at.title]
    at.date_input(key="as_of").set_value(dt.date(2016, 3, 1)).run()
    assert strings.t("ov_finished") in [t.value for t in at.title]
    assert strings.t("ov_finished_on", date="04/02/2016") in [t.value for t in at.text]


def only_alert_errors(at: AppTest, plan: Plan, day: dt.date) -> bool:
    """True when every red box is a critical alert (no source or config error)."""
    critical = [widgets.md_escape(a.text) for a in alerts.compute(plan, [], [], day) if a.severity == "critical"]
    return [e.value for e in at.error] == critical


def test_empty_workbook_is_a_friendly_empty_state(
    plan: Plan, empty_workbook: Path, use_source: Callable[[Path], None]
) -> None:
    use_source(empty_workbook)
    at = open_overview(DEMO_DAY)
    assert only_alert_errors(at, plan, DEMO_DAY)
    shown = shown_metrics(at)
    assert shown[strings.t("kpi_activities")] == "0"
    assert shown[strings.t("kpi_wards")] == f"0/{len(plan.wards)}"
    assert shown[strings.t("rep_label")] == "0"  # before the deadline: nothing sent yet, not "0/14"
    assert strings.t("ov_empty", date="15/01/2016") in [i.value for i in at.info]
    decoration = next(text for _, text in alert_boxes(at) if "Cổ động trực quan" in text)
    assert f"{len(plan.wards)}/{len(plan.wards)} phường" in decoration  # every ward lacks it


def test_empty_workbook_today_shows_the_plan_has_ended(
    plan: Plan, empty_workbook: Path, use_source: Callable[[Path], None]
) -> None:
    use_source(empty_workbook)
    at = open_overview()  # not the demo: the date defaults to today, long after the plan
    assert only_alert_errors(at, plan, dt.date.today())
    assert strings.t("ov_finished") in [t.value for t in at.title]


def test_english(plan: Plan, demo: Dataset) -> None:
    at = open_overview()
    at.radio(key="lang_choice").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == strings.t("page_overview", "en")
    labels = [m.label for m in at.metric]
    assert labels == [
        strings.t(k, "en") for k in ("kpi_activities", "kpi_participants", "kpi_wards", "kpi_themes", "rep_label")
    ]
    k = coverage.kpis(plan, metrics.counted(demo.activities, DEMO_DAY), demo.reports, DEMO_DAY)
    assert at.metric[1].value == f"{k.participants:,}"
