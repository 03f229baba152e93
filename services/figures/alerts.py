"""Alerts for the overview: what is behind and where, one line each.

Every rule reads the plan (phases, themes, milestones with a required form,
the reporting deadline and who must report); nothing here knows a district.
Alerts are plain text built from ``services.core.strings``; pages show them as
text, never as HTML or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from services.core import config, strings
from services.core.config import Plan, Span, Theme
from services.figures import metrics, tables
from services.ingest.reading import cells, structure
from services.ingest.reading.reader import Activity, Report

Severity = Literal["critical", "warning", "info"]
SEVERITY_RANK: dict[Severity, int] = {"critical": 0, "warning": 1, "info": 2}

# Days before a deadline from which a gap is urgent rather than informative.
URGENT_DAYS = 7
# Days before the report deadline from which units that have not reported are flagged.
REPORT_WINDOW_DAYS = 7
# Days at the start of a phase during which wards without activity are only informative.
PHASE_GRACE_DAYS = 2


@dataclass(frozen=True)
class Alert:
    """One alert: how urgent, which rule, the line to show and where it applies."""

    severity: Severity
    kind: str
    text: str
    where: tuple[str, ...] = ()  # ward codes, theme codes or unit names
    days: int | None = None  # days left to the deadline (negative once past)
    head: str = ""  # the sentence without its list of names ("6/14 phường chưa ...")
    names: tuple[str, ...] = ()  # ``where`` as people read it: ward names, "ND1.5 (Góp ý…)", unit names


MAX_NAMED = 20  # a district's wards are always listed in full
SHOWN_WHEN_CUT = 15


def compute(
    plan: Plan,
    activities: Sequence[Activity],
    reports: Sequence[Report],
    as_of: dt.date,
    lang: str = "vi",
    *,
    themes: dict[str, metrics.ThemeStatus] | None = None,
    blocked: Collection[str] = (),
) -> list[Alert]:
    """All alerts as of ``as_of``, most urgent first.

    ``activities`` are the valid activities; only those dated on or before
    ``as_of`` count. Nothing is flagged before the plan period starts.
    ``themes`` may pass ``metrics.theme_status`` already computed for the
    same activities and date (the overview needs it too). ``blocked`` names
    the tabs the reader could not read (``Dataset.blocked``): while the
    activities tab is unreadable its zeros mean nothing, so the only alert says
    so; an unreadable reports tab silences the report alerts.
    """
    if as_of < plan.period.start:
        return []
    if structure.ACTIVITIES in blocked:
        return [Alert("critical", "data_unreadable", strings.t("alert_unreadable", lang))]
    counted = metrics.counted(activities, as_of)
    statuses = themes if themes is not None else metrics.theme_status(plan, counted, as_of)
    found = [
        *_idle_wards(plan, counted, as_of, lang),
        *_open_themes(plan, statuses, as_of, lang),
        *_form_deadlines(plan, counted, as_of, lang),
        *([] if structure.REPORTS in blocked else _reports(plan, reports, as_of, lang)),
    ]
    return sorted(found, key=_urgency)


def _urgency(alert: Alert) -> tuple[int, int]:
    return SEVERITY_RANK[alert.severity], alert.days if alert.days is not None else 10**6


def _listing(names: Sequence[str], lang: str) -> str:
    """Names for one alert line; a citywide list is cut so the line stays readable."""
    if len(names) <= MAX_NAMED:
        return ", ".join(names)
    more = strings.t("alert_more", lang, n=len(names) - SHOWN_WHEN_CUT)
    return f"{', '.join(names[:SHOWN_WHEN_CUT])} {more}"


def _alert(
    severity: Severity, kind: str, head: str, where: tuple[str, ...], names: Sequence[str], days: int | None, lang: str
) -> Alert:
    """An alert whose line is ``head: names`` (a long list cut by :func:`_listing`)."""
    return Alert(severity, kind, f"{head}: {_listing(names, lang)}", where, days, head, tuple(names))


def _ward_names(plan: Plan, codes: Iterable[str]) -> list[str]:
    return [plan.ward_names[c] for c in codes]


def _idle_wards(plan: Plan, counted: Sequence[Activity], as_of: dt.date, lang: str) -> list[Alert]:
    phase_key = metrics.phase_at(plan, as_of)
    if phase_key in (metrics.BEFORE, metrics.AFTER):
        return []
    phase = plan.phase(phase_key)
    # counted activities are dated on or before as_of, so inside the phase means from its start
    active = {code for a in counted if a.date >= phase.start for code in a.wards}
    idle = tuple(w.code for w in plan.wards if w.code not in active)
    if not idle:
        return []
    severity: Severity = "info" if (as_of - phase.start).days < PHASE_GRACE_DAYS else "warning"
    text = strings.t("alert_wards_idle", lang, n=len(idle), total=len(plan.wards), phase=config.label(phase, lang))
    return [_alert(severity, "wards_idle", text, idle, _ward_names(plan, idle), (phase.end - as_of).days, lang)]


def _theme_groups(plan: Plan) -> dict[str, tuple[Span, list[Theme]]]:
    """Themes grouped by the phase key they belong to (``all`` for the whole period)."""
    groups: dict[str, tuple[Span, list[Theme]]] = {}
    for theme in plan.themes:
        groups.setdefault(theme.phase, (plan.theme_span(theme), []))[1].append(theme)
    return groups


def _open_themes(plan: Plan, statuses: dict[str, metrics.ThemeStatus], as_of: dt.date, lang: str) -> list[Alert]:
    out: list[Alert] = []
    for phase_key, (span, themes) in _theme_groups(plan).items():
        codes = tuple(t.code for t in themes if not statuses[t.code].covered)
        if not codes:
            continue
        label = tables.phase_label(plan, phase_key, lang)
        end = cells.format_date(span.end)
        days = (span.end - as_of).days
        if days < 0:
            text = strings.t("alert_themes_overdue", lang, n=len(codes), phase=label, end=end)
            out.append(_alert("critical", "themes_overdue", text, codes, _theme_names(plan, codes), days, lang))
        elif span.start <= as_of:
            text = strings.t("alert_themes_open", lang, n=len(codes), phase=label, end=end, when=_when(days, lang))
            severity: Severity = "warning" if days <= URGENT_DAYS else "info"
            out.append(_alert(severity, "themes_open", text, codes, _theme_names(plan, codes), days, lang))
    return out


def _theme_names(plan: Plan, codes: Iterable[str]) -> list[str]:
    return [plan.theme_names[c] for c in codes]


def _when(days: int, lang: str) -> str:
    """``còn 3 ngày`` / ``hôm nay là hạn cuối``."""
    return strings.t("alert_days_left", lang, n=days) if days else strings.t("alert_due_today", lang)


def _form_deadlines(plan: Plan, counted: Sequence[Activity], as_of: dt.date, lang: str) -> list[Alert]:
    forms = {f.key: config.label(f, lang) for f in plan.forms}
    out: list[Alert] = []
    for milestone in plan.milestones:
        if not milestone.form:
            continue
        done = {code for a in counted if a.form == milestone.form and a.date <= milestone.date for code in a.wards}
        lacking = tuple(w.code for w in plan.wards if w.code not in done)
        if not lacking:
            continue
        days = (milestone.date - as_of).days
        params = {
            "milestone": config.label(milestone, lang),
            "date": cells.format_date(milestone.date),
            "form": forms[milestone.form],
            "n": len(lacking),
            "total": len(plan.wards),
        }
        if days < 0:
            text = strings.t("alert_form_missed", lang, **params)
            out.append(_alert("critical", "form_missed", text, lacking, _ward_names(plan, lacking), days, lang))
        else:
            text = strings.t("alert_form_due", lang, when=_when(days, lang), **params)
            severity: Severity = "warning" if days <= URGENT_DAYS else "info"
            out.append(_alert(severity, "form_due", text, lacking, _ward_names(plan, lacking), days, lang))
    return out


def _reports(plan: Plan, reports: Sequence[Report], as_of: dt.date, lang: str) -> list[Alert]:
    statuses = metrics.report_status(plan, reports, as_of)
    deadline = plan.report_deadline
    days = (deadline - as_of).days
    date = cells.format_date(deadline)
    by_status: dict[str, tuple[str, ...]] = {
        status: tuple(u for u, r in statuses.items() if r.status == status) for status in ("pending", "missing", "late")
    }
    out: list[Alert] = []
    if by_status["missing"]:
        units = by_status["missing"]
        text = strings.t("alert_reports_missing", lang, n=len(units), total=len(statuses), date=date)
        out.append(_alert("critical", "reports_missing", text, units, units, days, lang))
    if by_status["pending"] and days <= REPORT_WINDOW_DAYS:
        units = by_status["pending"]
        text = strings.t(
            "alert_reports_due", lang, n=len(units), total=len(statuses), date=date, when=_when(days, lang)
        )
        out.append(_alert("warning", "reports_due", text, units, units, days, lang))
    if by_status["late"]:
        units = by_status["late"]
        text = strings.t("alert_reports_late", lang, n=len(units), date=date)
        out.append(_alert("info", "reports_late", text, units, units, None, lang))
    return out
