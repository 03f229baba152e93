"""The one-screen meeting brief as plain data.

Computed once from :mod:`services.figures.metrics` and :mod:`services.figures.alerts` for a
date, and used by both the meeting page and the PDF brief, so the screen and
the paper always show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from services.core import config, strings, text
from services.core.config import Plan
from services.figures import alerts, coverage, metrics, reporting, tables
from services.figures.alerts import Alert
from services.figures.metrics import Tally
from services.ingest.reading import cells
from services.ingest.reading.reader import Activity, Report

TOP_ALERTS = 5
LAGGING_WARDS = 5  # wards the PDF names as lagging (fewest activities)
NAMES_SHOWN = 4  # names an alert shows on the meeting screen; a longer list shows NAMES_CUT and "+N"
NAMES_CUT = 3
MIN_PREFIX_WORDS = 2
ThemeState = Literal["covered", "overdue", "open", "upcoming"]


@dataclass(frozen=True)
class Figure:
    """One headline figure: ``value`` out of ``total`` (when it is a share)."""

    key: str
    label: str
    value: int
    total: int | None
    detail: str

    def text(self, lang: str = "vi") -> str:
        shown = text.format_int(self.value, lang)
        return f"{shown}/{text.format_int(self.total, lang)}" if self.total is not None else shown


@dataclass(frozen=True)
class ThemeItem:
    code: str
    label: str
    phase: str
    activities: int
    state: ThemeState
    name: str = ""  # code and short label (``Theme.name``)

    def state_label(self, lang: str = "vi") -> str:
        return strings.t(f"brief_state_{self.state}", lang)


@dataclass(frozen=True)
class Brief:
    """Everything the meeting screen and the PDF brief show, for one date."""

    title: str
    as_of: dt.date
    phase_key: str
    phase_label: str
    countdown: str
    days_left: int | None
    figures: list[Figure]
    themes: list[ThemeItem]
    alerts: list[Alert]
    wards: dict[str, Tally]
    completeness: reporting.Completeness  # the reports figure's source: units not reported, worst first

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def lagging(self, n: int = LAGGING_WARDS) -> list[tuple[str, Tally]]:
        """The ``n`` wards with the fewest activities (fewest first, then plan order)."""
        ranked = sorted(enumerate(self.wards.items()), key=lambda item: (item[1][1].activities, item[0]))
        return [pair for _, pair in ranked[:n]]


def countdown(plan: Plan, day: dt.date, lang: str = "vi") -> tuple[str, int | None]:
    """The next milestone in words and the days left to it (``None`` after the last)."""
    upcoming = metrics.next_milestone(plan, day)
    if upcoming is None:
        return strings.t("brief_no_milestone", lang), None
    params = {"label": config.label(upcoming.milestone, lang), "date": cells.format_date(upcoming.milestone.date)}
    if upcoming.days_left == 0:
        return strings.t("brief_today", lang, **params), 0
    return strings.t("brief_countdown", lang, days=upcoming.days_left, **params), upcoming.days_left


def theme_items(plan: Plan, counted: Sequence[Activity], day: dt.date) -> list[ThemeItem]:
    """The checklist in plan order; a theme whose phase has not started is ``upcoming``."""
    status = metrics.theme_status(plan, counted, day)
    out = []
    for theme in plan.themes:
        s = status[theme.code]
        state: ThemeState
        if s.covered:
            state = "covered"
        elif s.overdue:
            state = "overdue"
        else:
            state = "open" if day >= plan.theme_span(theme).start else "upcoming"
        out.append(ThemeItem(theme.code, theme.label, theme.phase, s.activities, state, theme.name))
    return out


def figures(
    plan: Plan, counted: Sequence[Activity], reports: Sequence[Report], day: dt.date, lang: str = "vi"
) -> list[Figure]:
    """The four headline figures: activities, wards reached, themes covered, units reported."""
    t = lambda key, **params: strings.t(key, lang, **params)  # noqa: E731
    k = coverage.kpis(plan, counted, reports, day)
    num = lambda value: text.format_int(value, lang)  # noqa: E731
    return [
        Figure(
            "activities",
            t("fig_activities"),
            k.activities,
            None,
            t("fig_activities_detail", people=num(k.participants)),
        ),
        Figure("wards", t("fig_wards"), k.wards_reached, k.wards_total, t("fig_wards_detail", n=num(k.district_wide))),
        Figure(
            "themes",
            t("fig_themes"),
            k.themes_covered,
            k.themes_total,
            t("fig_themes_detail", n=k.themes_overdue),
        ),
        report_figure(plan, reports, day, lang),
    ]


def report_figure(plan: Plan, reports: Sequence[Report], day: dt.date, lang: str = "vi") -> Figure:
    """Units reported, from :func:`reporting.completeness` (the overview shows the same)."""
    done = reporting.completeness(plan, reports, day)
    total = None if done.before_deadline else done.expected  # before the deadline "0/14" would read as failure
    return Figure("reports", strings.t("rep_label", lang), done.submitted, total, done.detail(lang))


def build(
    plan: Plan,
    activities: Sequence[Activity],
    reports: Sequence[Report],
    day: dt.date,
    lang: str = "vi",
    *,
    blocked: Collection[str] = (),
) -> Brief:
    """The brief as of ``day`` from the valid activities (all dates) and reports.

    ``blocked``: the tabs the reader could not read (``Dataset.blocked``), passed to the alerts.
    """
    counted = metrics.counted(activities, day)
    phase = metrics.phase_at(plan, day)
    text, days_left = countdown(plan, day, lang)
    return Brief(
        title=strings.t("brief_title", lang, plan=plan.short_name),
        as_of=day,
        phase_key=phase,
        phase_label=tables.phase_label(plan, phase, lang),
        countdown=text,
        days_left=days_left,
        figures=figures(plan, counted, reports, day, lang),
        themes=theme_items(plan, counted, day),
        alerts=alerts.compute(plan, activities, reports, day, lang, blocked=blocked)[:TOP_ALERTS],
        wards=metrics.ward_coverage(plan, counted),
        completeness=reporting.completeness(plan, reports, day),
    )


@dataclass(frozen=True)
class NameList:
    """An alert's names as the meeting screen shows them: a shared prefix said once, the first few, the rest."""

    prefix: str  # "Đảng ủy phường" when every name starts with it, else ""
    shown: tuple[str, ...]
    hidden: tuple[str, ...]  # behind "+N"


def name_list(names: Sequence[str], shown: int = NAMES_SHOWN, cut: int = NAMES_CUT) -> NameList:
    """``names`` with their common leading words taken out (``Đảng ủy phường X`` -> ``X``), cut after ``cut``.

    Up to ``shown`` names are all shown; a longer list shows the first ``cut`` and hides the rest.
    """
    prefix = _common_words(names) if len(names) > 1 else ""
    short = tuple(n[len(prefix) :].strip() if prefix else n for n in names)
    if len(short) <= shown:
        return NameList(prefix, short, ())
    return NameList(prefix, short[:cut], short[cut:])


def _common_words(names: Sequence[str]) -> str:
    """The leading words every name shares (two or more: "Phúc" of Phúc Lợi and Phúc Đồng is no prefix)."""
    split = [n.split() for n in names]
    common: list[str] = []
    for words in zip(*split, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    common = common[: min(len(w) for w in split) - 1]  # each name keeps a word of its own
    return " ".join(common) if len(common) >= MIN_PREFIX_WORDS else ""
