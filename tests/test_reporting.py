"""Report completeness (services.figures.reporting): the one definition, table-driven (deadline 04/02/2016)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from services.core.config import Plan
from services.figures import reporting
from services.ingest.reading.reader import Dataset

D = dt.date
BO_DE = "Đảng ủy phường Bồ Đề"
NGOC_LAM = "Đảng ủy phường Ngọc Lâm"
GIA_THUY = "Đảng ủy phường Gia Thụy"
EXPECTED = 14  # the default plan: the 14 ward party committees


def sent(unit: str, day: str) -> dict[str, str]:
    return {"unit": unit, "submitted": day}


@pytest.mark.parametrize(
    ("reports", "day", "counts", "before", "value", "detail"),
    [
        # before the deadline: nobody is missing, and the value is not "0/14"
        ([], D(2016, 1, 20), (0, 0, 14, 0), True, "0", "chưa đến hạn 04/02 · 0 đã nộp"),
        ([sent(BO_DE, "30/01/2016")], D(2016, 2, 1), (1, 0, 13, 0), True, "1", "chưa đến hạn 04/02 · 1 đã nộp"),
        # at the deadline: on time still possible
        ([sent(BO_DE, "04/02/2016")], D(2016, 2, 4), (1, 0, 13, 0), True, "1", "hạn nộp hôm nay 04/02 · 1 đã nộp"),
        # after it: late and missing
        (
            [sent(BO_DE, "04/02/2016"), sent(NGOC_LAM, "06/02/2016")],
            D(2016, 2, 10),
            (1, 1, 0, 12),
            False,
            "2/14",
            "1 đúng hạn · 1 muộn",
        ),
        # a report dated after the as-of day does not count yet
        (
            [sent(NGOC_LAM, "06/02/2016")],
            D(2016, 2, 5),
            (0, 0, 0, 14),
            False,
            "0/14",
            "0 đúng hạn · 0 muộn",
        ),
        # several rows for one unit: the earliest counts, once
        (
            [sent(BO_DE, "06/02/2016"), sent(BO_DE, "01/02/2016"), sent(BO_DE, "03/02/2016")],
            D(2016, 2, 10),
            (1, 0, 0, 13),
            False,
            "1/14",
            "1 đúng hạn · 0 muộn",
        ),
        (
            [sent(GIA_THUY, "07/02/2016"), sent(GIA_THUY, "08/02/2016")],
            D(2016, 2, 10),
            (0, 1, 0, 13),
            False,
            "1/14",
            None,
        ),
    ],
)
def test_completeness(
    read_rows: Callable[..., Dataset],
    plan: Plan,
    reports: list[dict[str, str]],
    day: dt.date,
    counts: tuple[int, int, int, int],
    before: bool,
    value: str,
    detail: str | None,
) -> None:
    data = read_rows([], reports)
    done = reporting.completeness(plan, data.reports, day)
    assert (done.on_time, done.late, done.pending, done.missing) == counts
    assert done.expected == EXPECTED and done.before_deadline is before
    assert done.submitted == counts[0] + counts[1]
    assert done.value() == value
    if detail is not None:
        assert done.detail() == detail
    assert done.rate == pytest.approx(100 * done.submitted / EXPECTED)
    assert done.timeliness == pytest.approx(100 * done.on_time / EXPECTED)


def test_worst_first_and_text(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    data = read_rows([], [sent(NGOC_LAM, "06/02/2016"), sent(BO_DE, "01/02/2016")])
    done = reporting.completeness(plan, data.reports, D(2016, 2, 10))
    statuses = [r.status for r in done.units]
    assert statuses == sorted(statuses, key=reporting.ORDER.__getitem__)  # missing, late, pending, on time
    assert statuses[0] == "missing" and done.units[-2].unit == NGOC_LAM and done.units[-1].unit == BO_DE
    assert done.text() == "Đã nộp báo cáo 2/14 (1 đúng hạn)"
    assert done.text("en") == "Reports submitted 2/14 (1 on time)"
    assert reporting.colour(done) == "red"
    assert reporting.percent(done.rate) == "14%"


@pytest.mark.parametrize(
    ("value", "before", "colour"),
    [
        (None, False, "gray"),
        (100.0, False, "gray"),
        (20.0, True, "gray"),
        (80.0, False, "orange"),
        (20.0, False, "red"),
    ],
)
def test_rate_colour(value: float | None, before: bool, colour: str) -> None:
    assert reporting.rate_colour(value, before) == colour


def test_nobody_expected_has_no_rate() -> None:
    done = reporting.Completeness(0, 0, 0, 0, 0, D(2016, 2, 4), D(2016, 2, 5), False, ())
    assert done.rate is None and reporting.percent(done.rate) == "—"
