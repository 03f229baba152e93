"""One parsed read per source for several dashboard processes (issue 14 #6).

N Streamlit replicas behind nginx would each read every Google Sheet once per
TTL: N ``values:batchGet`` per TTL against one per-project quota. With
``shared_cache_dir`` set, the parsed :class:`Dataset` of a source is kept as one
file on a volume all replicas see, and exactly one of them refreshes it per TTL:

- a snapshot younger than the TTL (file age) is loaded, never re-read;
- otherwise the replica takes the source's file lock (``filelock``; bounded
  wait): the winner looks again (another replica may just have written it), reads
  and parses, and replaces the file atomically (temp file in the same folder,
  fsync, ``os.replace``), so a reader sees the old file or the new one, never half;
- the others block on the lock until the winner is done and load its file;
- when the read fails, the winner marks the previous snapshot stale (the
  dashboard's stale banner) and writes that back, so the failure too costs one
  request per TTL, not one per replica.

The file is a pickle: it is written and read only by the dashboard's own
processes on a local volume the operator controls (never a place users can
write), so unpickling it is as trusted as importing the code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import filelock

from services.core import heap, strings
from services.core.errors import DashboardError
from services.ingest import raw
from services.ingest.raw import RawWorkbook, Source
from services.ingest.reading import records
from services.ingest.reading.records import Dataset

T = TypeVar("T", Dataset, RawWorkbook)
_FORMAT = 1  # bump when the pickled layout changes: older files are then ignored


def _layout() -> str:
    """The fields of every pickled record class: replicas of two code versions (a rolling deploy) then
    use different files instead of loading objects of another shape."""
    classes = [Dataset, records.Activity, records.Report, records.Problem, RawWorkbook, raw.RawTab]
    return ";".join(f"{c.__name__}:{','.join(f.name for f in dataclasses.fields(c))}" for c in classes)


_LAYOUT = _layout()


@dataclasses.dataclass(frozen=True)
class Shared(Generic[T]):
    """What :meth:`SharedSnapshot.get` gives: the result and for how many more seconds it is fresh."""

    result: T | DashboardError
    fresh_for: float


class SharedSnapshot(Generic[T]):
    """The shared snapshot of one source (``name``) in ``folder``, refreshed once per ``ttl``.

    ``kind`` is what is kept: the parsed :class:`Dataset` (one source) or the :class:`RawWorkbook`
    (a district, parsed by each process's CitySource). ``aligned``: fresh until the end of the
    wall-clock TTL window it was written in (the windows of ``GoogleSheetSource.version``), not
    for a TTL from its writing, so a reader asking at a window's start never gets last window's read.
    """

    def __init__(
        self,
        folder: str | Path,
        name: str,
        ttl: float,
        wait: float = 30.0,
        clock: Callable[[], float] = time.time,
        kind: type[T] = Dataset,  # type: ignore[assignment]
        aligned: bool = False,
    ) -> None:
        self.folder = Path(folder)
        digest = hashlib.sha256(f"{_LAYOUT}|{kind.__name__}:{name}".encode()).hexdigest()[:24]
        self.path = self.folder / f"{kind.__name__.lower()}-{digest}.pickle"
        self.lock = filelock.FileLock(str(self.folder / f"{kind.__name__.lower()}-{digest}.lock"))
        self.ttl, self.wait, self.clock, self.aligned = ttl, wait, clock, aligned
        self.kind: type[T] = kind
        self.not_before = 0.0  # the refresh button: snapshots written before this are not fresh

    def request_refresh(self) -> None:
        """Treat the snapshot on disk as old (the refresh button)."""
        self.not_before = self.clock()

    def fresh_for(self) -> float:
        """Seconds the snapshot on disk stays fresh (0 when there is none or it is old)."""
        try:
            written = self.path.stat().st_mtime
        except FileNotFoundError:
            return 0.0
        if written < self.not_before:
            return 0.0
        now = self.clock()
        if self.aligned:
            window_end = (now // self.ttl + 1) * self.ttl
            return window_end - now if written >= window_end - self.ttl else 0.0
        return max(0.0, self.ttl - max(0.0, now - written))

    def load(self) -> T | None:
        """The snapshot on disk, or ``None`` when there is none (or it is unreadable or of another format)."""
        try:
            with self.path.open("rb") as handle, heap.gc_paused():
                stored = pickle.load(handle)  # trusted: see the module docstring
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            return None  # a corrupt or older-format file is no worse than none
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _FORMAT):
            return None
        data = stored[1]
        return data if isinstance(data, self.kind) else None

    def save(self, data: T) -> None:
        """Replace the snapshot atomically: readers see the old file or the new one, never part of one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((_FORMAT, data), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                os.fsync(out.fileno())
            written = self.clock()  # the file's time is the clock's that judges it fresh
            os.utime(temp, (written, written))
            os.replace(temp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)  # only left when writing failed
        _fsync_folder(self.folder)

    def _loaded(self) -> Shared[T] | None:
        fresh = self.fresh_for()
        if fresh <= 0:
            return None
        data = self.load()
        return None if data is None else Shared(data, fresh)

    def get(self, compute: Callable[[], T | DashboardError]) -> Shared[T]:
        """The fresh snapshot, or ``compute()`` by exactly one process, shared through the file."""
        if (hit := self._loaded()) is not None:
            return hit
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            with self.lock.acquire(timeout=self.wait):
                if (hit := self._loaded()) is not None:  # another replica refreshed while we waited
                    return hit
                return self._refresh(compute)
        except filelock.Timeout:
            return self._lock_timed_out(compute)

    def _refresh(self, compute: Callable[[], T | DashboardError]) -> Shared[T]:
        result = compute()
        if isinstance(result, self.kind) and not result.stale_reason:
            self.save(result)
            return Shared(result, self._fresh_after_write())
        reason = str(result) if isinstance(result, DashboardError) else result.stale_reason
        previous = self.load()
        fallback = _newer(previous, None if isinstance(result, DashboardError) else result)
        if fallback is None:
            return Shared(result, 0.0)  # nothing to fall back on: the next caller tries again
        stale = dataclasses.replace(fallback, stale_reason=reason)
        self.save(stale)  # every replica shows the same banner for a TTL instead of asking Google again
        return Shared(stale, self._fresh_after_write())

    def _fresh_after_write(self) -> float:
        return (self.clock() // self.ttl + 1) * self.ttl - self.clock() if self.aligned else self.ttl

    def _lock_timed_out(self, compute: Callable[[], T | DashboardError]) -> Shared[T]:
        # The winner is stuck past every retry budget: serve what there is, marked; with nothing,
        # read for ourselves (without the file: the winner still owns it).
        previous = self.load()
        if previous is None:
            return Shared(compute(), 0.0)
        reason = previous.stale_reason or strings.t("shared_refresh_slow")
        return Shared(dataclasses.replace(previous, stale_reason=reason), 0.0)


def _newer(first: T | None, second: T | None) -> T | None:
    """The one read last (either may be missing or undated)."""
    if first is None or second is None:
        return first or second
    if first.read_at is None or second.read_at is None:
        return first if second.read_at is None else second
    return first if first.read_at >= second.read_at else second


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a folder that cannot be opened is left to the OS."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse fsync on a folder: the rename is still atomic
    finally:
        os.close(handle)


class SharedSource:
    """A district's source whose reads go through a shared raw snapshot: one replica asks Google per TTL."""

    def __init__(self, source: Source, snapshot: SharedSnapshot[RawWorkbook]) -> None:
        self.source, self.snapshot = source, snapshot
        self.label = source.label

    def request_refresh(self) -> None:
        """Treat the shared read as old (the refresh button)."""
        self.snapshot.request_refresh()

    def version(self) -> str:
        """The wrapped source's version (a Google Sheet: its TTL window)."""
        return self.source.version()

    def read(self) -> RawWorkbook:
        """The shared read of this window, or the source read now (and shared) by exactly one process."""

        def compute() -> RawWorkbook | DashboardError:
            try:
                return self.source.read()
            except DashboardError as err:
                return err

        result = self.snapshot.get(compute).result
        if isinstance(result, DashboardError):
            raise type(result)(*result.args)  # a fresh copy: callers must not share one traceback
        self.label = result.label
        return result
