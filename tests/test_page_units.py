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
from services.figures import metrics
from services.ingest import loader
from services.ingest.reader import Dataset
from tests.conftest import DEMO, SCHEMA

PAGE = "pages/units.py"
DAYS = [dt.date(2016, 1, 15), dt.date(2016, 2, 4), dt.date(2016, 2, 10)]


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _all_rows(at: Any) -> pd.DataFrame:
    return pd.concat([d.value for d in at.dataframe], ignore_index=True)


@pytest.mark.parametrize("day", DAYS)
def test_reporting_rates_equal_metrics(open_page: Callable[..., Any], demo: Dataset, plan: Plan, day: dt.date) -> None:
    at = open_page(PAGE, as_of=day)
    assert not at.exception
    counts = Counter(r.status for r in metrics.report_status(plan, demo.reports, day).values())
    expected = len(plan.expected_reporters)
    values = [m.value for m in at.metric]
    assert values == [
        f"{counts['on_time'] + counts['late']}/{expected}",
        f"{counts['on_time']}/{expected}",
        f"{counts['late']}/{expected}",
        f"{counts['pending'] + counts['missing']}/{expected}",
    ]


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
    assert at.metric[0].value == f"0/{len(plan.expected_reporters)}"
    assert _all_rows(at)[strings.t("tbl_activities")].sum() == 0
    assert at.info


def test_english(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Units"
    assert strings.t("tbl_report", "en") in _all_rows(at).columns
