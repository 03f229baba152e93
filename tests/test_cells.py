"""Single cells: dates (day first), counts, ids (docs/reading-contract.md §2)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.ingest import cells

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
        (math.nan, (None, None)),
        ("-5", (None, "count_bad")),
        (-5, (None, "count_bad")),
        (12.5, (None, "count_bad")),
        ("12.5", (None, "count_bad")),
        ("1.20", (None, "count_bad")),
        ("1,2", (None, "count_bad")),
        ("1.200,5", (None, "count_bad")),
        ("khoảng 200", (None, "count_bad")),
        ("200 người", (None, "count_bad")),
        (math.inf, (None, "count_bad")),
        (True, (None, "count_bad")),
    ],
)
def test_parse_count(value: object, expected: tuple[int | None, str | None]) -> None:
    assert cells.parse_count(value) == expected


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
    assert cells.format_int(value, lang) == shown
