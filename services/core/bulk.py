"""Building hundreds of thousands of objects at once without the cyclic collector walking them again and again.

Reading 100k rows creates millions of lists, tuples and records that all stay alive.
CPython's cyclic garbage collector starts a pass every few hundred new container
objects, and its full passes walk every live object: a third of the reader's CPU
at 100k rows and most of a CSV folder's read (issue 14). These reads build no
garbage in cycles, so the collector is paused while one runs and resumes after;
reference counting frees everything else as usual. What they made then joins the
oldest generation without being walked (:func:`_settle`).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


class _Pause:
    """How many reads are running (threads overlap: sessions, districts), and whether to resume after the last."""

    lock = threading.Lock()
    running = 0
    resume = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block runs; resume it when the last such block ends.

    A collector that was already off (``gc.disable()`` elsewhere) stays off.
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
    """Move what the reads made (all in the youngest generation) to the oldest, with no collection.

    Left alone, 100k new records are walked by a young collection, by a middle one, and then
    trigger a full collection (they count as "pending" long-lived objects), which walks every
    object of the process: ~0.3 s at 100k rows, to free nothing. ``freeze`` then ``unfreeze``
    moves every tracked object to the oldest generation without walking any; a cycle among them
    is still freed, by the next full collection. When something else keeps objects frozen
    (``gc.freeze()`` before a fork), they must stay so: then one young collection does the move.
    """
    if gc.get_freeze_count():
        gc.collect(1)
        return
    gc.freeze()
    gc.unfreeze()
