"""Chart specs for pages: the charts of ``services.render.charts`` as Vega-Lite dicts, reused.

Building and validating an Altair chart costs 0.1-0.4 s, more than the figures
behind it at 100k rows. A spec is a pure function of what it is drawn from, so
pages reuse the last few dozen instead of rebuilding them on every rerun.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt

from services.core.config import Plan
from services.figures import coverage
from services.ingest.reading.reader import Activity
from services.render import charts, maps

SPEC_CACHE_SIZE = 48
_specs: OrderedDict[tuple[Any, ...], tuple[tuple[object, ...], dict[str, Any]]] = OrderedDict()
_specs_lock = threading.Lock()


def _cached(refs: tuple[object, ...], key: tuple[Any, ...], build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    """The spec of ``build()``, reused while ``refs`` (kept alive here) and ``key`` are the same."""
    full = (*(id(r) for r in refs), *key)
    with _specs_lock:
        hit = _specs.get(full)
        if hit is not None and all(a is b for a, b in zip(hit[0], refs, strict=True)):
            _specs.move_to_end(full)
            return dict(hit[1])
    spec = build().to_dict()
    with _specs_lock:
        _specs[full] = (refs, spec)
        while len(_specs) > SPEC_CACHE_SIZE:
            _specs.popitem(last=False)
    return dict(spec)


def timeline(plan: Plan, as_of: dt.date, lang: str = "vi") -> dict[str, Any]:
    """:func:`services.render.charts.timeline` as a Vega-Lite dict, built once per plan, date and language."""
    return _cached((plan,), ("timeline", as_of, lang), lambda: charts.timeline(plan, as_of, lang))


def ward_map(
    plan: Plan,
    values: Mapping[str, float],
    metric_label: str,
    lang: str = "vi",
    geojson: dict[str, Any] | None = None,
    ward_property: str | None = None,
    *,
    selected: str | None = None,
    no_data_label: str | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    """:func:`services.render.maps.ward_map` as a Vega-Lite dict, built once per set of values and selection."""
    key = ("map", tuple(sorted(values.items())), metric_label, lang, ward_property, selected, no_data_label, height)
    return _cached(
        (plan, geojson),
        key,
        lambda: maps.ward_map(
            plan,
            values,
            metric_label,
            lang,
            geojson,
            ward_property,
            selected=selected,
            no_data_label=no_data_label,
            height=height,
        ),
    )


def ward_form_heatmap(plan: Plan, activities: Sequence[Activity], lang: str = "vi") -> dict[str, Any]:
    """:func:`services.render.charts.ward_form_heatmap` as a Vega-Lite dict, built once per matrix of counts."""
    return heatmap_from_counts(plan, coverage.forms_by_ward(plan, activities), lang)


def heatmap_from_counts(
    plan: Plan, counts: dict[str, dict[str, int]], lang: str = "vi", wards: Sequence[str] | None = None
) -> dict[str, Any]:
    """The same, from ``coverage.forms_by_ward`` counts already at hand (rows ``wards``, default all)."""
    shown = tuple(wards) if wards is not None else None
    key = ("heatmap", lang, shown, tuple(tuple(row.values()) for row in counts.values()))
    return _cached((plan,), key, lambda: charts.heatmap_from_counts(plan, counts, lang, shown))
