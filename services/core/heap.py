"""The process's heap while a read builds many objects: the cyclic garbage collector paused.

See docs/architecture.md, "Reading 100k rows at once".
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


class _Pause:
    """How many pauses are running (threads overlap: sessions, districts), and whether to resume after the last."""

    lock = threading.Lock()
    running = 0
    resume = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many acyclic objects are built at once.

    Reading 100k rows, unpickling 100k records or loading a city plan builds up to millions of
    small containers, none in a cycle; the collector's passes over them (every 700 new objects,
    and full ones over the whole heap) took a quarter to half of the time (issue 14). Pauses
    may overlap across threads: the collector resumes when the last one ends, and one that was
    already off (``gc.disable()`` elsewhere) stays off. What the pauses made then joins the
    oldest generation without being walked (:func:`_settle`).
    """
    with _Pause.lock:
        if _Pause.running == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.running += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.running -= 1
            if _Pause.running == 0 and _Pause.resume:
                gc.enable()
                _settle()


def _settle() -> None:
    """Move what the pauses made (all in the youngest generation) to the oldest, with no collection.

    Left alone, 100k new records are walked by a young collection, by a middle one, and then
    trigger a full collection (they count as "pending" long-lived objects), which walks every
    object of the process: ~0.2 s at 100k rows, to free nothing. ``freeze`` then ``unfreeze``
    moves every tracked object to the oldest generation without walking any; a cycle among them
    is still freed, by the next full collection. When something else keeps objects frozen
    (``gc.freeze()`` before a fork), they must stay so: then one young collection does the move.
    """
    if gc.get_freeze_count():
        gc.collect(1)
        return
    gc.freeze()
    gc.unfreeze()
