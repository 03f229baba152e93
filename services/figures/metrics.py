"""Figures as of a date D (docs/reading-contract.md §3): pure functions over the reader's records.

Only valid activities dated on or before D count. Nothing here reads a source
or touches Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from services.core.config import ALL_PHASES, Milestone, Plan
from services.ingest.reading.reader import Activity, Dataset, Report

BEFORE = "chua_bat_dau"
AFTER = "ket_thuc"
ReportStatus = Literal["on_time", "late", "pending", "missing"]


@dataclass(frozen=True)
class NextMilestone:
    milestone: Milestone
    days_left: int


@dataclass(frozen=True)
class Tally:
    """A count of activities and the sum of their participants."""

    activities: int = 0
    participants: int = 0


@dataclass(frozen=True)
class ThemeStatus:
    code: str
    phase: str
    activities: int
    covered: bool
    overdue: bool


@dataclass(frozen=True)
class UnitReport:
    unit: str
    status: ReportStatus
    submitted: dt.date | None


def phase_at(plan: Plan, day: dt.date) -> str:
    """The key of the phase holding ``day``, or ``chua_bat_dau``/``ket_thuc``."""
    if day < plan.period.start:
        return BEFORE
    if day > plan.period.end:
        return AFTER
    for phase in plan.phases:
        if phase.contains(day):
            return phase.key
    return AFTER if day > max(p.end for p in plan.phases) else BEFORE


def next_milestone(plan: Plan, day: dt.date) -> NextMilestone | None:
    """The first milestone on or after ``day``, with whole days left (0 on the day)."""
    upcoming = sorted((m for m in plan.milestones if m.date >= day), key=lambda m: m.date)
    if not upcoming:
        return None
    return NextMilestone(upcoming[0], (upcoming[0].date - day).days)


def counted(activities: Iterable[Activity], day: dt.date) -> list[Activity]:
    """The activities that count as of ``day`` (dated on or before it)."""
    return [a for a in activities if a.date <= day]


def ward_coverage(plan: Plan, activities: Sequence[Activity]) -> dict[str, Tally]:
    """Per configured ward code: activities listing it and their participants."""
    counts = dict.fromkeys(plan.ward_names, 0)
    people = dict.fromkeys(plan.ward_names, 0)
    for activity in activities:  # plain dicts and locals: this loop runs over every counted row
        if activity.wards:
            n = activity.participants or 0
            for code in activity.wards:
                if code in counts:
                    counts[code] += 1
                    people[code] += n
    return {w.code: Tally(counts[w.code], people[w.code]) for w in plan.wards}


def district_wide(activities: Sequence[Activity]) -> Tally:
    """District-wide activities, counted apart from wards."""
    rows = [a for a in activities if a.district_wide]
    return Tally(len(rows), sum(a.participants or 0 for a in rows))


def theme_status(plan: Plan, activities: Sequence[Activity], day: dt.date) -> dict[str, ThemeStatus]:
    """Per theme: counted activities listing it inside its phase, covered, overdue."""
    spans = {theme.code: plan.theme_span(theme) for theme in plan.themes}
    bounds = {code: (span.start, span.end) for code, span in spans.items()}
    # One pass over the activities, not one per theme: 100k rows x 17 themes adds up.
    counts = dict.fromkeys(bounds, 0)
    for activity in activities:
        if activity.themes:
            day_of = activity.date
            for code in activity.themes:
                span_of = bounds.get(code)
                if span_of is not None and span_of[0] <= day_of <= span_of[1]:
                    counts[code] += 1
    out: dict[str, ThemeStatus] = {}
    for theme in plan.themes:
        span = spans[theme.code]
        n = counts[theme.code]
        covered = n >= theme.min_activities
        out[theme.code] = ThemeStatus(theme.code, theme.phase, n, covered, not covered and day > span.end)
    return out


def form_counts(plan: Plan, activities: Sequence[Activity]) -> dict[str, int]:
    """Per configured form key: the number of counted activities."""
    counts = Counter(a.form for a in activities)
    return {f.key: counts[f.key] for f in plan.forms}


def report_status(plan: Plan, reports: Sequence[Report], day: dt.date) -> dict[str, UnitReport]:
    """Per expected unit: on_time, late, pending or missing as of ``day``."""
    deadline = plan.report_deadline
    earliest: dict[str, dt.date] = {}
    for report in reports:
        if report.submitted <= day and (report.unit not in earliest or report.submitted < earliest[report.unit]):
            earliest[report.unit] = report.submitted
    out: dict[str, UnitReport] = {}
    for unit in plan.expected_reporters:
        submitted = earliest.get(unit)
        if submitted is not None:
            status: ReportStatus = "on_time" if submitted <= deadline else "late"
        else:
            status = "missing" if day > deadline else "pending"
        out[unit] = UnitReport(unit, status, submitted)
    return out


def summary(plan: Plan, data: Dataset, day: dt.date, lang: str = "vi") -> dict[str, Any]:
    """The headless summary (docs/reading-contract.md §4) as a JSON-ready dict."""
    now = counted(data.activities, day)
    upcoming = next_milestone(plan, day)
    wards = ward_coverage(plan, now)
    wide = district_wide(now)
    return {
        "as_of": day.isoformat(),
        "phase": phase_at(plan, day),
        "next_milestone": None
        if upcoming is None
        else {
            "key": upcoming.milestone.key,
            "date": upcoming.milestone.date.isoformat(),
            "days_left": upcoming.days_left,
        },
        "rows": {
            "read": data.read,
            "valid": data.valid,
            "errors": data.errors,
            "warnings": data.warned,
            "after_as_of": data.valid - len(now),
        },
        "wards": {
            code: {"name": plan.ward_names[code], "activities": t.activities, "participants": t.participants}
            for code, t in wards.items()
        },
        "district_wide": {"activities": wide.activities, "participants": wide.participants},
        "themes": {
            code: {"phase": s.phase, "activities": s.activities, "covered": s.covered, "overdue": s.overdue}
            for code, s in theme_status(plan, now, day).items()
        },
        "forms": form_counts(plan, now),
        "reports": {unit: r.status for unit, r in report_status(plan, data.reports, day).items()},
        "problems": [p.as_dict(lang) for p in data.problems if p.severity != "notice"],  # errors and warnings
        # Added by issue 10 (SPEC's keys above are unchanged): every counted activity once, a multi-ward
        # activity too, so the wards' participants add up to more than this total.
        "district_total": {"activities": len(now), "participants": sum(a.participants or 0 for a in now)},
        "source": source_info(data),
    }


def source_info(data: Dataset) -> dict[str, Any]:
    """What was read: ``kind`` (local, google, multi), ``name``, ``read_at`` (ISO 8601), ``stale``."""
    return {
        "kind": data.kind,
        "name": data.label,
        "read_at": data.read_at.isoformat() if data.read_at else None,
        "stale": bool(data.stale_reason),
    }


__all__ = ["ALL_PHASES", "summary"]
