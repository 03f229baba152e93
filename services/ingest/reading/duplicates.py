"""Probable duplicates: a later activity with the same unit, date, title and wards as an earlier one.

A double submit, or a row typed twice by two people, counts the same activity
twice. The reader cannot know, so it warns on the later copy and names the
first row; a person decides. Titles match up to case, spacing and Unicode form
(folding accents as well costs seconds on 100k distinct titles), wards in any
order, and titles are compared only where unit, date and wards repeat.
"""

from __future__ import annotations

import collections
import functools
import unicodedata
from collections.abc import Sequence
from typing import Any

from services.core import text
from services.core.config import Tab
from services.ingest.reading.records import Problem

_nfc = functools.partial(unicodedata.normalize, "NFC")


def later_copies(
    rows: Sequence[int],
    units: Sequence[str | None],
    unit_texts: Sequence[str],
    dates: Sequence[Any],
    wards: Sequence[tuple[str, ...]],
    district_wide: Sequence[bool],
    titles: Sequence[str],
) -> list[tuple[int, int]]:
    """(index, sheet row of the first copy) for every later copy, in order.

    The arguments are the valid activities' fields column by column (``Activity.row``,
    ``.unit``, ``.unit_text``, ``.date``, ``.wards``, ``.district_wide``, ``.title``).
    """
    unit_keys = [unit or text.key(shown) for unit, shown in zip(units, unit_texts, strict=True)]
    ward_keys = [w if len(w) < 2 else tuple(sorted(w)) for w in wards]
    events = list(zip(unit_keys, dates, ward_keys, district_wide, strict=True))
    repeated = {event for event, count in collections.Counter(events).items() if count > 1}
    candidates = [n for n, event in enumerate(events) if event in repeated]
    chosen = [titles[n] for n in candidates]
    distinct = list(set(chosen))  # a title typed again and again is folded once
    folded_of = dict(zip(distinct, map(" ".join, map(str.split, map(str.casefold, map(_nfc, distinct)))), strict=True))
    folded = map(folded_of.__getitem__, chosen)
    candidate_rows = [rows[n] for n in candidates]
    seen: dict[tuple[Any, ...], int] = {}
    firsts = map(seen.setdefault, zip((events[n] for n in candidates), folded, strict=True), candidate_rows)
    return [(n, first) for n, first, row in zip(candidates, firsts, candidate_rows, strict=True) if first != row]


def notices(columns: list[list[Any]], tab: Tab) -> list[Problem]:
    """A notice naming the first row on every later copy; both stay counted.

    ``columns`` are the valid activities' fields in ``Activity``'s order. A notice, not a warning:
    the contract's warnings (and ``rows.warnings``) are the cell rules of docs/reading-contract.md §2;
    a possible double entry is for a person to check on the data-quality page.
    """
    column = tab.column("title").header
    rows, _, dates, units, unit_texts, wards, district_wide, _, _, titles = columns[:10]
    return [
        Problem(tab.title, rows[n], column, "notice", "probable_duplicate", {"first_row": first})
        for n, first in later_copies(rows, units, unit_texts, dates, wards, district_wide, titles)
    ]
