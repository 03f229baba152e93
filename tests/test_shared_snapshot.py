"""The shared parsed snapshot (issue 14 #6): fresh or old by file age, one refresh under contention,
atomic replace, and a failed refresh served as the previous snapshot marked stale."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
import time
from pathlib import Path

import filelock
import pytest

from services.core import strings
from services.core.errors import SheetAccessError
from services.ingest import shared
from services.ingest.reading.records import Dataset, Problem
from ui import store

TTL = 60.0
NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)


def dataset(label: str, read_at: dt.datetime = NOON, rows: int = 0, stale: str | None = None) -> Dataset:
    problems = [
        Problem(sheet="Hoạt động", row=n, column="Ngày", severity="warning", code="x" * 40) for n in range(rows)
    ]
    return Dataset(
        activities=[], reports=[], problems=problems, read=rows, errors=0, label=label, kind="google",
        read_at=read_at, stale_reason=stale,
    )  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def board(folder: Path, clock: Clock | None = None, wait: float = 5.0) -> shared.SharedSnapshot:
    return shared.SharedSnapshot(folder, "sheet-key+plan", TTL, wait=wait, clock=clock or time.time)


def written_ago(snap: shared.SharedSnapshot, data: Dataset, seconds: float, clock: Clock) -> None:
    snap.save(data)
    os.utime(snap.path, (clock.now - seconds, clock.now - seconds))


@pytest.mark.parametrize(("age", "computed"), [(0.0, False), (59.5, False), (60.0, True), (3600.0, True)])
def test_a_snapshot_younger_than_the_ttl_is_loaded_an_older_one_is_refreshed(
    tmp_path: Path, age: float, computed: bool
) -> None:
    clock = Clock()
    snap = board(tmp_path, clock)
    written_ago(snap, dataset("on disk"), age, clock)
    calls: list[int] = []

    def compute() -> Dataset:
        calls.append(1)
        return dataset("from Google")

    got = snap.get(compute)
    assert (calls == [1]) is computed
    assert got.result.label == ("from Google" if computed else "on disk")
    assert got.fresh_for == pytest.approx(TTL if computed else TTL - age)
    if computed:  # the new read is on disk for the other replicas
        assert snap.load() == dataset("from Google")


def test_the_refresh_button_makes_the_snapshot_on_disk_old(tmp_path: Path) -> None:
    clock = Clock()
    snap = board(tmp_path, clock)
    written_ago(snap, dataset("on disk"), 1.0, clock)
    snap.request_refresh()
    assert snap.fresh_for() == 0
    assert snap.get(lambda: dataset("again")).result.label == "again"
    assert board(tmp_path, clock).get(lambda: dataset("not asked")).result.label == "again"


def test_a_pickle_round_trip_keeps_the_dataset_equal(tmp_path: Path) -> None:
    from services.core import config
    from services.ingest import loader

    plan, schema = config.load_plan(), config.load_schema()
    demo = loader.read_dataset(str(config.resolve(config.load_settings().demo_source)), plan, schema)
    snap = board(tmp_path)
    snap.save(demo)
    assert snap.load() == demo and demo.activities


def _contend(folder: str, calls: str, out: str) -> None:
    def compute() -> Dataset:
        with open(calls, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # a slow Google read: the others must wait for it, not read too
        return dataset(f"read by {os.getpid()}")

    got = shared.SharedSnapshot(folder, "sheet-key+plan", TTL, wait=10).get(compute)
    with open(out, "a", encoding="utf-8") as handle:
        handle.write(f"{got.result.label}\n")


@pytest.mark.parametrize("how", ["threads", "processes"])
def test_under_contention_exactly_one_caller_reads(tmp_path: Path, how: str) -> None:
    calls, out = tmp_path / "calls", tmp_path / "out"
    args = (str(tmp_path / "shared"), str(calls), str(out))
    if how == "threads":
        workers: list[threading.Thread | multiprocessing.Process] = [
            threading.Thread(target=_contend, args=args) for _ in range(4)
        ]
    else:
        spawn = multiprocessing.get_context("spawn")
        workers = [spawn.Process(target=_contend, args=args) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(calls.read_text(encoding="utf-8").splitlines()) == 1
    labels = out.read_text(encoding="utf-8").splitlines()
    assert len(labels) == 4 and len(set(labels)) == 1


def _keep_writing(folder: str, stop: float) -> None:
    snap = shared.SharedSnapshot(folder, "sheet-key+plan", TTL)
    n = 0
    while time.time() < stop:
        snap.save(dataset("small" if n % 2 else "large", rows=5 if n % 2 else 20_000))
        n += 1


def test_a_reader_never_sees_a_half_written_file(tmp_path: Path) -> None:
    snap = board(tmp_path)
    snap.save(dataset("small", rows=5))
    writer = multiprocessing.get_context("spawn").Process(target=_keep_writing, args=(str(tmp_path), time.time() + 4))
    writer.start()
    seen: list[tuple[str, int]] = []
    try:
        while writer.is_alive():
            got = snap.load()
            assert got is not None, "a reader saw a missing or partial snapshot"
            seen.append((got.label, len(got.problems)))
    finally:
        writer.join(timeout=30)
    assert set(seen) == {("small", 5), ("large", 20_000)}, set(seen)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_write_that_fails_leaves_the_old_snapshot_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = board(tmp_path)
    snap.save(dataset("old"))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shared.os, "replace", full_disk)
    with pytest.raises(OSError):
        snap.save(dataset("new"))
    assert snap.load() == dataset("old")
    assert sorted(p.name for p in tmp_path.iterdir()) == [snap.path.name]


@pytest.mark.parametrize(
    "failure",
    [SheetAccessError("Google trả lỗi 503"), dataset("replica's own JSON", NOON - dt.timedelta(hours=1), stale="503")],
)
def test_a_failed_refresh_serves_the_previous_snapshot_marked_stale_to_every_replica(
    tmp_path: Path, failure: Dataset | SheetAccessError
) -> None:
    clock = Clock()
    snap = board(tmp_path, clock)
    written_ago(snap, dataset("previous"), TTL + 1, clock)
    got = snap.get(lambda: failure)
    reason = str(failure) if isinstance(failure, SheetAccessError) else "503"
    assert got.result == dataset("previous", stale=reason)
    assert got.fresh_for == TTL
    # The failure is shared for a TTL: another replica does not ask Google again.
    other = board(tmp_path, clock).get(lambda: pytest.fail("asked Google again"))
    assert other.result == dataset("previous", stale=reason)


def test_a_newer_local_fallback_wins_over_an_older_shared_snapshot(tmp_path: Path) -> None:
    clock = Clock()
    snap = board(tmp_path, clock)
    written_ago(snap, dataset("previous", NOON - dt.timedelta(days=1)), TTL + 1, clock)
    got = snap.get(lambda: dataset("own JSON", NOON, stale="503"))
    assert got.result == dataset("own JSON", NOON, stale="503")


def test_a_failure_with_nothing_to_fall_back_on_is_not_kept(tmp_path: Path) -> None:
    snap = board(tmp_path)
    error = SheetAccessError("Google trả lỗi 503")
    got = snap.get(lambda: error)
    assert got.result is error and got.fresh_for == 0
    assert not snap.path.exists()
    assert snap.get(lambda: dataset("recovered")).result.label == "recovered"


@pytest.mark.parametrize("previous", [True, False])
def test_a_winner_stuck_past_the_wait_does_not_stall_the_others(tmp_path: Path, previous: bool) -> None:
    clock = Clock()
    snap = board(tmp_path, clock, wait=0.2)
    if previous:
        written_ago(snap, dataset("previous"), TTL + 1, clock)
    held = filelock.FileLock(str(snap.lock.lock_file))
    ready, release = threading.Event(), threading.Event()

    def winner() -> None:  # another process's lock: a different open file
        with held:
            ready.set()
            release.wait(10)

    thread = threading.Thread(target=winner)
    thread.start()
    ready.wait(5)
    try:
        started = time.monotonic()
        got = snap.get(lambda: dataset("read alone"))
        assert time.monotonic() - started < 2
    finally:
        release.set()
        thread.join()
    if previous:
        assert got.result == dataset("previous", stale=strings.t("shared_refresh_slow"))
    else:
        assert got.result == dataset("read alone")
    assert got.fresh_for == 0


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_an_unreadable_snapshot_is_no_worse_than_none(tmp_path: Path, content: bytes) -> None:
    clock = Clock()
    snap = board(tmp_path, clock)
    snap.path.write_bytes(content)
    assert snap.load() is None
    assert snap.get(lambda: dataset("read")).result.label == "read"


def test_the_process_store_keeps_a_result_for_the_ttl_it_names() -> None:
    class Tick:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    tick = Tick()
    kept = store.Store(clock=tick)
    calls: list[float] = []

    def compute() -> float:
        calls.append(1)
        return 10.0 * len(calls)  # the result says how long it stays fresh

    assert kept.get("k", compute, ttl=lambda fresh: fresh) == 10.0
    tick.now = 9.9
    assert kept.get("k", compute, ttl=lambda fresh: fresh) == 10.0
    tick.now = 10.0
    assert kept.get("k", compute, ttl=lambda fresh: fresh) == 20.0


@pytest.mark.parametrize(("enabled", "content"), [(True, None), (False, None), (True, b"broken")])
def test_loading_leaves_the_cycle_collector_as_it_was(tmp_path: Path, enabled: bool, content: bytes | None) -> None:
    import gc

    snap = board(tmp_path)
    snap.save(dataset("on disk", rows=10))
    if content is not None:
        snap.path.write_bytes(content)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        loaded = snap.load()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert (loaded is None) is (content is not None)


def test_replicas_of_another_record_layout_use_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = board(tmp_path)
    old.save(dataset("old code"))
    monkeypatch.setattr(shared, "_LAYOUT", shared._LAYOUT + ";Activity:one-more-field")
    new = board(tmp_path)
    assert new.path != old.path
    assert new.get(lambda: dataset("new code")).result.label == "new code"
    assert old.load() == dataset("old code")
