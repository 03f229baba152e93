"""The tables pages show, as DataFrames with user-facing column names.

Every figure comes from :mod:`services.figures.metrics`, so a page and the headless
summary always agree. Cell text from the sheet is kept as plain text; pages
render it with ``st.dataframe`` (never as HTML).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from services.core import config, memo, strings
from services.core.config import ALL_PHASES, Plan
from services.figures import filters, metrics, reporting
from services.ingest.reading.reader import Activity, Report

COVERED, UNCOVERED, OVERDUE = "covered", "uncovered", "overdue"


def is_url(value: str) -> bool:
    """True for an http(s) link (the only links a table may open)."""
    return value.lower().startswith(("https://", "http://"))


def _dates(values: list[dt.date | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")


def _counts(values: list[int | None]) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def phase_label(plan: Plan, key: str, lang: str = "vi") -> str:
    """A phase's label; ``all`` (PB) and the before/after states have their own."""
    if key == ALL_PHASES:
        return strings.t("phase_all", lang)
    for phase in plan.phases:
        if phase.key == key:
            return config.label(phase, lang)
    return strings.t(f"phase_{key}", lang)


def unit_label(activity: Activity, lang: str = "vi") -> str:
    """The unit as shown: its canonical name, or what was typed, or 'other units'."""
    return activity.unit or activity.unit_text or strings.t("other_unit", lang)


def ward_text(plan: Plan, activity: Activity, lang: str = "vi") -> str:
    """Ward names of an activity, with 'district-wide' when it says so."""
    names = [plan.ward_names[c] for c in activity.wards]
    if activity.district_wide:
        names.insert(0, strings.t("district_wide", lang))
    return "; ".join(names)


def activities_table(plan: Plan, activities: Sequence[Activity], lang: str = "vi") -> pd.DataFrame:
    """One row per activity, newest first, columns named for users."""
    rows = sorted(activities, key=lambda a: (a.date, a.row), reverse=True)
    forms = {f.key: config.label(f, lang) for f in plan.forms}
    col = lambda key: strings.t(key, lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("tbl_date"): _dates([a.date for a in rows]),
            col("tbl_title"): [a.title for a in rows],
            col("tbl_unit"): [unit_label(a, lang) for a in rows],
            col("tbl_wards"): [ward_text(plan, a, lang) for a in rows],
            col("tbl_form"): [forms[a.form] for a in rows],
            col("tbl_themes"): [", ".join(a.themes) for a in rows],
            col("tbl_participants"): _counts([a.participants for a in rows]),
            col("tbl_quantity"): _counts([a.quantity for a in rows]),
            col("tbl_evidence_link"): [a.evidence if is_url(a.evidence) else None for a in rows],
            col("tbl_evidence"): ["" if is_url(a.evidence) else a.evidence for a in rows],
            col("tbl_notes"): [a.notes for a in rows],
            col("tbl_entered_by"): [a.entered_by for a in rows],
            col("tbl_id"): [a.id or "" for a in rows],
            col("tbl_row"): [a.row for a in rows],
        }
    )


# --- theme checklist -------------------------------------------------------


def theme_state(status: metrics.ThemeStatus) -> str:
    """``covered``, ``overdue`` or ``uncovered``."""
    if status.covered:
        return COVERED
    return OVERDUE if status.overdue else UNCOVERED


@dataclass(frozen=True)
class ThemeLine:
    """One line of the checklist: a theme, its state and its deadline as of a day."""

    code: str
    phase: str
    label: str
    state: str  # covered / uncovered / overdue
    activities: int
    required: int
    deadline: dt.date  # last day an activity can count for it
    started: bool  # its phase has begun
    days_left: int | None  # while uncovered and not overdue

    def state_text(self, lang: str = "vi") -> str:
        """The state in words; an open gap says how many days are left."""
        if self.state == UNCOVERED and not self.started:
            return strings.t("theme_not_started", lang)
        if self.state == UNCOVERED and self.days_left is not None:
            return strings.t("theme_days_left", lang, n=self.days_left)
        return strings.t(f"theme_{self.state}", lang)


@memo.by_identity(maxsize=32)
def theme_lines(plan: Plan, counted: Sequence[Activity], day: dt.date, lang: str = "vi") -> list[ThemeLine]:
    """Every theme in plan order with its state from :func:`metrics.theme_status` (labels in ``lang``)."""
    statuses = metrics.theme_status(plan, counted, day)
    out = []
    for theme in plan.themes:
        status = statuses[theme.code]
        span = plan.theme_span(theme)
        state = theme_state(status)
        left = (span.end - day).days if state == UNCOVERED else None
        out.append(
            ThemeLine(
                theme.code, theme.phase, config.label(theme, lang), state, status.activities,
                theme.min_activities, span.end, day >= span.start, left,
            )
        )  # fmt: skip
    return out


def theme_rows(plan: Plan, counted: Sequence[Activity], day: dt.date, lang: str = "vi") -> pd.DataFrame:
    """The checklist as a table: code, phase, theme, state, count, minimum, deadline."""
    col = lambda key: strings.t(key, lang)  # noqa: E731
    lines = theme_lines(plan, counted, day)
    themes = {t.code: t for t in plan.themes}
    return pd.DataFrame(
        {
            col("tbl_code"): [x.code for x in lines],
            col("tbl_phase"): [phase_label(plan, x.phase, lang) for x in lines],
            col("tbl_theme"): [config.label(themes[x.code], lang) for x in lines],
            col("tbl_state"): [x.state_text(lang) for x in lines],
            col("tbl_activities"): [x.activities for x in lines],
            col("tbl_required"): [x.required for x in lines],
            col("tbl_deadline"): _dates([x.deadline for x in lines]),
        }
    )


@dataclass(frozen=True)
class PhaseCoverage:
    key: str
    label: str
    covered: int
    total: int
    overdue: int


@memo.by_identity(maxsize=32)
def phase_coverage(plan: Plan, counted: Sequence[Activity], day: dt.date, lang: str = "vi") -> list[PhaseCoverage]:
    """Themes covered per phase (plan order, ``all`` last), from metrics."""
    lines = theme_lines(plan, counted, day)
    keys = [p.key for p in plan.phases]
    if any(t.phase == ALL_PHASES for t in plan.themes):
        keys.append(ALL_PHASES)
    out = []
    for key in keys:
        mine = [x for x in lines if x.phase == key]
        if mine:
            covered = sum(x.state == COVERED for x in mine)
            overdue = sum(x.state == OVERDUE for x in mine)
            out.append(PhaseCoverage(key, phase_label(plan, key, lang), covered, len(mine), overdue))
    return out


def theme_activities(plan: Plan, counted: Sequence[Activity], code: str) -> list[Activity]:
    """The counted activities that count for theme ``code`` (listed, inside its phase)."""
    theme = next(t for t in plan.themes if t.code == code)
    span = plan.theme_span(theme)
    return [a for a in counted if code in a.themes and span.contains(a.date)]


# --- units -----------------------------------------------------------------


def report_label(status: str, lang: str = "vi") -> str:
    """A report status in words (on_time, late, pending, missing)."""
    return strings.t(f"report_{status}", lang)


@dataclass
class _UnitTally:
    activities: int = 0
    participants: int = 0
    last: dt.date | None = None
    forms: Counter[str] | None = None

    def add(self, activity: Activity) -> None:
        self.activities += 1
        self.participants += activity.participants or 0
        self.last = activity.date if self.last is None else max(self.last, activity.date)
        self.forms = self.forms or Counter()
        self.forms[activity.form] += 1


def _tallies(counted: Sequence[Activity], key: Callable[[Activity], str]) -> dict[str, _UnitTally]:
    out: dict[str, _UnitTally] = defaultdict(_UnitTally)
    for activity in counted:
        out[key(activity)].add(activity)
    return out


def _unit_record(plan: Plan, group: str, name: str, tally: _UnitTally, report: str, sent: object, lang: str) -> dict:
    labels = {f.key: config.label(f, lang) for f in plan.forms}
    col = lambda key: strings.t(key, lang)  # noqa: E731
    used = [labels[k] for k, _ in (tally.forms or Counter()).most_common()]
    return {
        col("tbl_group"): group,
        col("tbl_unit"): name,
        col("tbl_report"): report,
        col("tbl_submitted"): sent,
        col("tbl_activities"): tally.activities,
        col("tbl_participants"): tally.participants,
        col("tbl_last_activity"): tally.last,
        col("tbl_forms_used"): "; ".join(used),
    }


def unit_rows(
    plan: Plan,
    counted: Sequence[Activity],
    reports: Sequence[Report],
    day: dt.date,
    lang: str = "vi",
    groups: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per configured unit (plan order), then one per unknown unit text.

    ``groups`` limits the rows to those unit-group keys (``filters.OTHER`` for
    unknown units); empty means every group. The frame is shared: read it only.
    """
    return _unit_rows(plan, counted, reports, day, lang, tuple(groups))


@memo.by_identity(maxsize=32)
def _unit_rows(
    plan: Plan, counted: Sequence[Activity], reports: Sequence[Report], day: dt.date, lang: str, groups: tuple[str, ...]
) -> pd.DataFrame:
    status = metrics.report_status(plan, reports, day)
    tallies = _tallies(counted, lambda a: a.unit or "")
    records = []
    for group in plan.unit_groups:
        if groups and group.key not in groups:
            continue
        for unit in group.units:
            report = status.get(unit.name)
            label = report_label(report.status, lang) if report else strings.t("report_not_expected", lang)
            sent = report.submitted if report else None
            records.append(
                _unit_record(plan, config.label(group, lang), unit.name, tallies[unit.name], label, sent, lang)
            )
    if not groups or filters.OTHER in groups:
        others = _tallies([a for a in counted if a.unit is None], lambda a: a.unit_text)
        for typed in sorted(others, key=lambda k: (-others[k].activities, k)):
            name = typed or strings.t("unit_blank", lang)
            not_expected = strings.t("report_not_expected", lang)
            records.append(
                _unit_record(plan, strings.t("other_unit", lang), name, others[typed], not_expected, None, lang)
            )
    frame = pd.DataFrame.from_records(records, columns=list(_unit_record(plan, "", "", _UnitTally(), "", None, lang)))
    for key in ("tbl_last_activity", "tbl_submitted"):
        frame[strings.t(key, lang)] = _dates(list(frame[strings.t(key, lang)]))
    return frame


# --- report completeness -----------------------------------------------------


def not_reported_rows(plan: Plan, done: reporting.Completeness, lang: str = "vi") -> pd.DataFrame:
    """The expected units that have not reported on time, worst first (missing, late, pending)."""
    group_of = {unit.name: config.label(group, lang) for group in plan.unit_groups for unit in group.units}
    rows = [r for r in done.units if r.status != "on_time"]
    col = lambda key: strings.t(key, lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("tbl_unit"): [r.unit for r in rows],
            col("tbl_group"): [group_of.get(r.unit, "") for r in rows],
            col("tbl_report"): [report_label(r.status, lang) for r in rows],
            col("tbl_submitted"): _dates([r.submitted for r in rows]),
        }
    )
