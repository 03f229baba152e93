"""Size limits on what is read from a sheet: rows, columns, characters per cell.

A hostile or broken sheet (a million rows, a 50,000-character cell) must not
stall every viewer's dashboard. The reader clips each tab to the limits in
``config/settings.yaml`` and says what it cut, with the sheet's row and column,
so nothing disappears silently.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field
from typing import Any

from services.core.config import Settings
from services.ingest.raw import RawTab
from services.ingest.reading import cells
from services.ingest.reading.records import Severity

# (sheet row, column, severity, strings key, parameters)
Cut = tuple[int, str, Severity, str, dict[str, Any]]


@dataclass(frozen=True)
class Limits:
    """The most rows (of the sheet, blank ones included), columns and characters per cell read."""

    rows: int = 200_000
    columns: int = 60
    cell_chars: int = 10_000
    # The largest plausible count per activity (issue 10): above it a row is an error, not a figure.
    participants: int = 1_000_000
    quantity: int = 1_000_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            rows=settings.max_rows, columns=settings.max_columns, cell_chars=settings.max_cell_chars,
            participants=settings.max_participants, quantity=settings.max_quantity,
        )  # fmt: skip


@dataclass
class Bounded:
    """A tab clipped to the limits, what was cut, and per sheet row how many cells were shortened."""

    tab: RawTab
    cuts: list[Cut] = field(default_factory=list)
    shortened: dict[int, int] = field(default_factory=dict)


def _column_name(header: list[Any], index: int) -> str:
    name = cells.parse_text(header[index]) if index < len(header) else ""
    if name:
        return name[:80]
    # Imported here: only an unnamed column needs it (openpyxl's own A1 helper; gspread would cost ~0.3 s CPU).
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def bound(tab: RawTab, title: str, limits: Limits) -> Bounded:
    """Clip ``tab`` to ``limits``; ``title`` is the tab's name in messages."""
    cuts: list[Cut] = []
    header, rows = tab.header, tab.rows
    if len(rows) > limits.rows:
        last = rows[limits.rows - 1][0]
        cuts.append(
            (rows[limits.rows][0], "", "error", "limit_rows", {"tab": title, "limit": limits.rows, "last": last})
        )
        rows = rows[: limits.rows]
    width = max(len(header), max(map(len, map(_values, rows)), default=0))
    if width > limits.columns:
        cuts.append((1, "", "warning", "limit_columns", {"tab": title, "count": width, "limit": limits.columns}))
        header = header[: limits.columns]
        rows = [(number, values[: limits.columns]) for number, values in rows]
    header, header_cut = _shorten(header, limits.cell_chars)
    long_rows = _long_rows(rows, limits.cell_chars)
    if not cuts and not header_cut and not long_rows:
        return Bounded(tab)
    shortened: dict[int, int] = {}
    rows = list(rows)
    for i in long_rows:
        number, values = rows[i]
        short, lengths = _shorten(values, limits.cell_chars)
        for index, length in lengths:
            params = {"length": length, "limit": limits.cell_chars}
            cuts.append((number, _column_name(header, index), "warning", "limit_cell", params))
        shortened[number] = len(lengths)
        rows[i] = (number, short)
    return Bounded(RawTab(title=tab.title, header=header, rows=rows), cuts, shortened)


def _long_rows(rows: list[tuple[int, list[Any]]], limit: int) -> list[int]:
    """Positions of the rows holding a text cell longer than ``limit``."""
    texts = filter(str.__instancecheck__, itertools.chain.from_iterable(map(_values, rows)))
    if max(map(len, texts), default=0) <= limit:  # the common case, checked in C: no text is too long
        return []
    found: list[int] = []
    for position, (_, values) in enumerate(rows):  # plain loops: this runs on every row of every read
        for value in values:
            if value.__class__ is str and len(value) > limit:
                found.append(position)
                break
    return found


_values = operator.itemgetter(1)


def _shorten(values: list[Any], limit: int) -> tuple[list[Any], list[tuple[int, int]]]:
    """Cut text cells longer than ``limit``; return the row and (position, original length) of each cut."""
    long = [i for i, v in enumerate(values) if v.__class__ is str and len(v) > limit]
    if not long:
        return values, []
    out = list(values)
    for i in long:
        out[i] = values[i][:limit]
    return out, [(i, len(values[i])) for i in long]
