"""The entry form's instance: its id (in the URL), its widget keys, and the outcome of its last submit.

One form instance = one idempotency id (``Mã`` of the row it writes). The id is in
the session and in the URL (``?phieu=``), so a double click, a click that arrives
after the write, and a reload re-submit the same instance: the write path then
finds the id and writes nothing new. Every widget key carries the instance's
form key, so after a save the next instance starts with empty fields and a click
meant for the old form cannot submit the new one.

An id found in the sheet although this session never submitted it (a reload, or
a copied link that carried ``?phieu=``) may belong to someone else's activity:
the form then keeps what was typed and takes a new id, and the page says where
the earlier row is, so nothing typed is lost and nothing is written twice unasked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from services.core.config import Plan, SheetSchema
from services.ingest.reading import cells
from services.write import entry

URL_PARAM = "phieu"
_ID = "entry_id"
_FORM = "entry_form_key"
_TRIED = "entry_tried"  # ids this session has sent to the write path
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


def form_key() -> str:
    """The key shared by this instance's widgets (changes only when a new, empty form starts)."""
    return st.session_state.setdefault(_FORM, entry.new_id())


def key(name: str, form: str) -> str:
    """A widget key of one form instance."""
    return f"entry_{name}-{form}"


def _set_id(new: str) -> str:
    st.session_state[_ID] = new
    st.query_params[URL_PARAM] = new
    return new


def next_instance() -> str:
    """Start a new form instance (after a save): new id, empty fields."""
    st.session_state[_FORM] = entry.new_id()
    return _set_id(entry.new_id())


def new_id_keep_fields() -> str:
    """A new id for the same, still filled-in form (its old id is someone's row already)."""
    return _set_id(entry.new_id())


def mark_tried(ident: str) -> None:
    """Record that this session sent ``ident`` to the write path (before the write: a rerun may cut the run)."""
    st.session_state.setdefault(_TRIED, set()).add(ident)


def tried(ident: str) -> bool:
    """True when this session has sent ``ident`` before: finding it in the sheet means it is our row."""
    return ident in st.session_state.get(_TRIED, set())


@dataclass(frozen=True)
class Outcome:
    """What the last submit did, kept across the rerun that redraws the form."""

    kind: str  # "saved", "invalid", "failed" or "taken" (the id is an earlier row this session did not write)
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
