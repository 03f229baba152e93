"""What the reader produces: valid activity and report records, problems, and the dataset.

Plain frozen records, built by :mod:`services.ingest.reading.reader` and read by every
figure, chart, page and document (``reader.Activity`` etc. name the same classes).
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from services.core import strings
from services.ingest.reading import structure

# "notice": a hint for a person (a probable duplicate) that is neither an error nor one of the
# contract's warnings (docs/reading-contract.md §2): listed on the data-quality page, never counted.
Severity = Literal["error", "warning", "notice"]


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


_ACTIVITY_FIELDS = ["row", "id", "date", "unit", "unit_text", "wards", "district_wide", "form", "themes", "title",
                    "participants", "quantity", "evidence", "entered_by", "notes", "warnings"]  # fmt: skip
if [f.name for f in fields(Activity)] != _ACTIVITY_FIELDS:
    raise RuntimeError("Activity's fields changed: activities_from_columns fills them by position, every one")
_FIELD_SETTERS = [Activity.__dict__[name].__set__ for name in _ACTIVITY_FIELDS]  # each slot's own setter


def activities_from_columns(columns: list[list[Any]]) -> list[Activity]:
    """``Activity(*row)`` for every row of ``columns`` (one per field, in order), filled field by field.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` in
    Python: twice the time of filling one slot across all rows in a loop that runs in C.
    """
    made: list[Activity] = list(map(object.__new__, itertools.repeat(Activity, len(columns[0]))))
    for set_field, column in zip(_FIELD_SETTERS, columns, strict=True):
        collections.deque(map(set_field, made, column), maxlen=0)
    return made


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
    stale_reason: str | None = None  # why the data is an older snapshot (Google failed)
    blocked: frozenset[str] = frozenset()  # tab keys that cannot be read (a missing tab or header column)

    @property
    def structural(self) -> list[Problem]:
        """Problems with the sheet's shape (missing tab, renamed headers): the data cannot be read as is."""
        return structure.structural(self.problems)

    @property
    def unreadable(self) -> bool:
        """True when the activities tab cannot be read: its zeros mean nothing, so nothing may be alerted."""
        return structure.ACTIVITIES in self.blocked

    @property
    def valid(self) -> int:
        return len(self.activities)

    @property
    def warned(self) -> int:
        """Valid activity rows with at least one warning."""
        return sum(1 for a in self.activities if a.warnings)
