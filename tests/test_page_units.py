"""The units page (AppTest): reporting rates and per-unit figures equal services.figures.metrics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from services.core import strings
from services.core.config import Plan
from services.figures import metrics, reporting
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import DEMO, SCHEMA, run_page

PAGE = "pages/units.py"
DAYS = [dt.date(2016, 1, 15), dt.date(2016, 2, 4), dt.date(2016, 2, 10)]


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _all_rows(at: Any, lang: str = "vi") -> pd.DataFrame:
    """The per-unit tables (not the table of units that have not reported)."""
    frames = [d.value for d in at.dataframe if strings.t("tbl_activities", lang) in d.value.columns]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("day", DAYS)
def test_completeness_opens_the_page(open_page: Callable[..., Any], demo: Dataset, plan: Plan, day: dt.date) -> None:
    at = open_page(PAGE, as_of=day)
    assert not at.exception
    done = reporting.completeness(plan, demo.reports, day)
    shown = [(m.label, m.value, m.proto.delta) for m in at.metric]
    assert shown == [
        (strings.t("rep_label"), done.value(), done.detail()),
        (strings.t("rep_rate"), reporting.percent(done.rate), done.share(done.submitted)),
        (strings.t("rep_timeliness"), reporting.percent(done.timeliness), done.share(done.on_time)),
    ]
    # Up to the deadline a 0% rate is not a failure: both rates say it is not due yet (or due today).
    due = {"chưa đến hạn": day < plan.report_deadline, "hạn nộp hôm nay": day == plan.report_deadline}
    for words, expected in due.items():
        assert [delta.endswith(f"· {words}") for _, _, delta in shown[1:]] == [expected] * 2
    assert shown[1][2].startswith(f"{done.submitted}/{done.expected} đơn vị")
    first = at.dataframe[0].value  # the units that have not reported, worst first
    order = [strings.t(f"report_{s}") for s in ("missing", "late", "pending")]
    statuses = list(first[strings.t("tbl_report")])
    assert statuses == sorted(statuses, key=order.index)
    assert len(first) == done.expected - done.on_time
    assert set(first[strings.t("tbl_unit")]) == {r.unit for r in done.units if r.status != "on_time"}


@pytest.mark.parametrize("day", [dt.date(2016, 1, 24), dt.date(2016, 2, 4), dt.date(2016, 2, 10)])
def test_overview_meeting_and_units_agree(demo: Dataset, plan: Plan, day: dt.date) -> None:
    """The reports figure is the same label, value and detail on three pages: the one definition."""
    done = reporting.completeness(plan, demo.reports, day)
    wanted = (strings.t("rep_label"), done.value(), done.detail())
    for page in ("pages/overview.py", "pages/meeting.py", PAGE):
        at = run_page(page, as_of=day)
        assert not at.exception, page
        figures = [(m.label, m.value, m.proto.delta) for m in at.metric if m.label == wanted[0]]
        assert figures == [wanted], page
    if day < plan.report_deadline:
        assert "/" not in done.value() and "chưa đến hạn" in done.detail()


@pytest.mark.parametrize("day", DAYS)
def test_unit_tables_equal_metrics(open_page: Callable[..., Any], demo: Dataset, plan: Plan, day: dt.date) -> None:
    at = open_page(PAGE, as_of=day)
    counted = metrics.counted(demo.activities, day)
    rows = _all_rows(at)
    assert rows[strings.t("tbl_activities")].sum() == len(counted)
    assert rows[strings.t("tbl_participants")].sum() == sum(a.participants or 0 for a in counted)
    by_unit = rows.set_index(strings.t("tbl_unit"))
    for unit, report in metrics.report_status(plan, demo.reports, day).items():
        assert by_unit.loc[unit, strings.t("tbl_report")] == strings.t(f"report_{report.status}")
    per_unit = Counter(a.unit for a in counted if a.unit)
    for unit in plan.units:
        assert by_unit.loc[unit.name, strings.t("tbl_activities")] == per_unit[unit.name]


def test_groups_show_their_tasks_and_other_units(open_page: Callable[..., Any], plan: Plan) -> None:
    at = open_page(PAGE, as_of=dt.date(2016, 2, 10))
    headings = [s.value for s in at.subheader]
    assert [g.label for g in plan.unit_groups] == [h for h in headings if h in {g.label for g in plan.unit_groups}]
    assert strings.t("other_unit") in headings  # the demo has a row from "Hội Nông dân quận"
    tasks = " ".join(m.value for m in at.markdown)
    assert "Báo cáo kết quả về Quận" in tasks


def test_group_filter_narrows_the_page(open_page: Callable[..., Any], demo: Dataset, plan: Plan) -> None:
    day = dt.date(2016, 1, 25)
    at = open_page(PAGE, as_of=day)
    at.sidebar.multiselect(key="f_groups").set_value(["co_so_dang"]).run()
    rows = _all_rows(at)
    assert len(rows) == 14
    wards = {u.name for u in next(g for g in plan.unit_groups if g.key == "co_so_dang").units}
    expected = sum(1 for a in demo.activities if a.date <= day and a.unit in wards)
    assert rows[strings.t("tbl_activities")].sum() == expected
    assert at.info  # the page says it is filtered


def test_empty_workbook(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path, plan: Plan
) -> None:
    use_source(empty_workbook)
    at = open_page(PAGE)
    assert not at.exception and not at.error
    done = reporting.completeness(plan, [], dt.date.today())
    assert at.metric[0].value == done.value() == f"0/{len(plan.expected_reporters)}"  # today is past the deadline
    assert _all_rows(at)[strings.t("tbl_activities")].sum() == 0
    assert at.info


def test_english(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Units"
    assert strings.t("tbl_report", "en") in _all_rows(at, "en").columns
