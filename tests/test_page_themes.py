"""The theme checklist page (AppTest): its figures are services.figures.metrics' for the chosen date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.core import strings
from services.core.config import Plan
from services.figures import metrics, tables
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import DEMO, SCHEMA
from ui import widgets

PAGE = "pages/themes.py"
DAYS = [dt.date(2016, 1, 15), dt.date(2016, 1, 25), dt.date(2016, 2, 10)]


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _expander_for(at: Any, code: str) -> Any:
    marker = f"**{widgets.md_escape(code)}**"
    return next(e for e in at.expander if marker in e.label)


@pytest.mark.parametrize("day", DAYS)
def test_figures_equal_metrics(open_page: Callable[..., Any], demo: Dataset, plan: Plan, day: dt.date) -> None:
    at = open_page(PAGE, as_of=day)
    assert not at.exception
    statuses = metrics.theme_status(plan, metrics.counted(demo.activities, day), day)
    values = [m.value for m in at.metric]
    assert values[0] == f"{sum(s.covered for s in statuses.values())}/{len(plan.themes)}"
    assert values[1] == str(sum(s.overdue for s in statuses.values()))
    headings = [h.value for h in at.subheader]
    for key in ["truoc", "trong", "sau", "all"]:
        mine = [s for s in statuses.values() if s.phase == key]
        label = tables.phase_label(plan, key)
        assert f"{label} · {sum(s.covered for s in mine)}/{len(mine)}" in headings
    for code, status in statuses.items():
        label = _expander_for(at, code).label
        assert strings.t("th_count", n=status.activities) in label
        word = "theme_covered" if status.covered else "theme_overdue" if status.overdue else None
        if word:
            assert strings.t(word) in label


def test_as_of_changes_the_checklist(open_page: Callable[..., Any]) -> None:
    early = [m.value for m in open_page(PAGE, as_of=dt.date(2016, 1, 15)).metric]
    late = [m.value for m in open_page(PAGE, as_of=dt.date(2016, 2, 10)).metric]
    assert early != late


def test_an_open_theme_lists_the_activities_that_count(
    open_page: Callable[..., Any], demo: Dataset, plan: Plan
) -> None:
    day = dt.date(2016, 1, 25)
    at = open_page(PAGE, as_of=day)
    at.session_state["theme_ND1.1"] = True  # the user opens the expander
    at.run()
    counted = metrics.counted(demo.activities, day)
    expected = metrics.theme_status(plan, counted, day)["ND1.1"].activities
    assert expected > 0
    frames = _expander_for(at, "ND1.1").dataframe
    assert len(frames) == 1 and len(frames[0].value) == expected
    assert set(frames[0].value[strings.t("tbl_themes")].str.contains("ND1.1")) == {True}


def test_empty_workbook_shows_a_friendly_checklist(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path, plan: Plan
) -> None:
    use_source(empty_workbook)
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert at.metric[0].value == f"0/{len(plan.themes)}"
    assert at.info  # "no activity counted yet"
    assert len(at.expander) == len(plan.themes)


def test_english(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Theme checklist"
    assert at.metric[0].label == "All themes"
