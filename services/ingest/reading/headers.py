"""Matching a sheet to the schema: tab titles and header rows (docs/reading-contract.md §1).

The one place that decides which tab is the activities tab and which column is
which, used by the reader, the Google Sheet source, the template and the entry
form alike: tolerant of case, diacritics, spaces, aliases and English keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from services.core import text
from services.core.config import Tab
from services.ingest import raw
from services.ingest.reading import cells


def match_tab(titles: Iterable[str], tab: Tab) -> str | None:
    """The title among ``titles`` that names ``tab`` (its title or an alias)."""
    return raw.match_title(titles, tab.title, tab.aliases)


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


def missing(header: list[Any], tab: Tab, also: Iterable[str] = ()) -> list[str]:
    """The headers of the required columns (and of the ``also`` keys) that ``header`` lacks."""
    found = map_header(header, tab)
    extra = set(also)
    return [c.header for c in tab.columns if (c.required or c.key in extra) and c.key not in found]
