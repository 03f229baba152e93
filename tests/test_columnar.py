"""The column-wise steps of the reader and the limits agree with the per-row rules they replaced (issue 14)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.ingest.raw import RawTab
from services.ingest.reading import cells, limits, reader

_CELL = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "\t\n", "\u00a0", "x", " y ", "0"]),
    st.integers(min_value=-1, max_value=2),
    st.booleans(),
    st.sampled_from([0.0, 1.5, math.nan]),
)
_ROWS = st.lists(st.lists(_CELL, max_size=6), max_size=12)  # ragged rows, as sources without <dimension> give


@settings(max_examples=300, deadline=None)
@given(rows=_ROWS)
def test_kept_rows_are_those_with_a_non_blank_cell(rows: list[list[Any]]) -> None:
    tab = RawTab("t", [], [(n, r) for n, r in enumerate(rows, start=2)])
    numbers, columns = reader._kept(tab)
    expected = [(n, r) for n, r in tab.rows if not all(map(cells.is_blank, r))]
    assert numbers == [n for n, _ in expected]
    width = max((len(r) for _, r in expected), default=0)
    padded = [[*r, *[None] * (width - len(r))] for _, r in expected]
    assert [list(c) for c in columns[:width]] == [list(c) for c in zip(*padded, strict=True)]


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=7)), max_size=5), max_size=10))
def test_long_rows_found_in_c_are_those_found_row_by_row(rows: list[list[Any]]) -> None:
    numbered = [(n, r) for n, r in enumerate(rows, start=2)]
    expected = [i for i, (_, r) in enumerate(numbered) if any(isinstance(v, str) and len(v) > 4 for v in r)]
    assert limits._long_rows(numbered, 4) == expected


@settings(max_examples=300, deadline=None)
@given(column=st.lists(st.one_of(st.none(), st.text(max_size=5), st.integers(), st.floats(), st.booleans())))
def test_free_text_columns_read_as_parse_text_reads_each_cell(column: list[Any]) -> None:
    assert reader._texts(tuple(column)) == [cells.parse_text(v) for v in column]
