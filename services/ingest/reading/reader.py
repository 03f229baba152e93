"""The one reader: raw rows from any source in, valid records plus problems out.

It applies docs/reading-contract.md §1-§2 to every cell. Nothing is dropped silently: every non-empty
data row of the activities tab is either a valid :class:`Activity` or counted
as an error row, and every error and warning becomes a :class:`Problem` with
the sheet's own row number. Each distinct cell value is interpreted once.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from services.core import config, heap
from services.core.config import Plan, SheetSchema, Tab
from services.ingest.raw import RawTab, RawWorkbook
from services.ingest.reading import cells, duplicates, headers, limits, records, structure, vocab
from services.ingest.reading.records import Activity, Dataset, Problem, Report, Severity

# A problem before it is placed: severity, strings key, parameters, suggestion.
Spec = tuple[Severity, str, dict[str, Any], str | None]
_NONE: tuple[Spec, ...] = ()


class _Column(dict[tuple[type, Any], Any]):
    """One column's memo: ``(type, value) -> interpretation``, computed once per distinct value."""

    def __init__(self, interpret: Callable[[Any], Any]) -> None:
        super().__init__()
        self.interpret = interpret

    def __missing__(self, key: tuple[type, Any]) -> Any:
        result = self[key] = self.interpret(key[1])
        return result

    def map(self, column: Sequence[Any]) -> list[Any]:
        """Interpret a whole column; the loop over cells runs in C, only new values call Python."""
        return list(map(self.__getitem__, zip(map(type, column), column, strict=True)))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return str(value)
    return value


def _kept(raw: RawTab) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The sheet numbers of the non-empty rows and every column's cells in them, column by column.

    A row is empty when each of its cells is blank (``cells.is_blank``). The columns are
    scanned one at a time and only rows blank so far are looked at again, so after the
    first column the loop touches a few rows, not every cell.
    """
    if not raw.rows:
        return [], []
    numbers = list(map(_first, raw.rows))
    by_position = list(itertools.zip_longest(*map(_second, raw.rows)))  # a transpose in C; short rows get None
    blank: Sequence[int] = range(len(numbers))
    for column in by_position:
        blank = [
            i for i in blank
            if (v := column[i]) is None or v == "" or (isinstance(v, str) and v.isspace())
            or (isinstance(v, float) and math.isnan(v))
        ]  # fmt: skip
        if not blank:
            return numbers, by_position
    if len(blank) == len(numbers):
        return [], []
    keep = operator.itemgetter(*sorted(set(range(len(numbers))) - set(blank)))
    if len(numbers) - len(blank) == 1:
        return [keep(numbers)], [(keep(column),) for column in by_position]
    return list(keep(numbers)), [keep(column) for column in by_position]


_first, _second = operator.itemgetter(0), operator.itemgetter(1)


MAX_MEMO = 200_000
_INTERPRETERS: dict[int, tuple[Plan, _Cells]] = {}


def _cells_for(plan: Plan) -> _Cells:
    """The interpreter of one plan object, with its memos, shared by every read of that plan."""
    hit = _INTERPRETERS.get(id(plan))
    if hit is None or hit[0] is not plan:
        hit = _INTERPRETERS[id(plan)] = (plan, _Cells(plan))
    return hit[1]


class _Cells:
    """The interpretation of every kind of cell for one plan (docs/reading-contract.md §2), memoised per column."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.vocab = vocab.for_plan(plan)
        self.period = {"start": cells.format_date(plan.period.start), "end": cells.format_date(plan.period.end)}
        interpreters: dict[str, Callable[[Any], Any]] = {
            "date": self.date, "unit": self.unit, "wards": self.wards, "form": self.form, "themes": self.themes,
            "report_unit": functools.partial(self.unit, required=True),
            "report_date": functools.partial(self.date, late_ok=True),
        }  # fmt: skip
        self._columns = {name: _Column(interpret) for name, interpret in interpreters.items()}

    def column(self, name: str) -> _Column:
        """The memo of one kind of cell, kept across reads: districts and refreshes repeat the same values."""
        memo = self._columns[name]
        if len(memo) > MAX_MEMO:  # a long-running server must not grow without bound
            memo.clear()
        return memo

    def date(self, value: Any, *, late_ok: bool = False) -> tuple[dt.date | None, tuple[Spec, ...]]:
        day, error = cells.parse_date(value)
        if error:
            return None, (("error", error, {"value": cells.parse_text(value)}, None),)
        assert day is not None
        if day < self.plan.period.start and late_ok:
            return None, (
                ("error", "date_before", {"date": cells.format_date(day), "start": self.period["start"]}, None),
            )
        if not late_ok and not self.plan.period.contains(day):
            return None, (("error", "date_outside", {"date": cells.format_date(day), **self.period}, None),)
        return day, _NONE

    def unit(self, value: Any, *, required: bool = False) -> tuple[str | None, str, tuple[Spec, ...]]:
        shown = cells.parse_text(value)
        severity: Severity = "error" if required else "warning"
        if not shown:
            return None, shown, ((severity, "report_unit_empty" if required else "unit_empty", {}, None),)
        unit = self.vocab.unit(shown)
        if unit is None:
            code = "report_unit_unknown" if required else "unit_unknown"
            return None, shown, ((severity, code, {"value": shown}, self.vocab.suggest_unit(shown)),)
        return unit, shown, _NONE

    def wards(self, value: Any) -> tuple[tuple[str, ...], bool, tuple[Spec, ...]]:
        match = self.vocab.wards(cells.parse_text(value))
        if not (match.codes or match.district_wide or match.bad):
            return (), False, (("error", "ward_empty", {}, None),)
        specs: tuple[Spec, ...] = tuple(
            ("error", "ward_unknown", {"value": bad}, suggestion)
            for bad, suggestion in zip(match.bad, match.suggestions, strict=True)
        )
        return match.codes, match.district_wide, specs

    def form(self, value: Any) -> tuple[str | None, tuple[Spec, ...]]:
        shown = cells.parse_text(value)
        if not shown:
            return None, (("error", "form_empty", {}, None),)
        form = self.vocab.form(shown)
        if form is None:
            return None, (("error", "form_unknown", {"value": shown}, self.vocab.suggest_form(shown)),)
        return form, _NONE

    def themes(self, value: Any) -> tuple[tuple[str, ...], tuple[Spec, ...]]:
        match = self.vocab.themes(cells.parse_text(value))
        return match.codes, tuple(("warning", "theme_unknown", {"value": token}, None) for token in match.unknown)

    def counts(self, setting: str, maximum: int) -> _Column:
        """The memo of one count column under its bound (settings may change between reads)."""
        key = f"{setting}={maximum}"
        if key not in self._columns:
            self._columns[key] = _Column(functools.partial(self.count, setting=setting, maximum=maximum))
        return self.column(key)

    @staticmethod
    def count(value: Any, *, setting: str = "", maximum: int | None = None) -> tuple[int | None, tuple[Spec, ...]]:
        number, error = cells.parse_count(value, maximum)
        if error == "count_implausible":
            limit = f"{maximum:,}".replace(",", ".") if maximum is not None else "?"
            params = {"value": cells.show_number(value), "limit": limit, "setting": setting}
            return None, (("error", error, params, None),)
        return number, ((("warning", error, {"value": cells.parse_text(value)}, None),) if error else _NONE)


ACTIVITY_KEYS = ["id", "date", "unit", "ward", "form", "themes", "title", "participants", "quantity", "evidence",
                 "entered_by", "notes"]  # fmt: skip
REPORT_KEYS = ["unit", "submitted", "evidence", "notes"]
_MEMOISED = frozenset({"date", "unit", "ward", "form", "themes", "participants", "quantity"})


class _Tab:
    """Column positions, headers and problems of one tab."""

    def __init__(self, raw: RawTab, tab: Tab, keys: list[str]) -> None:
        self.title = tab.title
        self.positions = headers.map_header(raw.header, tab)
        self.headers = {c.key: c.header for c in tab.columns}
        self.problems: list[Problem] = [
            Problem(tab.title, 1, c.header, "error", "missing_column", {"column": c.header})
            for c in tab.columns
            if c.required and c.key not in self.positions
        ]
        self.keys = keys

    def columns(self, by_position: list[tuple[Any, ...]], count: int, memoised: frozenset[str]) -> list[Sequence[Any]]:
        """The cells of ``keys``' columns, one sequence per key, from every position's ``count`` cells.

        In a ``memoised`` column every cell is a memo key, so must be hashable; free text is not
        hashed (the first hash of 100k distinct titles and links costs ~30 ms for nothing).
        """
        empty = (None,) * count  # a column the header lacks (or no row reaches) reads as empty cells
        out: list[Sequence[Any]] = []
        for key in self.keys:
            position = self.positions.get(key)
            column = empty if position is None or position >= len(by_position) else by_position[position]
            try:
                if key in memoised:
                    hash(column)
            except TypeError:
                column = tuple(_hashable(v) for v in column)
            out.append(column)
        return out

    def place(self, row: int, found: list[tuple[str, Spec]]) -> bool:
        """Record a row's problems; True when one of them is an error."""
        for key, (severity, code, params, suggestion) in found:
            self.problems.append(
                Problem(self.title, row, self.headers.get(key, key), severity, code, dict(params), suggestion)
            )
        return any(spec[0] == "error" for _, spec in found)


def _read_activities(
    raw: RawTab, tab: Tab, interpret: _Cells, bounds: limits.Limits
) -> tuple[list[Activity], list[Problem], int, int]:
    """Column by column: each distinct cell is interpreted once, and the loops over 100k rows run in C.

    Only rows with a problem go through Python one by one; the clean ones become
    activities field by field over the value columns.
    """
    sheet = _Tab(raw, tab, ACTIVITY_KEYS)
    values, keep = _values(raw, sheet, interpret, bounds)  # the sheet's cells, column by column, die with it
    read = len(keep)
    kept = []
    while values:  # each column is let go as soon as it is filtered: 250k rows keep ~20 MB less at the peak
        kept.append(list(itertools.compress(values.pop(0), keep)))
    activities = records.activities_from_columns(kept)
    notices = duplicates.notices(kept, tab)
    return activities, sheet.problems + notices, read, read - len(activities)


def _values(raw: RawTab, sheet: _Tab, interpret: _Cells, bounds: limits.Limits) -> tuple[list[list[Any]], list[bool]]:
    """Every field of ``Activity`` as a column over the non-empty rows, and which rows have no error."""
    rows, by_position = _kept(raw)
    c_id, c_date, c_unit, c_ward, c_form, c_themes, c_title, c_part, c_qty, c_ev, c_by, c_notes = sheet.columns(
        by_position, len(rows), _MEMOISED
    )
    ids = [(v.strip() or None) if v.__class__ is str else cells.parse_id(v) for v in c_id]  # rarely repeat
    seen: dict[str | None, int] = {}
    firsts = list(map(seen.setdefault, ids, rows))  # the row where each id first appears
    duplicates: list[tuple[int, ...]] = [
        () if i is None or f == r else (f,) for i, f, r in zip(ids, firsts, rows, strict=True)
    ]
    dates, units = interpret.column("date").map(c_date), interpret.column("unit").map(c_unit)
    wards, forms = interpret.column("wards").map(c_ward), interpret.column("form").map(c_form)
    themes = interpret.column("themes").map(c_themes)
    participants = interpret.counts("max_participants", bounds.participants).map(c_part)
    quantities = interpret.counts("max_quantity", bounds.quantity).map(c_qty)
    by_key = {"date": dates, "unit": units, "ward": wards, "form": forms, "themes": themes,
              "participants": participants, "quantity": quantities}  # fmt: skip
    keep, warnings = _place_problems(sheet, rows, ids, duplicates, by_key)
    values: list[list[Any]] = [
        rows, ids, _part(dates, 0), _part(units, 0), _part(units, 1), _part(wards, 0), _part(wards, 1),
        _part(forms, 0), _part(themes, 0), _texts(c_title), _part(participants, 0), _part(quantities, 0),
        _texts(c_ev), _texts(c_by), _texts(c_notes), warnings,
    ]  # fmt: skip
    return values, keep


def _place_problems(
    sheet: _Tab, rows: list[int], ids: list[str | None], duplicates: list[tuple[int, ...]], by_key: dict[str, list[Any]]
) -> tuple[list[bool], list[int]]:
    """List the problems of every row that has one; return which rows to keep and their warning counts."""
    problem_columns = [list(map(_last, column)) for column in by_key.values()]
    flagged = [n for n, bad in enumerate(map(any, zip(duplicates, *problem_columns, strict=True))) if bad]
    keep, warnings = [True] * len(rows), [0] * len(rows)
    for n in flagged:
        found: list[tuple[str, Spec]] = [
            ("id", ("error", "id_duplicate", {"value": ids[n], "first_row": first}, None)) for first in duplicates[n]
        ]
        for key, column in zip(by_key, problem_columns, strict=True):
            if column[n]:
                found.extend((key, spec) for spec in column[n])
        if sheet.place(rows[n], found):
            keep[n] = False
        else:
            warnings[n] = len(found)
    return keep, warnings


def _texts(column: Sequence[Any]) -> list[str]:
    """Free-text cells (mostly distinct, so not memoised)."""
    try:
        return list(map(str.strip, column))  # all text: one loop in C
    except TypeError:
        pass
    try:
        return list(map(str.strip, map(_EMPTY_TEXT.get, column, column)))  # type: ignore[arg-type]  # dict.get(k, default) in C
    except TypeError:
        return [v.strip() if v.__class__ is str else cells.parse_text(v) for v in column]


_EMPTY_TEXT: dict[Any, str] = {None: ""}  # .get(cell, cell): an empty cell reads as ""


def _part(column: list[tuple[Any, ...]], index: int) -> list[Any]:
    return list(map(operator.itemgetter(index), column))


_last = operator.itemgetter(-1)  # an interpretation's problems come last


def _read_reports(raw: RawTab, tab: Tab, interpret: _Cells) -> tuple[list[Report], list[Problem]]:
    sheet = _Tab(raw, tab, REPORT_KEYS)
    units, dates = interpret.column("report_unit"), interpret.column("report_date")
    reports: list[Report] = []
    numbers, by_position = _kept(raw)
    c_unit, c_date, c_ev, c_notes = sheet.columns(by_position, len(numbers), frozenset(REPORT_KEYS))
    for row, (unit, _, p_unit), (day, p_date), evidence, notes in zip(
        numbers,
        units.map(c_unit),
        dates.map(c_date),
        map(cells.parse_text, c_ev),
        map(cells.parse_text, c_notes),
        strict=True,
    ):
        found = [*(("unit", s) for s in p_unit), *(("submitted", s) for s in p_date)]
        if not sheet.place(row, found) and unit is not None and day is not None:
            reports.append(Report(row, unit, day, evidence, notes))
    return reports, sheet.problems


def _bounded(tab: RawTab | None, title: str, bounds: limits.Limits, problems: list[Problem]) -> limits.Bounded | None:
    """Clip a tab to the size limits (settings), listing what was cut as problems."""
    if tab is None:
        return None
    result = limits.bound(tab, title, bounds)
    problems.extend(
        Problem(title, row, column, severity, code, params) for row, column, severity, code, params in result.cuts
    )
    return result


def _missing_tab(raw: RawWorkbook, title: str, severity: Severity) -> Problem:
    """``title`` is not in the source; the tabs that are there go with it, for the structural banner."""
    return Problem(title, 1, "", severity, "missing_tab", {"tab": title, "found": list(raw.tabs)})


@heap.gc_paused()  # millions of new objects, no garbage cycles: a third of the CPU (issue 14)
def read(raw: RawWorkbook, plan: Plan, schema: SheetSchema, bounds: limits.Limits | None = None) -> Dataset:
    """Turn a source's raw rows into valid records and a complete list of problems.

    ``bounds`` defaults to the size limits in ``config/settings.yaml``.
    """
    interpret = _cells_for(plan)
    problems: list[Problem] = []
    tabs = schema.tabs
    bounds = bounds or limits.Limits.from_settings(config.load_settings())
    act_bounded = _bounded(
        raw.find(tabs["activities"].title, tabs["activities"].aliases), tabs["activities"].title, bounds, problems
    )
    rep_bounded = _bounded(
        raw.find(tabs["reports"].title, tabs["reports"].aliases), tabs["reports"].title, bounds, problems
    )
    act_tab = act_bounded.tab if act_bounded else None
    rep_tab = rep_bounded.tab if rep_bounded else None
    activities: list[Activity] = []
    reports: list[Report] = []
    read_rows = errors = 0
    if act_tab is None:
        problems.append(_missing_tab(raw, tabs["activities"].title, "error"))
    else:
        activities, found, read_rows, errors = _read_activities(act_tab, tabs["activities"], interpret, bounds)
        problems.extend(found)
        if act_bounded and act_bounded.shortened:  # a shortened cell is one more warning on its row
            cut = act_bounded.shortened
            activities = [replace(a, warnings=a.warnings + cut[a.row]) if a.row in cut else a for a in activities]
    if rep_tab is None:
        problems.append(_missing_tab(raw, tabs["reports"].title, "warning"))
    else:
        reports, found = _read_reports(rep_tab, tabs["reports"], interpret)
        problems.extend(found)
    return Dataset(
        activities=activities, reports=reports, problems=problems, read=read_rows,
        errors=errors, label=raw.label, kind=raw.kind, url=raw.url, read_at=raw.read_at,
        gids=dict(raw.gids), stale_reason=raw.stale_reason,
        blocked=structure.blocked(problems, {key: tab.title for key, tab in tabs.items()}),
    )  # fmt: skip
