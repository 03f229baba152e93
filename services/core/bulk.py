"""Building hundreds of thousands of objects at once without the cyclic collector walking them again and again.

Reading 100k rows creates millions of lists, tuples and records that all stay alive.
CPython's cyclic garbage collector starts a pass every few hundred new container
objects, and its full passes walk every live object: a third of the reader's CPU
at 100k rows and most of a CSV folder's read (issue 14). These reads build no
garbage in cycles, so the collector is paused while one runs and resumes after;
reference counting frees everything else as usual.
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
                # What the block made is all in the youngest generation: one pass moves it past the
                # middle one as well (left alone, it is walked once there and once more a little later).
                gc.collect(1)
