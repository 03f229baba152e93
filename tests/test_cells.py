"""Single cells: dates (day first), counts, ids (docs/reading-contract.md §2)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core import text
from services.ingest.reading import cells

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/02/2016", D(2016, 2, 1)),  # day first: 1 February, never 2 January
        ("1/2/2016", D(2016, 2, 1)),  # d/m/yyyy
        ("15/01/2016", D(2016, 1, 15)),
        (" 15/01/2016 ", D(2016, 1, 15)),
        ("15-01-2016", D(2016, 1, 15)),  # dd-mm-yyyy
        ("15.01.2016", D(2016, 1, 15)),  # dd.mm.yyyy
        ("5.1.2016", D(2016, 1, 5)),
        ("2016-01-15", D(2016, 1, 15)),  # ISO
        ("2016-1-5", D(2016, 1, 5)),
        (D(2016, 1, 15), D(2016, 1, 15)),  # a real date cell
        (dt.datetime(2016, 1, 15, 23, 59), D(2016, 1, 15)),  # a real datetime cell
        (42384, D(2016, 1, 15)),  # serial number (days since 1899-12-30)
        (42384.0, D(2016, 1, 15)),
        (42384.75, D(2016, 1, 15)),  # serial with a time fraction
        ("42384", D(2016, 1, 15)),  # serial as text, as a CSV export gives it
        ("42384.5", D(2016, 1, 15)),
        (42368, D(2015, 12, 30)),
        (42404, D(2016, 2, 4)),
    ],
)
def test_parse_date_accepts(value: object, expected: dt.date) -> None:
    assert cells.parse_date(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("31/02/2016", "date_impossible"),
        ("29/02/2015", "date_impossible"),
        ("32/01/2016", "date_impossible"),
        ("15/13/2016", "date_impossible"),
        ("00/01/2016", "date_impossible"),
        ("2016-02-30", "date_impossible"),
        ("15/01/16", "date_bad"),  # two-digit year: not a listed format
        ("15/01-2016", "date_bad"),  # mixed separators
        ("2016/01/15", "date_bad"),
        ("15 tháng 1 năm 2016", "date_bad"),
        ("Jan 15, 2016", "date_bad"),
        ("15/01/2016 08:00", "date_bad"),
        ("hôm qua", "date_bad"),
        ("-5", "date_bad"),
        (0, "date_bad"),
        (-3, "date_bad"),
        (math.inf, "date_bad"),
        (-math.inf, "date_bad"),
        (10**400, "date_bad"),
        (1e300, "date_bad"),
        (True, "date_bad"),
        (dt.time(10, 30), "date_bad"),
        (None, "date_empty"),
        ("", "date_empty"),
        ("   ", "date_empty"),
        (math.nan, "date_empty"),
    ],
)
def test_parse_date_rejects(value: object, error: str) -> None:
    assert cells.parse_date(value) == (None, error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.200", (1200, None)),
        ("1,200", (1200, None)),
        ("1.200.000", (1200000, None)),
        ("1200", (1200, None)),
        (" 45 ", (45, None)),
        ("0", (0, None)),
        (1200, (1200, None)),
        (1200.0, (1200, None)),
        (0, (0, None)),
        (None, (None, None)),
        ("", (None, None)),
        ("-5", (None, "count_bad")),
        (-5, (None, "count_bad")),
        (12.5, (None, "count_bad")),
        ("12.5", (None, "count_bad")),
        ("1.20", (None, "count_bad")),
        ("1,2", (None, "count_bad")),
        ("1.200,5", (None, "count_bad")),
        ("khoảng 200", (None, "count_bad")),
        ("200 người", (None, "count_bad")),
        ("1e3", (None, "count_bad")),  # scientific text of a plausible size stays a malformed count
        (True, (None, "count_bad")),
    ],
)
def test_parse_count(value: object, expected: tuple[int | None, str | None]) -> None:
    assert cells.parse_count(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_000_000, (1_000_000, None)),  # the bound itself is plausible
        ("1.000.000", (1_000_000, None)),
        (1_000_000.0, (1_000_000, None)),
        (1_000_001, (None, "count_implausible")),
        ("1000001", (None, "count_implausible")),
        ("1.000.001", (None, "count_implausible")),
        (1e19, (None, "count_implausible")),  # >= 2**63: broke every page and export
        (1e308, (None, "count_implausible")),
        (1e7 + 0.5, (None, "count_implausible")),
        (9_223_372_036_854_775_808, (None, "count_implausible")),
        ("9223372036854775808", (None, "count_implausible")),
        ("1e19", (None, "count_implausible")),
        ("1E308", (None, "count_implausible")),
        ("-1e19", (None, "count_implausible")),
        ("inf", (None, "count_implausible")),
        ("Infinity", (None, "count_implausible")),
        ("-inf", (None, "count_implausible")),
        ("nan", (None, "count_implausible")),
        (math.inf, (None, "count_implausible")),
        (-math.inf, (None, "count_implausible")),
        (math.nan, (None, "count_implausible")),  # a NaN number is not an empty cell
        ("-5", (None, "count_bad")),
        ("1e3", (None, "count_bad")),
        ("", (None, None)),
    ],
)
def test_parse_count_bounds(value: object, expected: tuple[int | None, str | None]) -> None:
    assert cells.parse_count(value, 1_000_000) == expected


@given(st.integers(min_value=0, max_value=10**40), st.integers(min_value=1, max_value=10**12))
def test_a_whole_number_counts_exactly_when_within_the_bound(number: int, bound: int) -> None:
    expected = (number, None) if number <= bound else (None, "count_implausible")
    assert cells.parse_count(number, bound) == expected
    assert cells.parse_count(str(number), bound) == expected
    assert cells.parse_count(f"{number:,}", bound) == expected


@given(st.one_of(st.text(), st.floats(), st.integers()), st.integers(min_value=1, max_value=10**12))
def test_a_count_within_bounds_is_never_above_the_bound(value: object, bound: int) -> None:
    number, error = cells.parse_count(value, bound)
    assert (number is None) or (0 <= number <= bound and error is None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1e308, "1e+308"), (1e19, "1e+19"), (10**400, "1.000e+400"), ("1e19", "1e19"), (1_000_001, "1000001")],
)
def test_messages_show_huge_numbers_short(value: object, shown: str) -> None:
    assert cells.show_number(value) == shown


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, "7"), (7.0, "7"), ("7", "7"), (" A-01 ", "A-01"), ("", None), (None, None), (math.nan, None)],
)
def test_parse_id(value: object, expected: str | None) -> None:
    assert cells.parse_id(value) == expected


@pytest.mark.parametrize(("day", "shown"), [(D(2016, 2, 1), "01/02/2016"), (D(2015, 12, 29), "29/12/2015"), (None, "")])
def test_format_date_is_day_first(day: dt.date | None, shown: str) -> None:
    assert cells.format_date(day) == shown


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(2100, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: dt.date) -> None:
    serial = (day - cells.SERIAL_EPOCH).days
    for form in (
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        serial,
        float(serial) + 0.25,
        str(serial),
    ):
        assert cells.parse_date(form) == (day, None), form


@given(st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.datetimes()))
def test_parsers_never_crash(value: object) -> None:
    day, error = cells.parse_date(value)
    assert (day is None) != (error is None)
    number, error = cells.parse_count(value)
    assert number is None or (isinstance(number, int) and number >= 0 and error is None)
    assert isinstance(cells.parse_text(value), str)


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [(0, "vi", "0"), (12, "vi", "12"), (7060, "vi", "7.060"), (7060, "en", "7,060"), (17120, "vi", "17.120"),
     (1234567, "vi", "1.234.567"), (1234567, "en", "1,234,567"), (-4500, "vi", "-4.500")],
)  # fmt: skip
def test_format_int_groups_thousands_the_way_each_language_writes_them(value: int, lang: str, shown: str) -> None:
    assert text.format_int(value, lang) == shown
