"""Structural problems: the source cannot be read as the sheet the plan expects (issue 10 #6).

A missing or renamed tab, renamed or missing header columns, or a source with no
tabs at all does not mean "no activity": every figure would read 0 and every ward
would be flagged. The reader lists such problems on header row 1; this module
says which of them are structural, which tabs they make unreadable, and explains
them in one sentence each with what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from services.core import strings

STRUCTURAL_CODES = frozenset({"missing_tab", "missing_column"})
ACTIVITIES, REPORTS = "activities", "reports"


class _Problem(Protocol):  # services.ingest.reading.records.Problem (which imports this module)
    @property
    def sheet(self) -> str: ...
    @property
    def row(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def params(self) -> dict[str, Any]: ...


P = TypeVar("P", bound=_Problem)


def is_structural(problem: _Problem) -> bool:
    """True for a problem with the sheet's shape (header row 1), not with one data row."""
    return problem.row == 1 and problem.code in STRUCTURAL_CODES


def structural(problems: Iterable[P]) -> list[P]:
    """The structural problems, in the order the reader found them."""
    return [p for p in problems if is_structural(p)]


def blocked(problems: Iterable[_Problem], titles: dict[str, str]) -> frozenset[str]:
    """Tab keys (``activities``, ``reports``) whose data cannot be read; ``titles`` maps key -> tab title."""
    keys = {title: key for key, title in titles.items()}
    return frozenset(keys[p.sheet] for p in structural(problems) if p.sheet in keys)


def explain(problems: Sequence[_Problem], lang: str = "vi") -> list[str]:
    """One sentence per broken tab: what is wrong and what to do (missing columns grouped)."""
    out: list[str] = []
    columns: dict[str, list[str]] = {}
    for problem in structural(problems):
        if problem.code == "missing_tab":
            found = problem.params.get("found") or []
            key = "struct_missing_tab" if found else "struct_no_tabs"
            shown = ", ".join(f"'{name}'" for name in found)
            out.append(strings.t(key, lang, tab=problem.sheet, found=shown))
        else:
            columns.setdefault(problem.sheet, []).append(str(problem.params.get("column", "")))
    for tab, names in columns.items():
        listed = ", ".join(f"'{name}'" for name in names)
        out.append(strings.t("struct_missing_columns", lang, tab=tab, columns=listed))
    return out


def one_line(problems: Sequence[_Problem], lang: str = "vi") -> str:
    """All structural problems as one line (the command line's stderr)."""
    return strings.t("struct_cli", lang, reasons=" ".join(explain(problems, lang)))
