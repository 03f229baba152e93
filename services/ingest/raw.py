"""What every source returns: raw tabs of cells, with the sheet's own row numbers.

Every source (local ``.xlsx``, a folder of CSV files, a Google Sheet) obeys one
contract (docs/reading-contract.md): :meth:`Source.read` returns a :class:`RawWorkbook`
whose tabs carry the header row and the data rows numbered as in the sheet (first
data row = 2). Turning cells into records is the reader's job, never the source's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.core import text

Cell = Any


@dataclass(frozen=True)
class RawTab:
    """One tab: its title as found, the header cells and numbered data rows."""

    title: str
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]


@dataclass(frozen=True)
class RawWorkbook:
    """All tabs of one source, keyed by their titles as found."""

    tabs: dict[str, RawTab]
    label: str
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    kind: str = "local"
    url: str | None = None  # a link users can open (Google Sheet)
    gids: dict[str, int] = field(default_factory=dict)  # tab title -> sheet id
    stale_reason: str | None = None  # set when this is a saved snapshot served because a refresh failed

    def find(self, title: str, aliases: list[str]) -> RawTab | None:
        """Return the tab whose title matches ``title`` or an alias, tolerantly."""
        name = match_title(self.tabs, title, aliases)
        return self.tabs[name] if name is not None else None


class Source(Protocol):
    """Anything that can produce a :class:`RawWorkbook`."""

    label: str

    def read(self) -> RawWorkbook: ...

    def version(self) -> str:
        """A cheap token that changes when the data may have changed."""
        ...


def table(title: str, rows: list[list[Cell]], *, fresh: bool = False) -> RawTab:
    """A tab from its sheet rows (header first); ``fresh`` rows are new lists, used without a copy."""
    if not rows:
        return RawTab(title=title, header=[], rows=[])
    body = itertools.islice(rows, 1, None)
    numbered = list(zip(itertools.count(2), body if fresh else map(list, body)))  # loops in C
    return RawTab(title=title, header=list(rows[0]), rows=numbered)


def match_title(titles: Iterable[str], title: str, aliases: Iterable[str] = ()) -> str | None:
    """The first of ``titles`` that names ``title`` or one of its ``aliases`` (case, accents, spaces ignored)."""
    wanted = {text.key(title), *(text.key(a) for a in aliases)}
    return next((found for found in titles if text.key(found) in wanted), None)
