"""The entry form's instance: its id (in the URL), its widget keys, and the outcome of its last submit.

One form instance = one idempotency id (``Mã`` of the row it writes). The id is in
the session and in the URL (``?phieu=``), so a double click, a click that arrives
after the write, and a reload re-submit the same instance: the write path then
finds the id and writes nothing new. Every widget key carries the id, so after a
save the next instance starts with empty fields and a click meant for the old
form cannot submit the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from services.core.config import Plan, SheetSchema
from services.ingest import cells
from services.write import entry

URL_PARAM = "phieu"
_ID = "entry_id"
_OUTCOME = "entry_outcome"


def instance_id() -> str:
    """This session's form instance id: the session's, else a valid one from the URL, else a new one."""
    current = st.session_state.get(_ID)
    if not entry.is_id(current):
        from_url = st.query_params.get(URL_PARAM)
        current = from_url if entry.is_id(from_url) else entry.new_id()
        st.session_state[_ID] = current
    if st.query_params.get(URL_PARAM) != current:
        st.query_params[URL_PARAM] = current
    return current


def key(name: str, form_id: str) -> str:
    """A widget key of one form instance."""
    return f"entry_{name}-{form_id}"


def next_instance() -> str:
    """Start a new form instance (after a save): new id, empty fields."""
    new = entry.new_id()
    st.session_state[_ID] = new
    st.query_params[URL_PARAM] = new
    return new


@dataclass(frozen=True)
class Outcome:
    """What the last submit did, kept across the rerun that redraws the form."""

    kind: str  # "saved", "invalid" or "failed"
    written: entry.Written | None = None
    saved: list[tuple[str, str]] = field(default_factory=list)  # (column header, value as stored)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    message: str = ""


def remember(outcome: Outcome) -> None:
    st.session_state[_OUTCOME] = outcome


def last_outcome() -> Outcome | None:
    return st.session_state.get(_OUTCOME)


def saved_cells(item: entry.Entry, plan: Plan, schema: SheetSchema) -> list[tuple[str, str]]:
    """The row as written: each non-empty cell under its column header."""
    values = entry.row_values(item, plan)
    out: list[tuple[str, str]] = []
    for column in schema.tabs["activities"].columns:
        value: Any = values.get(column.key)
        shown = cells.format_date(value) if column.key == "date" else ("" if value is None else str(value))
        if shown:
            out.append((column.header, shown))
    return out


def pairs_table(pairs: list[tuple[str, str]], left: str, right: str) -> None:
    """Two columns of plain text (a table never renders markdown or HTML typed into the form)."""
    st.dataframe(pd.DataFrame(pairs, columns=[left, right]), hide_index=True, width="stretch")
