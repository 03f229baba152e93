"""Report completeness the DHIS2 way: the one definition every screen and document uses.

Out of the units the plan expects to report: how many have submitted, how many on time
(by the reporting deadline), how many late, and — until the deadline — how many are
still pending; after it, how many are missing. The overview, the meeting brief, the
units page and the documents all read :func:`completeness`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from services.core import memo, strings, text
from services.core.config import Plan
from services.figures import metrics
from services.ingest.reading.reader import Report

# Worst first: a unit that has not reported after the deadline, then late, then still pending.
ORDER = {"missing": 0, "late": 1, "pending": 2, "on_time": 3}


@dataclass(frozen=True)
class Completeness:
    """Reporting as of a day: counts per status out of ``expected``, rates in %."""

    expected: int
    on_time: int
    late: int
    pending: int
    missing: int
    deadline: dt.date
    as_of: dt.date
    before_deadline: bool  # the deadline has not passed: nobody is missing yet
    units: tuple[metrics.UnitReport, ...]  # every expected unit, worst first

    @property
    def submitted(self) -> int:
        """Units that have sent a report (on time or late)."""
        return self.on_time + self.late

    @property
    def outstanding(self) -> int:
        """Units that have sent nothing yet (pending or missing)."""
        return self.pending + self.missing

    @property
    def rate(self) -> float | None:
        """Reporting rate: submitted / expected, in % (None when nobody is expected)."""
        return 100 * self.submitted / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        """Reporting rate on time: on time / expected, in % (None when nobody is expected)."""
        return 100 * self.on_time / self.expected if self.expected else None

    def value(self, lang: str = "vi") -> str:
        """The headline value: ``10/14`` after the deadline; before it only what was sent (``3``)."""
        if self.before_deadline:
            return text.format_int(self.submitted, lang)
        return f"{text.format_int(self.submitted, lang)}/{text.format_int(self.expected, lang)}"

    def detail(self, lang: str = "vi") -> str:
        """What the value counts: on time and the deadline, or that it is not due yet."""
        date = f"{self.deadline:%d/%m}"  # short: it sits under a figure
        if self.before_deadline:
            key = "rep_due_today" if self.deadline == self.as_of else "rep_not_due"
            return strings.t(key, lang, date=date, n=self.submitted)
        return strings.t("rep_detail", lang, on_time=self.on_time, late=self.late, date=date)

    def share(self, n: int, lang: str = "vi") -> str:
        """What a rate counts ("3/18 đơn vị"); up to the deadline it says the rate is not due yet / due today."""
        key = "rep_of_units"
        if self.before_deadline:
            key = "rep_of_units_due_today" if self.deadline == self.as_of else "rep_of_units_not_due"
        return strings.t(key, lang, n=n, total=self.expected)

    def text(self, lang: str = "vi") -> str:
        """One line for a document: "Đã nộp báo cáo 10/14 (8 đúng hạn)" or "chưa đến hạn 04/02 · 3 đã nộp"."""
        if self.before_deadline:
            return self.detail(lang)
        return strings.t("rep_text", lang, n=self.submitted, total=self.expected, on_time=self.on_time)


def colour(done: Completeness) -> str:
    """A named colour for the figure's line: red when units are missing, orange when late, else gray."""
    if done.missing:
        return "red"
    return "orange" if done.late else "gray"


def rate_colour(value: float | None, before_deadline: bool) -> str:
    """Colour a rate: gray while not due or complete; red below half, orange below 100% after the deadline."""
    if before_deadline or value is None or value >= 100:
        return "gray"
    return "red" if value < 50 else "orange"


def percent(value: float | None) -> str:
    """A rate as a whole percentage ("71%"), "—" when there is nothing to count."""
    return "—" if value is None else f"{round(value)}%"


@memo.by_identity(maxsize=32)
def completeness(plan: Plan, reports: Sequence[Report], as_of: dt.date) -> Completeness:
    """Count the expected units by report status as of ``as_of`` (earliest report per unit counts)."""
    status = metrics.report_status(plan, reports, as_of)
    counts = {key: 0 for key in ORDER}
    for report in status.values():
        counts[report.status] += 1
    position = {unit: i for i, unit in enumerate(plan.expected_reporters)}
    ranked = sorted(status.values(), key=lambda r: (ORDER[r.status], position[r.unit]))
    deadline = plan.report_deadline
    return Completeness(
        expected=len(status),
        on_time=counts["on_time"],
        late=counts["late"],
        pending=counts["pending"],
        missing=counts["missing"],
        deadline=deadline,
        as_of=as_of,
        before_deadline=as_of <= deadline,
        units=tuple(ranked),
    )
