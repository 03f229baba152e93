"""The activity log page (AppTest): counted activities, search, filters, text shown as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from services.core import strings
from services.core.config import Plan
from services.figures import filters, metrics
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import DEMO, SCHEMA, build_workbook, save_xlsx

PAGE = "pages/log.py"


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _table(at: Any) -> pd.DataFrame:
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


@pytest.mark.parametrize("day", [dt.date(2016, 1, 15), dt.date(2016, 2, 4)])
def test_lists_the_counted_activities(open_page: Callable[..., Any], demo: Dataset, day: dt.date) -> None:
    at = open_page(PAGE, as_of=day)
    assert not at.exception
    counted = metrics.counted(demo.activities, day)
    table = _table(at)
    assert len(table) == len(counted)
    assert sorted(table[strings.t("tbl_row")]) == sorted(a.row for a in counted)
    assert table[strings.t("tbl_date")].max() <= pd.Timestamp(day)
    assert f"{len(counted)}/{len(counted)}" in at.main.caption[-1].value
    assert at.get("download_button")


def test_later_activities_on_request(open_page: Callable[..., Any], demo: Dataset) -> None:
    at = open_page(PAGE, as_of=dt.date(2016, 1, 15))
    at.toggle(key="log_later").set_value(True).run()
    assert len(_table(at)) == demo.valid


def test_search_finds_without_diacritics(open_page: Callable[..., Any], demo: Dataset, plan: Plan) -> None:
    at = open_page(PAGE)
    total = len(_table(at))
    at.text_input(key="log_query").set_value("bo de").run()
    table = _table(at)
    assert 0 < len(table) < total
    texts = table[strings.t("tbl_title")] + table[strings.t("tbl_unit")] + table[strings.t("tbl_wards")]
    texts += table[strings.t("tbl_notes")]
    assert texts.str.contains("Bồ Đề").all()
    counted = metrics.counted(demo.activities, dt.date(2016, 1, 15))
    assert len(table) == len(filters.search(plan, counted, "bo de"))


@pytest.mark.parametrize(
    ("widget", "choice", "column", "needle"),
    [
        (1, ["00139"], "tbl_wards", "Bồ Đề"),
        (2, ["co_dong_truc_quan"], "tbl_form", "Cổ động trực quan"),
        (3, [filters.OTHER], "tbl_unit", None),
    ],
)
def test_filters(
    open_page: Callable[..., Any], demo: Dataset, plan: Plan, widget: int, choice: list, column: str, needle: str | None
) -> None:
    at = open_page(PAGE)
    at.main.multiselect[widget].set_value(choice).run()
    table = _table(at)
    counted = metrics.counted(demo.activities, dt.date(2016, 1, 15))
    kw = {"wards": choice} if widget == 1 else {"forms": choice} if widget == 2 else {"units": choice}
    assert len(table) == len(filters.by_fields(plan, counted, **kw)) > 0
    if needle:
        assert table[strings.t(column)].str.contains(needle).all()


def test_phase_filter_and_no_match(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, as_of=dt.date(2016, 1, 15))
    at.main.multiselect[0].set_value(["sau"]).run()  # nothing of `sau` counts on 15/01
    assert not at.dataframe
    assert at.info[-1].value == strings.t("log_no_match")


def test_empty_workbook(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path
) -> None:
    use_source(empty_workbook)
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert at.info[-1].value == strings.t("empty_activities")


def test_sheet_text_is_shown_as_text(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], tmp_path: Path
) -> None:
    nasty = '<img src=x onerror="alert(1)"> **đậm** [link](javascript:alert(1))'
    rows = [{"date": "10/01/2016", "unit": nasty, "ward": "Bồ Đề", "form": "Pano", "title": nasty, "notes": "=1+1"}]
    use_source(save_xlsx(build_workbook(rows), tmp_path / "nasty.xlsx"))
    at = open_page(PAGE)
    table = _table(at)
    assert table[strings.t("tbl_title")].tolist() == [nasty]
    assert table[strings.t("tbl_unit")].tolist() == [nasty]
    rendered = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "<img" not in rendered and "đậm" not in rendered


def test_english(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Activity log"
    assert "Participants" in _table(at).columns
