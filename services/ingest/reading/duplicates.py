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
from typing import Any, Protocol

from services.core import text


class _Activity(Protocol):  # services.ingest.reading.records.Activity, read-only
    @property
    def row(self) -> int: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def unit_text(self) -> str: ...
    @property
    def date(self) -> Any: ...
    @property
    def wards(self) -> tuple[str, ...]: ...
    @property
    def district_wide(self) -> bool: ...
    @property
    def title(self) -> str: ...


def _same_event(activity: _Activity) -> tuple[Any, ...]:
    wards = activity.wards if len(activity.wards) < 2 else tuple(sorted(activity.wards))
    return activity.unit or text.key(activity.unit_text), activity.date, wards, activity.district_wide


_nfc = functools.partial(unicodedata.normalize, "NFC")


def later_copies(activities: Sequence[_Activity]) -> list[tuple[int, int]]:
    """(index in ``activities``, sheet row of the first copy) for every later copy, in order."""
    events = list(map(_same_event, activities))
    repeated = {event for event, count in collections.Counter(events).items() if count > 1}
    candidates = [n for n, event in enumerate(events) if event in repeated]
    titles = map(" ".join, map(str.split, map(str.casefold, map(_nfc, (activities[n].title for n in candidates)))))
    rows = [activities[n].row for n in candidates]
    seen: dict[tuple[Any, ...], int] = {}
    firsts = map(seen.setdefault, zip((events[n] for n in candidates), titles, strict=True), rows)
    return [(n, first) for n, first, row in zip(candidates, firsts, rows, strict=True) if first != row]
