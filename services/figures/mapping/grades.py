"""Graded classes for a map: a few ranges of values, each drawn in one shade.

Plain data. Zero means "nothing yet" and is never a class of its own here: the
map gives it the no-data colour. Positive values are split into at most
``MAX_CLASSES`` quantile classes (about the same number of wards in each), so
the weakest few always share the palest shade whatever the spread of values;
ties always share a class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_CLASSES = 5


@dataclass(frozen=True)
class Grade:
    """One class: values from ``low`` to ``high`` (inclusive), ``index`` 0 the lowest."""

    index: int
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def grades(values: Iterable[float], classes: int = MAX_CLASSES) -> list[Grade]:
    """Quantile classes of the positive ``values`` (empty when none is positive)."""
    positive = sorted(v for v in values if v > 0)
    n = len(positive)
    if not n:
        return []
    distinct = sorted(set(positive))
    below: dict[float, int] = {}
    for index, value in enumerate(positive):
        below.setdefault(value, index)
    # A value's class is the share of wards below it, in steps of 1/classes; ties share their first rank.
    raw = {value: min(classes - 1, below[value] * classes // n) for value in distinct}
    out: list[Grade] = []
    for step in sorted(set(raw.values())):
        members = [v for v in distinct if raw[v] == step]
        out.append(Grade(len(out), members[0], members[-1]))
    return out


def grade_of(value: float, found: list[Grade]) -> Grade | None:
    """The class holding ``value``; None for zero (no data) or a value outside every class."""
    if value <= 0:
        return None
    return next((g for g in found if g.contains(value)), None)


def shade_index(grade: Grade, count: int, palette: int = MAX_CLASSES) -> int:
    """Which of ``palette`` shades a class gets when there are ``count`` classes (spread from pale to dark)."""
    if count <= 1:
        return palette // 2
    return round(grade.index * (palette - 1) / (count - 1))
