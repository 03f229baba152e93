"""Narrowing the valid activities: sidebar filters, log filters and text search.

Plain functions over the reader's :class:`Activity` records. Search ignores
case and diacritics (``bo de`` finds ``Bồ Đề``); the folded text of each
activity is built once per dataset, so a search over 100k rows stays fast.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from functools import lru_cache

from services.core import memo, text
from services.core.config import Plan
from services.figures import metrics
from services.ingest.reading.reader import Activity

OTHER = "_other"  # the unit-group and unit key of activities from unknown units
DISTRICT = "_district"  # the ward key of district-wide activities in filters
_HAYSTACK_SLOTS = 4


def unit_groups(plan: Plan) -> dict[str, str]:
    """Canonical unit name -> key of the group that lists it."""
    return {unit.name: group.key for group in plan.unit_groups for unit in group.units}


def group_of(activity: Activity, groups: dict[str, str]) -> str:
    """The unit-group key of ``activity`` (``OTHER`` for unknown units)."""
    return groups.get(activity.unit or "", OTHER)


def unit_key(activity: Activity) -> str:
    """The unit an activity counts for: its canonical name, or ``OTHER``."""
    return activity.unit or OTHER


def by_sidebar(
    plan: Plan, activities: Sequence[Activity], groups: Collection[str] = (), forms: Collection[str] = ()
) -> list[Activity]:
    """Keep activities of the chosen unit groups and forms (empty choice = all)."""
    if not groups and not forms:
        return list(activities)
    lookup = unit_groups(plan)
    wanted_groups = set(groups)
    wanted_forms = set(forms)
    return [
        a
        for a in activities
        if (not wanted_groups or group_of(a, lookup) in wanted_groups) and (not wanted_forms or a.form in wanted_forms)
    ]


def by_fields(
    plan: Plan,
    activities: Sequence[Activity],
    phases: Collection[str] = (),
    wards: Collection[str] = (),
    forms: Collection[str] = (),
    units: Collection[str] = (),
) -> list[Activity]:
    """Keep activities matching every non-empty choice.

    ``phases`` holds phase keys, ``wards`` ward codes (or :data:`DISTRICT` for
    district-wide rows), ``forms`` form keys and
    ``units`` canonical unit names or :data:`OTHER`.
    """
    phase_set, ward_set, form_set, unit_set = set(phases), set(wards), set(forms), set(units)
    out: list[Activity] = []
    for a in activities:
        if phase_set and metrics.phase_at(plan, a.date) not in phase_set:
            continue
        if ward_set and not (ward_set.intersection(a.wards) or (a.district_wide and DISTRICT in ward_set)):
            continue
        if form_set and a.form not in form_set:
            continue
        if unit_set and unit_key(a) not in unit_set:
            continue
        out.append(a)
    return out


class _Haystacks:
    """Folded search text of every activity of one list, built once."""

    def __init__(self, plan: Plan, activities: Sequence[Activity]) -> None:
        names = plan.ward_names
        folded: dict[str, str] = {}  # titles, units and wards repeat: fold each distinct text once

        def fold(value: str) -> str:
            hit = folded.get(value)
            if hit is None:
                hit = folded[value] = text.fold(value)
            return hit

        self.source = activities
        self.by_id = {
            id(a): " | ".join(
                (
                    fold(a.title),
                    fold(a.unit or ""),
                    fold(a.unit_text),
                    fold(a.notes),
                    *(fold(names[c]) for c in a.wards),
                )
            )
            for a in activities
        }


_cache: list[_Haystacks] = []
_cache_lock = threading.Lock()


def _haystacks(plan: Plan, activities: Sequence[Activity]) -> dict[int, str]:
    with _cache_lock:
        for entry in _cache:
            if entry.source is activities:
                return entry.by_id
    entry = _Haystacks(plan, activities)
    with _cache_lock:
        _cache.insert(0, entry)
        del _cache[_HAYSTACK_SLOTS:]
    return entry.by_id


@lru_cache(maxsize=256)
def _needles(query: str) -> tuple[str, ...]:
    # Phrases, not words: in Vietnamese every syllable is a word, so "bo de" must not
    # match "chi bộ chuyên đề". Several phrases are separated by ";" or ",".
    return tuple(p for p in (text.fold(part) for part in text.split_list(query)) if p)


def search(
    plan: Plan, activities: Sequence[Activity], query: str, universe: Sequence[Activity] | None = None
) -> list[Activity]:
    """Activities whose title, unit, wards or notes contain ``query``.

    Case and diacritics are ignored; ``a; b`` (or ``a, b``) asks for both phrases. ``universe`` is the full list the
    activities come from (the dataset's); its folded text is kept between
    calls, so pass the same list object on every rerun.
    """
    needles = _needles(query)
    if not needles:
        return list(activities)
    stacks = _haystacks(plan, universe if universe is not None else activities)
    out = []
    for a in activities:
        hay = stacks.get(id(a))
        if hay is None:  # not in the universe given: fold on the fly
            hay = _Haystacks(plan, [a]).by_id[id(a)]
        if all(n in hay for n in needles):
            out.append(a)
    return out


@memo.by_identity(maxsize=16)
def narrow(
    plan: Plan,
    activities: Sequence[Activity],
    universe: Sequence[Activity],
    query: str = "",
    phases: tuple[str, ...] = (),
    wards: tuple[str, ...] = (),
    forms: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
) -> list[Activity]:
    """:func:`by_fields` then :func:`search`, newest first; remembered for the same inputs."""
    kept = by_fields(plan, activities, phases, wards, forms, units)
    found = search(plan, kept, query, universe=universe)
    return sorted(found, key=lambda a: (a.date, a.row), reverse=True)
