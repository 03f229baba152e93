"""The one reader: raw rows from any source in, valid records plus problems out.

It applies SPEC §3 to every cell. Nothing is dropped silently: every non-empty
data row of the activities tab is either a valid :class:`Activity` or counted
as an error row, and every error and warning becomes a :class:`Problem` with
the sheet's own row number. Each distinct cell value is interpreted once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from services import cells, strings, text, vocab
from services.config import Plan, SheetSchema, Tab
from services.sources import RawTab, RawWorkbook

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning about one cell (or the header row)."""

    sheet: str
    row: int
    column: str
    severity: Severity
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suggestion: str | None = None

    def message(self, lang: str = "vi") -> str:
        """The problem in words, with the suggestion when there is one."""
        out = strings.t(self.code, lang, **self.params)
        if self.suggestion:
            out += strings.t("suggest", lang, suggestion=self.suggestion)
        return out

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "message": self.message(lang),
        }


@dataclass(frozen=True, slots=True)
class Activity:
    """A valid row of the activities tab."""

    row: int
    id: str | None
    date: dt.date
    unit: str | None  # canonical unit name; None means "other unit"
    unit_text: str
    wards: tuple[str, ...]  # ward codes
    district_wide: bool
    form: str
    themes: tuple[str, ...]
    title: str
    participants: int | None
    quantity: int | None
    evidence: str
    entered_by: str
    notes: str
    warnings: int


@dataclass(frozen=True, slots=True)
class Report:
    """A valid row of the reports tab."""

    row: int
    unit: str
    submitted: dt.date
    evidence: str
    notes: str


@dataclass
class Dataset:
    """Everything read from one source."""

    activities: list[Activity]
    reports: list[Report]
    problems: list[Problem]
    read: int  # non-empty data rows of the activities tab
    errors: int  # of which excluded for errors
    label: str = ""
    kind: str = "local"
    url: str | None = None
    read_at: dt.datetime | None = None
    gids: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return len(self.activities)

    @property
    def warned(self) -> int:
        """Valid activity rows with at least one warning."""
        return sum(1 for a in self.activities if a.warnings)


def _bracketed(header: str) -> list[str]:
    """``"Ngày [date]"`` -> ``["Ngày", "date"]``; ``"Ngày (dd/mm)"`` -> ``["Ngày"]``."""
    inner = re.findall(r"\[([^\]]*)\]", header)
    return [re.sub(r"[\[(].*$", "", header).strip(), *inner]


def map_header(header: list[Any], tab: Tab) -> dict[str, int]:
    """Map column keys to positions, tolerant of case, diacritics, spaces, English."""
    wanted: dict[str, str] = {}
    for column in tab.columns:
        wanted.setdefault(text.key(column.header), column.key)
        wanted.setdefault(text.key(column.key), column.key)
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        for name in _bracketed(cells.parse_text(cell)):
            column_key = wanted.get(text.key(name))
            if column_key and column_key not in found:
                found[column_key] = position
                break
    return found


class _Memo:
    """Interpret each distinct cell value once per column."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, type, Hashable], Any] = {}

    def get(self, column: str, value: Any, parse: Callable[[Any], Any]) -> Any:
        try:
            memo_key = (column, type(value), value)
            hit = self._store.get(memo_key, _MISSING)
        except TypeError:  # an unhashable cell value
            return parse(value)
        if hit is _MISSING:
            hit = self._store[memo_key] = parse(value)
        return hit


_MISSING = object()


class _RowReader:
    """Reads rows of one tab, collecting problems with their row numbers."""

    def __init__(self, raw: RawTab, tab: Tab, plan: Plan, memo: _Memo) -> None:
        self.raw, self.tab, self.plan, self.memo = raw, tab, plan, memo
        self.vocab = vocab.for_plan(plan)
        self.positions = map_header(raw.header, tab)
        self.problems: list[Problem] = []
        self.row_problems: list[Problem] = []

    def header_problems(self) -> list[Problem]:
        return [
            Problem(self.tab.title, 1, c.header, "error", "missing_column", {"column": c.header})
            for c in self.tab.columns
            if c.required and c.key not in self.positions
        ]

    def cell(self, cells_: list[Any], key: str) -> Any:
        position = self.positions.get(key)
        return cells_[position] if position is not None and position < len(cells_) else None

    def flag(self, row: int, key: str, severity: Severity, code: str, **params: Any) -> None:
        suggestion = params.pop("suggestion", None)
        header = self.tab.column(key).header
        self.row_problems.append(Problem(self.tab.title, row, header, severity, code, params, suggestion))

    def date(self, row: int, value: Any, key: str) -> dt.date | None:
        day, error = self.memo.get(key, value, cells.parse_date)
        if error:
            shown = cells.parse_text(value)
            self.flag(row, key, "error", error, value=shown)
        return day

    def count(self, row: int, value: Any, key: str) -> int | None:
        number, error = self.memo.get("count", value, cells.parse_count)
        if error:
            self.flag(row, key, "warning", error, value=cells.parse_text(value))
        return number

    def text_of(self, cells_: list[Any], key: str) -> str:
        return self.memo.get("text", self.cell(cells_, key), cells.parse_text)

    def finish_row(self) -> tuple[int, int]:
        """Move this row's problems to the list; return (errors, warnings)."""
        errors = sum(1 for p in self.row_problems if p.severity == "error")
        warnings = len(self.row_problems) - errors
        self.problems.extend(self.row_problems)
        self.row_problems = []
        return errors, warnings


def _period_text(plan: Plan) -> dict[str, str]:
    return {
        "start": cells.format_date(plan.period.start),
        "end": cells.format_date(plan.period.end),
    }


def _read_activities(raw: RawTab, tab: Tab, plan: Plan, memo: _Memo) -> tuple[list[Activity], list[Problem], int, int]:
    reader = _RowReader(raw, tab, plan, memo)
    v = reader.vocab
    problems = reader.header_problems()
    activities: list[Activity] = []
    seen_ids: dict[str, int] = {}
    read = errors = 0
    for row, values in raw.rows:
        if all(cells.is_blank(c) for c in values):
            continue
        read += 1
        ident = reader.memo.get("id", reader.cell(values, "id"), cells.parse_id)
        if ident is not None:
            if ident in seen_ids:
                reader.flag(row, "id", "error", "id_duplicate", value=ident, first_row=seen_ids[ident])
            else:
                seen_ids[ident] = row
        day = reader.date(row, reader.cell(values, "date"), "date")
        if day is not None and not plan.period.contains(day):
            reader.flag(row, "date", "error", "date_outside", date=cells.format_date(day), **_period_text(plan))
        unit_text = reader.text_of(values, "unit")
        unit = memo.get("unit", unit_text, v.unit) if unit_text else None
        if not unit_text:
            reader.flag(row, "unit", "warning", "unit_empty")
        elif unit is None:
            reader.flag(
                row,
                "unit",
                "warning",
                "unit_unknown",
                value=unit_text,
                suggestion=memo.get("unit?", unit_text, v.suggest_unit),
            )
        ward_text = reader.text_of(values, "ward")
        match = memo.get("ward", ward_text, v.wards)
        if not ward_text or not (match.codes or match.district_wide or match.bad):
            reader.flag(row, "ward", "error", "ward_empty")
        for bad, suggestion in zip(match.bad, match.suggestions, strict=True):
            reader.flag(row, "ward", "error", "ward_unknown", value=bad, suggestion=suggestion)
        form_text = reader.text_of(values, "form")
        form = memo.get("form", form_text, v.form) if form_text else None
        if not form_text:
            reader.flag(row, "form", "error", "form_empty")
        elif form is None:
            reader.flag(
                row,
                "form",
                "error",
                "form_unknown",
                value=form_text,
                suggestion=memo.get("form?", form_text, v.suggest_form),
            )
        theme_match = memo.get("themes", reader.text_of(values, "themes"), v.themes)
        for token in theme_match.unknown:
            reader.flag(row, "themes", "warning", "theme_unknown", value=token)
        participants = reader.count(row, reader.cell(values, "participants"), "participants")
        quantity = reader.count(row, reader.cell(values, "quantity"), "quantity")
        row_errors, row_warnings = reader.finish_row()
        if row_errors:
            errors += 1
            continue
        assert day is not None and form is not None  # guaranteed when no error
        activities.append(
            Activity(
                row=row, id=ident, date=day, unit=unit, unit_text=unit_text,
                wards=match.codes, district_wide=match.district_wide, form=form,
                themes=theme_match.codes, title=reader.text_of(values, "title"),
                participants=participants, quantity=quantity,
                evidence=reader.text_of(values, "evidence"),
                entered_by=reader.text_of(values, "entered_by"),
                notes=reader.text_of(values, "notes"), warnings=row_warnings,
            )
        )  # fmt: skip
    return activities, problems + reader.problems, read, errors


def _read_reports(raw: RawTab, tab: Tab, plan: Plan, memo: _Memo) -> tuple[list[Report], list[Problem]]:
    reader = _RowReader(raw, tab, plan, memo)
    problems = reader.header_problems()
    reports: list[Report] = []
    for row, values in raw.rows:
        if all(cells.is_blank(c) for c in values):
            continue
        unit_text = reader.text_of(values, "unit")
        unit = memo.get("unit", unit_text, reader.vocab.unit) if unit_text else None
        if not unit_text:
            reader.flag(row, "unit", "error", "report_unit_empty")
        elif unit is None:
            suggestion = memo.get("unit?", unit_text, reader.vocab.suggest_unit)
            reader.flag(row, "unit", "error", "report_unit_unknown", value=unit_text, suggestion=suggestion)
        day = reader.date(row, reader.cell(values, "submitted"), "submitted")
        if day is not None and day < plan.period.start:
            reader.flag(
                row,
                "submitted",
                "error",
                "date_before",
                date=cells.format_date(day),
                start=cells.format_date(plan.period.start),
            )
        row_errors, _ = reader.finish_row()
        if not row_errors and unit is not None and day is not None:
            reports.append(Report(row, unit, day, reader.text_of(values, "evidence"), reader.text_of(values, "notes")))
    return reports, problems + reader.problems


def read(raw: RawWorkbook, plan: Plan, schema: SheetSchema) -> Dataset:
    """Turn a source's raw rows into valid records and a complete list of problems."""
    memo = _Memo()
    problems: list[Problem] = []
    tabs = schema.tabs
    act_tab = raw.find(tabs["activities"].title, tabs["activities"].aliases)
    rep_tab = raw.find(tabs["reports"].title, tabs["reports"].aliases)
    activities: list[Activity] = []
    reports: list[Report] = []
    read_rows = errors = 0
    if act_tab is None:
        problems.append(
            Problem(tabs["activities"].title, 1, "", "error", "missing_tab", {"tab": tabs["activities"].title})
        )
    else:
        activities, found, read_rows, errors = _read_activities(act_tab, tabs["activities"], plan, memo)
        problems.extend(found)
    if rep_tab is None:
        problems.append(Problem(tabs["reports"].title, 1, "", "warning", "missing_tab", {"tab": tabs["reports"].title}))
    else:
        reports, found = _read_reports(rep_tab, tabs["reports"], plan, memo)
        problems.extend(found)
    return Dataset(
        activities=activities, reports=reports, problems=problems, read=read_rows,
        errors=errors, label=raw.label, kind=raw.kind, url=raw.url, read_at=raw.read_at,
        gids=dict(raw.gids),
    )  # fmt: skip
