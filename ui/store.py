"""The one cached read: a source's dataset, shared by every session.

Local workbooks are re-read when their file changes; the parsed dataset is kept
as one shared object (not copied per rerun), so pages stay fast at 100k rows.
The cache is a process-level :class:`Store`, not ``st.cache_*``: Streamlit
clears its own caches on a ``clear_cache`` message from any connection (even a
signed-out one), and a 250k-row source then takes 40 s to read again. Only the
refresh button (:func:`clear`) empties this store.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from services.core import config, memo
from services.core.config import Plan, SheetSchema
from services.core.errors import DashboardError
from services.ingest import google as sheets
from services.ingest import loader, multisource, shared
from services.ingest.raw import RawWorkbook, Source
from services.ingest.reading import reader
from services.ingest.reading.reader import Dataset

T = TypeVar("T")


@dataclass
class _Entry:
    value: Any
    expires: float  # math.inf: until cleared
    made: float = 0.0  # when it was computed
    transient: bool = False  # only for the callers that were already waiting when it was made


class Store:
    """Results by key for the whole process, each for ``ttl`` seconds; least recently used go first.

    One computation per key at a time (the other sessions wait for it and share the
    result); a result computed across a :meth:`clear` is returned but not kept. A result
    that ``keep`` refuses (a failure) is shared only with the callers already waiting for
    it: the next caller computes again.
    """

    def __init__(self, max_entries: int = 8, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries, self.clock = max_entries, clock
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._generation = 0

    def _hit(self, key: Hashable, asked: float) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None or entry.expires <= self.clock() or (entry.transient and entry.made < asked):
            return None
        self._entries.move_to_end(key)
        return entry

    def get(
        self,
        key: Hashable,
        compute: Callable[[], T],
        ttl: float | Callable[[T], float] | None = None,
        keep: Callable[[T], bool] | None = None,
    ) -> T:
        """The kept result for ``key``, or ``compute()`` kept for ``ttl`` seconds (None: until cleared;
        a function: asked of the result)."""
        with self._lock:
            asked = self.clock()
            entry = self._hit(key, asked)
            if entry is not None:
                return entry.value
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                entry = self._hit(key, asked)
                if entry is not None:
                    return entry.value
                generation = self._generation
            value = compute()
            with self._lock:
                if generation == self._generation:
                    made = self.clock()
                    expires = math.inf if ttl is None else made + (ttl(value) if callable(ttl) else ttl)
                    transient = keep is not None and not keep(value)
                    self._entries[key] = _Entry(value, expires, made, transient)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.max_entries:
                        old, _ = self._entries.popitem(last=False)
                        self._key_locks.pop(old, None)
            return value

    def clear(self) -> None:
        """Forget every result (the refresh button)."""
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def values(self) -> list[Any]:
        """The kept results (tests and diagnostics)."""
        with self._lock:
            return [entry.value for entry in self._entries.values()]

    def __len__(self) -> int:
        return len(self._entries)


DATASETS = Store(max_entries=8)  # parsed datasets: local ones by file version, sheets by TTL
_SOURCES = Store(max_entries=4)  # opened Google Sheets (one metadata request each)


@memo.by_identity(maxsize=8)
def _fingerprint(plan: Plan, schema: SheetSchema) -> str:
    """What the plan and schema say, as one string: a reloaded but unchanged config keeps the data."""
    return hashlib.sha256((plan.model_dump_json() + schema.model_dump_json()).encode()).hexdigest()


def dataset(spec: str, plan: Plan, schema: SheetSchema) -> Dataset:
    """Read ``spec`` through the shared store; re-read when the source, plan or schema changes."""
    if not loader.is_local(spec):
        return _sheet_dataset(spec, plan, schema)
    version = loader.open_source(spec).version()
    key = ("local", spec, version, _fingerprint(plan, schema))
    return DATASETS.get(key, lambda: loader.read_dataset(spec, plan, schema))


def clear() -> None:
    """Forget kept reads (the refresh button); an opened spreadsheet stays open."""
    DATASETS.clear()
    with _boards_lock:
        boards: list[shared.SharedSnapshot[Any] | shared.SharedSource] = [*_boards.values(), *_city_shared.values()]
        for board in boards:
            board.request_refresh()
    for city_source in list(_cities.values()):
        city_source.request_refresh()


# ---------------------------------------------------------------- Google Sheet (issue 4)
# The spreadsheet is opened once per process (one metadata request); its read is
# cached for settings.cache_ttl_seconds and shared by every session, so N viewers
# cost one values:batchGet per TTL. A failed refresh serves the last good read
# from disk with Dataset.stale_reason set (see stale_banner; the fallback is the
# source's own, services/ingest/google/source.py, so the command line gets it too).
# A failure with nothing to fall back on is shared only by the sessions already waiting.


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


def sheet_source(spec: str, schema: SheetSchema | None = None) -> Any:
    """The opened Google Sheet source for ``spec``, shared by all sessions (entry form too)."""
    info = secrets_info()
    key = ("sheet", spec, _fingerprint_schema(schema))
    return _SOURCES.get(key, lambda: sheets.GoogleSheetSource(spec, credentials_info=info, schema=schema))


def forget_sources() -> None:
    """Close the opened spreadsheets (tests; a changed credentials file)."""
    _SOURCES.clear()


def _fingerprint_schema(schema: SheetSchema | None) -> str:
    return "" if schema is None else hashlib.sha256(schema.model_dump_json().encode()).hexdigest()


def _read_sheet(spec: str, plan: Plan, schema: SheetSchema) -> Dataset | DashboardError:
    # A failure with no snapshot to fall back on is returned, not raised, so the sessions already
    # waiting share it instead of each retrying Google up to the budget; it is never kept for
    # later reruns (Store.get's keep), which try again.
    try:
        raw = sheet_source(spec, schema).read()
    except DashboardError as err:
        return err
    return reader.read(raw, plan, schema)


def _is_dataset(result: Dataset | DashboardError) -> bool:
    return not isinstance(result, DashboardError)


def _sheet_dataset(spec: str, plan: Plan, schema: SheetSchema) -> Dataset:
    settings = config.load_settings()
    ttl = settings.cache_ttl_seconds
    if ttl <= 0:
        result = _read_sheet(spec, plan, schema)
    elif settings.shared_cache_dir.strip():
        result = _shared_sheet_dataset(settings, spec, plan, schema)
    else:
        key = ("sheet", spec, _fingerprint(plan, schema))
        result = DATASETS.get(key, lambda: _read_sheet(spec, plan, schema), ttl=ttl, keep=_is_dataset)
    if isinstance(result, DashboardError):
        raise type(result)(*result.args)  # a fresh copy: sessions must not share one traceback
    return result


# ---------------------------------------------------------------- several replicas (issue 14)
# With shared_cache_dir set, the parsed read lives in a file all replicas see and one of them
# refreshes it per TTL (services/ingest/shared.py); this process keeps it until the file's TTL ends.

_boards: dict[tuple[str, str, int], shared.SharedSnapshot] = {}
_boards_lock = threading.Lock()
_city_shared: dict[Path, shared.SharedSource] = {}  # districts' shared reads, by file (the latest opener's)


def _shared_wait(settings: config.Settings) -> float:
    """How long a replica waits for the one refreshing: as long as its Google read may take (every retry)."""
    return 2 * settings.sheet_retry_budget_seconds + settings.sheet_timeout_seconds


def _board(settings: config.Settings, spec: str, fingerprint: str) -> shared.SharedSnapshot:
    folder = str(config.resolve(settings.shared_cache_dir.strip()))
    wait = _shared_wait(settings)
    with _boards_lock:
        key = (folder, spec + fingerprint, settings.cache_ttl_seconds)
        if key not in _boards:
            _boards[key] = shared.SharedSnapshot(folder, key[1], settings.cache_ttl_seconds, wait=wait)
        return _boards[key]


def _shared_sheet_dataset(
    settings: config.Settings, spec: str, plan: Plan, schema: SheetSchema
) -> Dataset | DashboardError:
    fingerprint = _fingerprint(plan, schema)
    board = _board(settings, spec, fingerprint)
    found = DATASETS.get(
        ("shared", spec, fingerprint),
        lambda: board.get(lambda: _read_sheet(spec, plan, schema)),
        ttl=lambda got: got.fresh_for,
        keep=lambda got: _is_dataset(got.result),
    )
    return found.result


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

_cities: dict[tuple[str, str], multisource.CitySource] = {}
_cities_lock = threading.Lock()


def districts_file(settings: config.Settings) -> str | None:
    """The configured districts file (absolute), or ``None`` for a single source."""
    name = settings.districts.strip()
    return str(config.resolve(name)) if name else None


def _city_source(path: str, plan: Plan, schema: SheetSchema) -> multisource.CitySource:
    info = secrets_info()  # read here, in the script thread, not in the pool's threads
    settings = config.load_settings()

    def opener(spec: str) -> Source:
        if loader.is_local(spec):
            return loader.open_source(spec)
        source = sheets.GoogleSheetSource(spec, credentials_info=info, schema=schema)
        if not settings.shared_cache_dir.strip() or settings.cache_ttl_seconds <= 0:
            return source
        # Several replicas: the district's cells are shared (each process parses them once per change).
        folder = config.resolve(settings.shared_cache_dir.strip())
        snapshot = shared.SharedSnapshot(
            folder, spec + _fingerprint_schema(schema), settings.cache_ttl_seconds, wait=_shared_wait(settings),
            kind=RawWorkbook, aligned=True,
        )  # fmt: skip
        wrapped = shared.SharedSource(source, snapshot)
        with _boards_lock:
            _city_shared[snapshot.path] = wrapped  # the refresh button reaches them too
        return wrapped

    with _cities_lock:
        key = (path, _fingerprint(plan, schema))  # not id(plan): a cleared st.cache reloads the plan
        if key not in _cities:
            cfg = multisource.load_districts(path, plan)
            for old in [k for k in _cities if k[0] == path]:  # a reloaded plan: drop the old one's data
                del _cities[old]
            _cities[key] = multisource.CitySource(cfg, base=Path(path).parent, opener=opener)
        return _cities[key]


def city(path: str, plan: Plan, schema: SheetSchema, lang: str = "vi") -> multisource.CityData:
    """Every district's data, merged; one district's failure is only that district's status."""
    return _city_source(path, plan, schema).read(plan, schema, lang=lang)
