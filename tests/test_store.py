"""The process-level dataset store (ui.store): TTL, refresh, one read for many sessions,
and a client's ``clear_cache`` (Streamlit's caches) leaves it and the sign-in throttle alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from services.access import throttle
from services.ingest import loader
from ui import auth as auth_ui
from ui import context, store

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def counter() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_kept_result_lasts_its_ttl_then_is_computed_again() -> None:
    clock = Clock()
    kept = store.Store(clock=clock)
    calls, compute = counter()
    assert [kept.get("k", compute, ttl=60) for _ in range(3)] == [1, 1, 1]
    clock.now = 59.9
    assert kept.get("k", compute, ttl=60) == 1
    clock.now = 60.0
    assert kept.get("k", compute, ttl=60) == 2
    assert kept.get("forever", compute) == 3
    clock.now = 10**9
    assert kept.get("forever", compute) == 3 and len(calls) == 3


def test_clear_forgets_and_a_result_computed_across_a_clear_is_not_kept() -> None:
    kept = store.Store()
    _, compute = counter()
    kept.get("k", compute)
    kept.clear()
    assert kept.get("k", compute) == 2

    def slow_with_clear() -> str:
        kept.clear()  # the refresh button pressed while this read was running
        return "old"

    assert kept.get("x", slow_with_clear) == "old"
    assert kept.get("x", lambda: "new") == "new"


def test_least_recently_used_results_go_first() -> None:
    kept = store.Store(max_entries=2)
    kept.get("a", lambda: 1)
    kept.get("b", lambda: 2)
    kept.get("a", lambda: 0)  # a used again
    kept.get("c", lambda: 3)
    assert kept.get("a", lambda: -1) == 1 and kept.get("b", lambda: -2) == -2


def test_sessions_asking_at_once_share_one_computation() -> None:
    kept = store.Store()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 7

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(kept.get("k", slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [7] * 8 and calls == [1]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every real read of a source the app makes."""
    seen: list[str] = []
    real = loader.read_dataset

    def counted(spec: object, *args: object, **kwargs: object) -> object:
        seen.append(str(spec))
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(loader, "read_dataset", counted)
    store.clear()
    return seen


def test_clearing_streamlits_caches_neither_rereads_the_data_nor_resets_the_throttle(
    reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a client's clear_cache message does on the server (AppSession._handle_clear_cache_request).
    # The browser test tests/browser/test_clear_cache.py sends the real message over the WebSocket.
    monkeypatch.setattr(auth_ui, "THROTTLE", throttle.Throttle(throttle.ThrottlePolicy(free=0)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and len(reads) == 1
    auth_ui.THROTTLE.failed("attacker", "203.0.113.9")
    plan = context._config()[0]
    st.cache_data.clear()
    st.cache_resource.clear()
    at.run()
    assert not at.exception
    assert len(reads) == 1  # the same parsed dataset, not read again
    assert context._config()[0] is plan  # per-plan results (districts, tables) are kept too
    assert auth_ui.THROTTLE.blocked("attacker", "203.0.113.9")
    next(b for b in at.sidebar.button if b.label == "Làm mới dữ liệu").click().run()
    assert len(reads) == 2  # the refresh button still reads again
