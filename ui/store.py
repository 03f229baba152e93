"""The one cached read: a source's dataset, shared by every session.

This is the only service module that touches Streamlit (its caches). Local
workbooks are re-read when their file changes; the parsed dataset is kept as
one shared object (not copied per rerun), so pages stay fast at 100k rows.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from services.core import config
from services.core.config import Plan, SheetSchema
from services.core.errors import DashboardError
from services.ingest import google as sheets
from services.ingest import loader, multisource, reader
from services.ingest.raw import Source
from services.ingest.reader import Dataset

if TYPE_CHECKING:  # for annotations only
    from streamlit.runtime.caching.cache_utils import CachedFunc


@st.cache_resource(show_spinner=False, max_entries=8)
def _read(spec: str, version: str, plan_key: str, _plan: Plan, _schema: SheetSchema) -> Dataset:
    return loader.read_dataset(spec, _plan, _schema)


def dataset(spec: str, plan: Plan, schema: SheetSchema, plan_path: str | Path | None = None) -> Dataset:
    """Read ``spec`` through the shared cache; re-read when the source changes."""
    if not loader.is_local(spec):
        return _sheet_dataset(spec, plan, schema, str(plan_path or ""))
    version = loader.open_source(spec).version()
    return _read(spec, version, str(plan_path or ""), plan, schema)


def clear() -> None:
    """Forget cached reads (the refresh button); an opened spreadsheet stays open."""
    _read.clear()
    for cached in _sheet_reads.values():
        cached.clear()
    for city_source in list(_cities.values()):
        city_source.request_refresh()


# ---------------------------------------------------------------- Google Sheet (issue 4)
# The spreadsheet is opened once per process (one metadata request); its read is
# cached for settings.cache_ttl_seconds and shared by every session, so N viewers
# cost one values:batchGet per TTL. A failed refresh serves the last good read
# from disk with Dataset.stale_reason set (see stale_banner; the fallback is the
# source's own, services/ingest/sheets.py, so the command line gets it too), and
# that result is cached for the TTL, so a failing Google is not asked by every rerun.


def secrets_info() -> dict[str, Any] | None:
    """The ``[connections.gsheets]`` section of Streamlit secrets, if there is one."""
    try:
        section = st.secrets.get("connections", {}).get("gsheets")
    except FileNotFoundError:  # no secrets.toml: credentials may come from the env var instead
        return None
    return dict(section) if section else None


def source_spec() -> str:
    """The source to read, by the rule the command line uses too (``loader.resolve_source``)."""
    return loader.resolve_source(None, secrets_info())


@st.cache_resource(show_spinner=False, max_entries=4)
def sheet_source(spec: str, _schema: SheetSchema | None = None) -> Any:
    """The opened Google Sheet source for ``spec``, shared by all sessions (entry form too)."""
    return sheets.GoogleSheetSource(spec, credentials_info=secrets_info(), schema=_schema)


# A failure (no snapshot to fall back on) is never cached: the next rerun tries again. Only
# the sessions that were already waiting while it happened share it, so they do not each
# retry Google in turn, up to the budget each. Key -> (when it failed, the error).
_failures: dict[tuple[str, str], tuple[float, DashboardError]] = {}


def _read_sheet(
    spec: str, plan_key: str, _plan: Plan, _schema: SheetSchema, _asked_at: float = 0.0
) -> Dataset:  # arguments with a leading underscore are not part of the cache key
    failed = _failures.get((spec, plan_key))
    if failed and failed[0] >= _asked_at:  # it failed while this session waited for it
        raise type(failed[1])(*failed[1].args)
    try:
        raw = sheet_source(spec, _schema).read()
    except DashboardError as err:
        _failures[(spec, plan_key)] = (time.monotonic(), err)
        raise
    _failures.pop((spec, plan_key), None)
    return reader.read(raw, _plan, _schema)


_sheet_reads: dict[int, CachedFunc[..., Dataset]] = {}


def _sheet_dataset(spec: str, plan: Plan, schema: SheetSchema, plan_key: str) -> Dataset:
    ttl = config.load_settings().cache_ttl_seconds
    asked_at = time.monotonic()
    try:
        if ttl <= 0:
            return _read_sheet(spec, plan_key, plan, schema, asked_at)
        if ttl not in _sheet_reads:
            _sheet_reads[ttl] = st.cache_resource(ttl=ttl, show_spinner=False, max_entries=8)(_read_sheet)
        return _sheet_reads[ttl](spec, plan_key, plan, schema, asked_at)
    except DashboardError as err:
        raise type(err)(*err.args) from None  # a fresh copy: sessions must not share one traceback


def stale_banner(data: Dataset, lang: str = "vi") -> str | None:
    """``Đang hiển thị dữ liệu lúc 09:42, chưa cập nhật được: …`` when the data is a saved snapshot."""
    if not data.stale_reason:
        return None
    from services.ingest.google import snapshot

    return snapshot.banner(data.read_at, data.stale_reason, lang)


# ---------------------------------------------------------------- several districts (issue 7)
# One CitySource per districts file and plan, shared by every session: each district keeps its
# own source object (a sheet is opened once) and its parsed data per source version, so N
# viewers cost one read per district per change (per TTL for a sheet).

_cities: dict[tuple[str, int], multisource.CitySource] = {}
_cities_lock = threading.Lock()


def districts_file(settings: config.Settings) -> str | None:
    """The configured districts file (absolute), or ``None`` for a single source."""
    name = settings.districts.strip()
    return str(config.resolve(name)) if name else None


def _city_source(path: str, plan: Plan, schema: SheetSchema) -> multisource.CitySource:
    info = secrets_info()  # read here, in the script thread, not in the pool's threads

    def opener(spec: str) -> Source:
        if loader.is_local(spec):
            return loader.open_source(spec)
        return sheets.GoogleSheetSource(spec, credentials_info=info, schema=schema)

    with _cities_lock:
        key = (path, id(plan))
        if key not in _cities:
            cfg = multisource.load_districts(path, plan)
            for old in [k for k in _cities if k[0] == path]:  # a reloaded plan: drop the old one's data
                del _cities[old]
            _cities[key] = multisource.CitySource(cfg, base=Path(path).parent, opener=opener)
        return _cities[key]


def city(path: str, plan: Plan, schema: SheetSchema, lang: str = "vi") -> multisource.CityData:
    """Every district's data, merged; one district's failure is only that district's status."""
    return _city_source(path, plan, schema).read(plan, schema, lang=lang)
