"""Reads pause the cyclic garbage collector and always resume it (heap.gc_paused, issue 14)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from services.core import config, heap
from services.ingest.local import files
from services.ingest.raw import RawWorkbook
from services.ingest.raw import table as raw_table
from services.ingest.reading import reader
from testkit import citywide, messy


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_resumed_after_even_on_error() -> None:
    with heap.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), heap.gc_paused():
        raise ValueError("a bad cell")
    assert gc.isenabled()


class _Record:
    def __init__(self, n: int) -> None:
        self.n = n


def test_what_a_read_made_leaves_the_young_generations_in_one_pass() -> None:
    with heap.gc_paused():
        made = [_Record(n) for n in range(5000)]
    young = {id(o) for o in gc.get_objects(generation=0)} | {id(o) for o in gc.get_objects(generation=1)}
    assert not any(id(record) in young for record in made)
    assert id(made[0]) in {id(o) for o in gc.get_objects(generation=2)}


def test_a_cycle_made_during_a_read_is_still_freed() -> None:
    with heap.gc_paused():
        record = _Record(1)
        record.n = record  # type: ignore[assignment]  # a cycle: only the collector can free it
        gone = weakref.ref(record)
        del record
    gc.collect()
    assert gone() is None


def test_objects_frozen_elsewhere_stay_frozen() -> None:
    kept = [_Record(n) for n in range(10)]
    gc.freeze()
    try:
        with heap.gc_paused():
            made = [_Record(n) for n in range(1000)]
        collected = {id(o) for generation in range(3) for o in gc.get_objects(generation=generation)}
        assert id(kept[0]) not in collected  # still in the permanent generation
        assert id(made[0]) in {id(o) for o in gc.get_objects(generation=2)}
    finally:
        gc.unfreeze()
    assert id(kept[0]) in {id(o) for o in gc.get_objects(generation=2)}


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with heap.gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_reads_resume_after_the_last() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def second() -> None:
        first_in.wait()
        with heap.gc_paused():
            second_in.set()
            first_out.wait()
            seen.append(gc.isenabled())  # the first read ended: still paused for this one

    thread = threading.Thread(target=second)
    thread.start()
    with heap.gc_paused():
        first_in.set()
        second_in.wait()
    first_out.set()
    thread.join()
    assert seen == [False]
    assert gc.isenabled()


@pytest.fixture(scope="module")
def city() -> tuple[config.Plan, messy.Sheet]:
    plan, districts = citywide.build_plan(citywide.SEED)
    return plan, messy.merged(messy.generate(plan, districts[:2], 3000, seed=3))


def _collections_during(action: Callable[[], Any]) -> int:
    started: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    try:
        action()
    finally:
        gc.callbacks.remove(count)
    return len(started)


def test_reading_3000_rows_runs_one_collection_at_most(city: tuple[config.Plan, messy.Sheet], tmp_path: Path) -> None:
    plan, sheet = city
    values = messy.sheets_values(sheet)
    raw = RawWorkbook({t: raw_table(t, r) for t, r in values.items()}, label="city")
    schema = config.load_schema()
    folder = messy.write_csv(sheet, tmp_path / "csv")
    xlsx = messy.write_xlsx(sheet, tmp_path / "c.xlsx")
    # One collection may start once the collector is back on (the first new object after the read).
    assert _collections_during(lambda: reader.read(raw, plan, schema)) <= 1
    assert _collections_during(files.CsvFolderSource(folder).read) <= 1
    assert _collections_during(files.XlsxSource(xlsx).read) <= 1
    assert gc.isenabled()
