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

import filelock

from services.core import strings
from services.core.errors import DashboardError
from services.ingest.records import Dataset

Result = Dataset | DashboardError
_FORMAT = 1  # bump when the pickled layout changes: older files are then ignored


@dataclasses.dataclass(frozen=True)
class Shared:
    """What :meth:`SharedSnapshot.get` gives: the result and for how many more seconds it is fresh."""

    result: Result
    fresh_for: float


class SharedSnapshot:
    """The shared parsed snapshot of one source (``name``) in ``folder``, refreshed once per ``ttl``."""

    def __init__(
        self,
        folder: str | Path,
        name: str,
        ttl: float,
        wait: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = Path(folder)
        digest = hashlib.sha256(name.encode()).hexdigest()[:24]
        self.path = self.folder / f"dataset-{digest}.pickle"
        self.lock = filelock.FileLock(str(self.folder / f"dataset-{digest}.lock"))
        self.ttl, self.wait, self.clock = ttl, wait, clock
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
        return max(0.0, self.ttl - max(0.0, self.clock() - written))

    def load(self) -> Dataset | None:
        """The snapshot on disk, or ``None`` when there is none (or it is unreadable or of another format)."""
        try:
            with self.path.open("rb") as handle:
                stored = pickle.load(handle)  # trusted: see the module docstring
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            return None  # a corrupt or older-format file is no worse than none
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _FORMAT):
            return None
        data = stored[1]
        return data if isinstance(data, Dataset) else None

    def save(self, data: Dataset) -> None:
        """Replace the snapshot atomically: readers see the old file or the new one, never part of one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((_FORMAT, data), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)  # only left when writing failed
        _fsync_folder(self.folder)

    def _loaded(self) -> Shared | None:
        fresh = self.fresh_for()
        if fresh <= 0:
            return None
        data = self.load()
        return None if data is None else Shared(data, fresh)

    def get(self, compute: Callable[[], Result]) -> Shared:
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

    def _refresh(self, compute: Callable[[], Result]) -> Shared:
        result = compute()
        if isinstance(result, Dataset) and not result.stale_reason:
            self.save(result)
            return Shared(result, self.ttl)
        reason = result.stale_reason if isinstance(result, Dataset) else str(result)
        previous = self.load()
        fallback = _newer(previous, result if isinstance(result, Dataset) else None)
        if fallback is None:
            return Shared(result, 0.0)  # nothing to fall back on: the next caller tries again
        stale = dataclasses.replace(fallback, stale_reason=reason)
        self.save(stale)  # every replica shows the same banner for a TTL instead of asking Google again
        return Shared(stale, self.ttl)

    def _lock_timed_out(self, compute: Callable[[], Result]) -> Shared:
        # The winner is stuck past every retry budget: serve what there is, marked; with nothing,
        # read for ourselves (without the file: the winner still owns it).
        previous = self.load()
        if previous is None:
            return Shared(compute(), 0.0)
        reason = previous.stale_reason or strings.t("shared_refresh_slow")
        return Shared(dataclasses.replace(previous, stale_reason=reason), 0.0)


def _newer(first: Dataset | None, second: Dataset | None) -> Dataset | None:
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
