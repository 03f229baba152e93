"""Figures and tables for the overview and the ward map, built on ``services.figures.metrics``.

Plain data in, plain data out: the pages only lay these out. Ward boundary
files (GeoJSON) are read and matched to the plan's wards here too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from services.core import config, strings
from services.core.config import Phase, Plan
from services.core.errors import ConfigError
from services.figures import metrics
from services.figures.mapping import geo
from services.ingest.reading import cells
from services.ingest.reading.reader import Activity, Report

Metric = Literal["activities", "participants", "forms", "themes"]
Scope = Literal["campaign", "phase"]
METRICS: tuple[Metric, ...] = ("activities", "participants", "forms", "themes")
DISTRICT_METRICS: tuple[Metric, ...] = ("activities", "participants", "forms")  # what a district tally counts
SCOPES: tuple[Scope, ...] = ("campaign", "phase")


@dataclass(frozen=True)
class Kpis:
    """The overview's headline figures as of a date."""

    activities: int
    participants: int
    wards_reached: int
    wards_total: int
    district_wide: int
    themes_covered: int
    themes_total: int
    themes_overdue: int
    reports_on_time: int
    reports_late: int
    reports_expected: int


def kpis(
    plan: Plan,
    counted: Sequence[Activity],
    reports: Sequence[Report],
    as_of: dt.date,
    *,
    themes: dict[str, metrics.ThemeStatus] | None = None,
) -> Kpis:
    """Headline figures from ``services.figures.metrics`` over the counted activities.

    ``themes`` may pass ``metrics.theme_status`` already computed for them.
    """
    wards = metrics.ward_coverage(plan, counted)
    themes = themes if themes is not None else metrics.theme_status(plan, counted, as_of)
    statuses = [r.status for r in metrics.report_status(plan, reports, as_of).values()]
    return Kpis(
        activities=len(counted),
        participants=sum(a.participants or 0 for a in counted),
        wards_reached=sum(1 for t in wards.values() if t.activities),
        wards_total=len(wards),
        district_wide=metrics.district_wide(counted).activities,
        themes_covered=sum(1 for s in themes.values() if s.covered),
        themes_total=len(themes),
        themes_overdue=sum(1 for s in themes.values() if s.overdue),
        reports_on_time=statuses.count("on_time"),
        reports_late=statuses.count("late"),
        reports_expected=len(statuses),
    )


@dataclass(frozen=True)
class Standing:
    """Where the plan stands on a date, in words: the phase card and the countdown card."""

    phase: str
    phase_detail: str
    countdown: str
    countdown_detail: str


def standing(plan: Plan, as_of: dt.date, lang: str = "vi") -> Standing:
    """The current phase and the countdown to the next milestone (or that the plan has ended)."""
    t = lambda key, **kw: strings.t(key, lang, **kw)  # noqa: E731
    key = metrics.phase_at(plan, as_of)
    phase = current_phase(plan, as_of)
    if phase is not None:
        days = (phase.end - as_of).days
        span = {"start": cells.format_date(phase.start), "end": cells.format_date(phase.end), "n": days}
        title, detail = (
            config.label(phase, lang),
            t("ov_phase_span", **span) if days else t("ov_phase_last_day", **span),
        )
    elif key == metrics.AFTER:
        title, detail = (
            t(f"phase_{key}"),
            f"{cells.format_date(plan.period.start)} – {cells.format_date(plan.period.end)}",
        )
    else:
        title, detail = t(f"phase_{key}"), t("ov_not_started", date=cells.format_date(plan.period.start))
    upcoming = metrics.next_milestone(plan, as_of)
    if upcoming is not None:
        n, milestone = upcoming.days_left, upcoming.milestone
        countdown = t("ov_countdown", n=n) if n else t("ov_countdown_today")
        return Standing(
            title, detail, countdown, f"{config.label(milestone, lang)} — {cells.format_date(milestone.date)}"
        )
    if key == metrics.AFTER:
        return Standing(title, detail, t("ov_finished"), t("ov_finished_on", date=cells.format_date(plan.period.end)))
    return Standing(title, detail, t("ov_no_milestone"), "")


def current_phase(plan: Plan, as_of: dt.date) -> Phase | None:
    """The phase holding ``as_of``, or None before or after the campaign."""
    key = metrics.phase_at(plan, as_of)
    return None if key in (metrics.BEFORE, metrics.AFTER) else plan.phase(key)


def scoped(plan: Plan, counted: Sequence[Activity], as_of: dt.date, scope: Scope) -> list[Activity]:
    """The counted activities of the whole campaign, or of the current phase only.

    Outside every phase, ``phase`` falls back to the whole campaign.
    """
    phase = current_phase(plan, as_of) if scope == "phase" else None
    if phase is None:
        return list(counted)
    return [a for a in counted if phase.contains(a.date)]


def forms_by_ward(plan: Plan, activities: Sequence[Activity]) -> dict[str, dict[str, int]]:
    """Per ward code, per form key: the number of activities (zeros included)."""
    counts: dict[str, dict[str, int]] = {w.code: {f.key: 0 for f in plan.forms} for w in plan.wards}
    for activity in activities:
        for code in activity.wards:
            counts[code][activity.form] += 1
    return counts


def themes_by_ward(plan: Plan, activities: Sequence[Activity]) -> dict[str, int]:
    """Per ward code, how many of the plan's themes it has an activity for (dated inside the theme's phase)."""
    spans = {t.code: plan.theme_span(t) for t in plan.themes}
    seen: dict[str, set[str]] = {w.code: set() for w in plan.wards}
    for activity in activities:
        for theme in activity.themes:
            span = spans.get(theme)
            if span is not None and span.contains(activity.date):
                for code in activity.wards:
                    seen[code].add(theme)
    return {code: len(themes) for code, themes in seen.items()}


def ward_values(plan: Plan, activities: Sequence[Activity], metric: Metric) -> dict[str, float]:
    """Per ward code, the chosen metric: activities, participants, forms used or themes with an activity."""
    if metric == "forms":
        return WardFigures({}, forms_by_ward(plan, activities), metrics.Tally()).values(metric)
    if metric == "themes":
        return WardFigures({}, {}, metrics.Tally(), themes_by_ward(plan, activities)).values(metric)
    return WardFigures(metrics.ward_coverage(plan, activities), {}, metrics.Tally()).values(metric)


@dataclass(frozen=True)
class WardFigures:
    """Everything the ward map shows, from one set of activities."""

    tallies: dict[str, metrics.Tally]  # metrics.ward_coverage
    forms: dict[str, dict[str, int]]  # forms_by_ward
    district_wide: metrics.Tally
    themes: dict[str, int] = field(default_factory=dict)  # themes_by_ward

    @property
    def reached(self) -> int:
        """Wards with at least one activity."""
        return sum(1 for t in self.tallies.values() if t.activities)

    def values(self, metric: Metric) -> dict[str, float]:
        """Per ward code, the chosen metric (as :func:`ward_values`)."""
        if metric == "forms":
            return {code: float(sum(1 for n in row.values() if n)) for code, row in self.forms.items()}
        if metric == "themes":
            return {code: float(n) for code, n in self.themes.items()}
        if metric == "participants":
            return {code: float(t.participants) for code, t in self.tallies.items()}
        return {code: float(t.activities) for code, t in self.tallies.items()}


def ward_figures(plan: Plan, activities: Sequence[Activity]) -> WardFigures:
    """Ward tallies, ward × form counts and the district-wide tally, each computed once."""
    return WardFigures(
        metrics.ward_coverage(plan, activities),
        forms_by_ward(plan, activities),
        metrics.district_wide(activities),
        themes_by_ward(plan, activities),
    )


# Rows of the ward × form matrix: 580 city wards would make it 16,000 px tall and slow to draw.
MATRIX_MAX_WARDS = 30


def matrix_wards(plan: Plan, figures: WardFigures, limit: int = MATRIX_MAX_WARDS) -> list[str]:
    """The ward codes the ward × form matrix shows: every ward in plan order when they fit, else
    the ``limit`` lagging most (fewest forms, then fewest activities; plan order breaks ties), worst first."""
    codes = [w.code for w in plan.wards]
    if len(codes) <= limit:
        return codes
    forms, activities = figures.values("forms"), figures.values("activities")
    return sorted(codes, key=lambda code: (forms.get(code, 0.0), activities.get(code, 0.0)))[:limit]


def ward_activities(activities: Sequence[Activity], code: str) -> list[Activity]:
    """The activities that list ward ``code``."""
    return [a for a in activities if code in a.wards]


def district_wide_name(plan: Plan, lang: str = "vi") -> str:
    """How the plan calls the whole area (``toàn quận``, ``toàn huyện``), for labels."""
    name = plan.district_wide[0] if plan.district_wide and lang == "vi" else strings.t("district_wide", lang)
    return name[:1].lower() + name[1:]


def metric_label(metric: Metric, lang: str = "vi") -> str:
    return strings.t(f"map_metric_{metric}", lang)


# --- ward boundaries ---------------------------------------------------------


def load_geojson(plan: Plan, base: Path = config.CONFIG_DIR) -> dict[str, Any] | None:
    """The boundary GeoJSON named by ``plan.map.geojson``, or None when there is none.

    The file is read once per version (path, size, modification time); the
    same dict is returned until it changes, so callers must not modify it.
    Raises ConfigError when the file is named but unreadable or not GeoJSON.
    """
    if not plan.map.geojson:
        return None
    path = config.resolve(plan.map.geojson, base)
    try:
        stat = path.stat()
    except OSError as err:
        raise ConfigError(strings.t("geojson_unreadable", path=path, error=err)) from None
    return _read_geojson(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_geojson(path: str, size: int, mtime_ns: int) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ConfigError(strings.t("geojson_unreadable", path=path, error=err)) from None
    if not isinstance(data, dict) or not geo.features_of(data):
        raise ConfigError(strings.t("geojson_no_features", path=path))
    return data
