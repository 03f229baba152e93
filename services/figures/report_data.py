"""The figures of the results report as of a date D, as plain data.

Everything here is computed from ``services.figures.metrics`` over the activities
counted at D, so the Word draft and the summary CLI always agree; report completeness
comes from :func:`services.figures.reporting.completeness`, the one definition
(docs/reading-contract.md §3, unit reports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from services.core.config import ALL_PHASES, Plan
from services.figures import metrics, reporting
from services.figures.metrics import Tally
from services.ingest.reading.reader import Activity, Report


@dataclass(frozen=True)
class FormTotal:
    """One form of activity: how many, how many people, how many items."""

    key: str
    label: str
    activities: int
    participants: int
    quantity: int
    quantity_unit: str
    audience: bool  # some activity of this form recorded its participants; else "—", not 0


@dataclass(frozen=True)
class UnitTotal:
    unit: str  # canonical name, or "" for units not in the plan
    group: str  # group label, or "" for units not in the plan
    activities: int
    participants: int


@dataclass(frozen=True)
class PhaseThemes:
    """The themes of one phase (or of the whole period), split by status."""

    key: str
    label: str
    activities: int  # counted activities dated inside the phase
    started: bool
    covered: list[tuple[str, str, int]]  # (code, label, activities)
    not_covered: list[tuple[str, str, bool]]  # (code, label, overdue)


@dataclass(frozen=True)
class Opinion:
    date: dt.date
    unit: str
    wards: str
    title: str
    notes: str


@dataclass(frozen=True)
class OpinionUnit:
    """The public-opinion notes of one unit: how many, and on which days (oldest first)."""

    unit: str
    count: int
    dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class ReportData:
    """All figures of the results report as of ``as_of``."""

    as_of: dt.date
    activities: int
    participants: int
    units_active: int
    forms: list[FormTotal]
    wards: dict[str, Tally]
    district_wide: Tally
    units: list[UnitTotal]
    phases: list[PhaseThemes]
    completeness: reporting.Completeness
    opinions: list[Opinion]

    def opinion_units(self) -> list[OpinionUnit]:
        """The opinion notes grouped by unit, most notes first (then the first note's date)."""
        days: dict[str, list[dt.date]] = {}
        for note in self.opinions:
            days.setdefault(note.unit, []).append(note.date)
        ranked = sorted(days.items(), key=lambda item: (-len(item[1]), item[1][0], item[0]))
        return [OpinionUnit(unit, len(dates), tuple(dates)) for unit, dates in ranked]


def form_totals(plan: Plan, counted: Sequence[Activity]) -> list[FormTotal]:
    """Per configured form: activities (as ``metrics.form_counts``), participants, quantity."""
    counts = metrics.form_counts(plan, counted)
    out = []
    for form in plan.forms:
        rows = [a for a in counted if a.form == form.key]
        out.append(
            FormTotal(
                form.key,
                form.label,
                counts[form.key],
                sum(a.participants or 0 for a in rows),
                sum(a.quantity or 0 for a in rows),
                plan.document.quantity_units.get(form.key, ""),
                any(a.participants is not None for a in rows),
            )
        )
    return out


def unit_totals(plan: Plan, counted: Sequence[Activity]) -> list[UnitTotal]:
    """Per configured unit (config order), then other units together (name "")."""
    out = []
    for group in plan.unit_groups:
        for unit in group.units:
            rows = [a for a in counted if a.unit == unit.name]
            out.append(UnitTotal(unit.name, group.label, len(rows), sum(a.participants or 0 for a in rows)))
    others = [a for a in counted if a.unit is None]
    if others:
        out.append(UnitTotal("", "", len(others), sum(a.participants or 0 for a in others)))
    return out


def phase_themes(plan: Plan, counted: Sequence[Activity], day: dt.date) -> list[PhaseThemes]:
    """Themes covered and not covered, per phase, then those running all period."""
    status = metrics.theme_status(plan, counted, day)
    spans = [(p.key, p.label, p) for p in plan.phases] + [(ALL_PHASES, "", plan.period)]
    out = []
    for key, label, span in spans:
        themes = [t for t in plan.themes if t.phase == key]
        if not themes:
            continue
        covered = [(t.code, t.label, status[t.code].activities) for t in themes if status[t.code].covered]
        missing = [(t.code, t.label, status[t.code].overdue) for t in themes if not status[t.code].covered]
        n = sum(1 for a in counted if span.contains(a.date))
        out.append(PhaseThemes(key, label, n, day >= span.start, covered, missing))
    return out


def opinions(plan: Plan, counted: Sequence[Activity]) -> list[Opinion]:
    """Counted activities of the configured public-opinion forms, oldest first."""
    forms = set(plan.document.opinion_forms)
    rows = sorted((a for a in counted if a.form in forms), key=lambda a: (a.date, a.row))
    return [
        Opinion(
            a.date,
            a.unit or a.unit_text,
            ", ".join(plan.ward_names[c] for c in a.wards),
            a.title,
            a.notes,
        )
        for a in rows
    ]


def build(plan: Plan, activities: Sequence[Activity], reports: Sequence[Report], day: dt.date) -> ReportData:
    """Compute every figure of the report from the valid activities and reports, as of ``day``."""
    counted = metrics.counted(activities, day)
    return ReportData(
        as_of=day,
        activities=len(counted),
        participants=sum(a.participants or 0 for a in counted),
        units_active=len({a.unit or a.unit_text for a in counted}),
        forms=form_totals(plan, counted),
        wards=metrics.ward_coverage(plan, counted),
        district_wide=metrics.district_wide(counted),
        units=unit_totals(plan, counted),
        phases=phase_themes(plan, counted, day),
        completeness=reporting.completeness(plan, reports, day),
        opinions=opinions(plan, counted),
    )
