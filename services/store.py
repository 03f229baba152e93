"""The one cached read: a source's dataset, shared by every session.

This is the only service module that touches Streamlit (its caches). Local
workbooks are re-read when their file changes; the parsed dataset is kept as
one shared object (not copied per rerun), so pages stay fast at 100k rows.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from services import loader, sources
from services.config import Plan, SheetSchema
from services.reader import Dataset


@st.cache_resource(show_spinner=False, max_entries=8)
def _read(spec: str, version: str, plan_key: str, _plan: Plan, _schema: SheetSchema) -> Dataset:
    return loader.read_dataset(spec, _plan, _schema)


def dataset(spec: str, plan: Plan, schema: SheetSchema, plan_path: str | Path | None = None) -> Dataset:
    """Read ``spec`` through the shared cache; re-read when the source changes."""
    version = sources.open_source(spec).version()
    return _read(spec, version, str(plan_path or ""), plan, schema)


def clear() -> None:
    """Forget cached reads (the refresh button)."""
    _read.clear()
