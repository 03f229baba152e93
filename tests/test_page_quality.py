"""The data-quality page (AppTest): every problem listed, counts add up, links open the row."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.core import strings
from services.core.config import Plan
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import DEMO, SCHEMA
from ui import store

PAGE = "pages/quality.py"
SHEET_URL = "https://docs.google.com/spreadsheets/d/KEY/edit"


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _problems_table(at: Any, lang: str = "vi") -> Any:
    return next(d.value for d in at.dataframe if strings.t("tbl_message", lang) in d.value.columns)


def test_figures_and_every_problem(open_page: Callable[..., Any], demo: Dataset) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert [m.value for m in at.metric] == [str(demo.read), str(demo.valid), str(demo.errors), str(demo.warned)]
    assert demo.read == demo.valid + demo.errors
    table = _problems_table(at)
    assert len(table) == len(demo.problems)
    assert set(table[strings.t("tbl_sheet")]) == {"Hoạt động", "Báo cáo"}  # both tabs
    assert strings.t("tbl_open") not in table.columns  # a local workbook: no sheet links
    wrong_ward = table[table[strings.t("tbl_message")].str.contains("Bo Dde")].iloc[0]
    assert wrong_ward[strings.t("tbl_suggestion")] == "Bồ Đề"
    counts = [d.value for d in at.dataframe if strings.t("tbl_errors") in d.value.columns]
    errors = sum(p.severity == "error" for p in demo.problems)
    assert [int(c[strings.t("tbl_errors")].sum()) for c in counts] == [errors, errors]
    assert at.get("download_button")


@pytest.mark.parametrize(
    ("widget", "choice", "keep"),
    [
        (1, ["error"], lambda p: p.severity == "error"),
        (1, ["warning"], lambda p: p.severity == "warning"),
        (0, ["Báo cáo"], lambda p: p.sheet == "Báo cáo"),
        (2, ["Ngày"], lambda p: p.column == "Ngày"),
    ],
)
def test_filters(open_page: Callable[..., Any], demo: Dataset, widget: int, choice: list, keep: Callable) -> None:
    at = open_page(PAGE)
    at.main.multiselect[widget].set_value(choice).run()
    expected = [p for p in demo.problems if keep(p)]
    assert expected
    table = _problems_table(at)
    assert list(table[strings.t("tbl_row")]) == [p.row for p in expected]


def test_google_sheet_rows_have_links(
    open_page: Callable[..., Any], demo: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = dataclasses.replace(demo, kind="google", url=SHEET_URL, gids={"Hoạt động": 0, "Báo cáo": 1234})
    monkeypatch.setattr(store, "dataset", lambda *args, **kw: sheet)
    table = _problems_table(open_page(PAGE))
    links = dict(zip(table[strings.t("tbl_sheet")] + ":" + table[strings.t("tbl_row")].astype(str),
                     table[strings.t("tbl_open")], strict=True))  # fmt: skip
    report_problem = next(p for p in demo.problems if p.sheet == "Báo cáo")
    assert links[f"Báo cáo:{report_problem.row}"] == f"{SHEET_URL}#gid=1234&range=A{report_problem.row}"


def test_empty_workbook(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path
) -> None:
    use_source(empty_workbook)
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert [m.value for m in at.metric] == ["0", "0", "0", "0"]
    assert at.success  # "no errors or warnings"


def test_english(open_page: Callable[..., Any]) -> None:
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Data quality"
    assert "Suggested fix" in _problems_table(at, "en").columns
