"""Issue 10 #3: implausible counts (2**63, 1e308, inf, nan) are row errors; pages and exports keep working."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from services import cli
from services.core import config, strings
from services.ingest import loader
from services.render import documents
from tests.conftest import build_workbook, save_xlsx
from tests.test_pages_smoke import PAGES, _failures

GOOD = {"date": "15/01/2016", "unit": "Ban Tuyên giáo Quận ủy", "ward": "Bồ Đề", "form": "Hội nghị BCV",
        "themes": "ND1.1", "title": "Hội nghị"}  # fmt: skip
HUGE: list[dict[str, Any]] = [
    {**GOOD, "participants": 120, "quantity": 2},
    {**GOOD, "participants": 1e19},
    {**GOOD, "participants": 1e308},
    {**GOOD, "participants": "9223372036854775808"},
    {**GOOD, "participants": "1e19"},
    {**GOOD, "quantity": "inf"},
    {**GOOD, "participants": "nan"},
    {**GOOD, "quantity": 2**63},
]


@pytest.fixture
def huge_workbook(tmp_path: Path) -> Path:
    return save_xlsx(build_workbook(HUGE), tmp_path / "huge.xlsx")


def test_the_workbook_reads_one_valid_row_and_an_error_per_huge_count(huge_workbook: Path) -> None:
    plan, schema = loader.load_config()
    data = loader.read_dataset(huge_workbook, plan, schema)
    assert (data.read, data.valid, data.errors) == (8, 1, 7)
    assert sorted(p.row for p in data.problems if p.code == "count_implausible") == list(range(3, 10))
    assert data.activities[0].participants == 120


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_huge_counts(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], huge_workbook: Path, page: str
) -> None:
    use_source(huge_workbook)
    at = open_page(page, as_of=dt.date(2016, 1, 20))
    assert not at.exception, [e.value for e in at.exception]
    assert not _failures(at)
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.metric, *at.caption])
    assert not re.search(r"\d{20,}", shown), "no 309-digit totals"


def test_the_xlsx_export_holds_only_plausible_numbers(huge_workbook: Path) -> None:
    plan, schema = loader.load_config()
    data = loader.read_dataset(huge_workbook, plan, schema)
    content = documents.workbook(plan, data, data.activities, dt.date(2016, 1, 20))
    book = openpyxl.load_workbook(io.BytesIO(content))
    numbers = [c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, int | float)]
    assert numbers and all(math.isfinite(n) and abs(n) <= 1_000_000 for n in numbers)
    problems = book[strings.t("xlsx_problems")]
    texts = " ".join(str(c.value) for r in problems.iter_rows() for c in r if c.value)
    assert "1e+308" in texts and "max_participants" in texts


def test_brief_xlsx_on_huge_counts_exits_0(huge_workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.xlsx"
    status = cli.main(["brief", "--format", "xlsx", "--source", str(huge_workbook), "--as-of", "2016-01-20",
                       "--out", str(out)])  # fmt: skip
    assert status == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames


def test_the_bounds_are_in_the_shipped_settings() -> None:
    settings = config.load_settings()
    assert (settings.max_participants, settings.max_quantity) == (1_000_000, 1_000_000)
