"""Remember results computed from the same objects: pages rerun fast on 100k rows.

The dataset is one shared object (see ``ui.store``) and the sidebar hands
pages the same filtered lists on every rerun, so a table built from them can be
reused as long as the very same objects come back. Arguments are compared by
identity (lists, plans, datasets) or by value (dates, strings, numbers, tuples).
Results are shared between sessions: callers must treat them as read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_BY_VALUE = (str, int, float, bool, dt.date, type(None))


def _part(value: Any) -> Any:
    if isinstance(value, _BY_VALUE):
        return value
    if isinstance(value, tuple | frozenset):
        return (type(value), tuple(_part(v) for v in value))
    return ("id", id(value))


def by_identity(maxsize: int = 16) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a function's results, keyed on its arguments' identity (or value for scalars)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        cache: OrderedDict[Any, tuple[tuple[Any, ...], R]] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            held = (*args, *sorted(kwargs.items()))
            key = tuple(_part(v) for v in held)
            with lock:
                hit = cache.get(key)
                if hit is not None:
                    cache.move_to_end(key)
                    return hit[1]
            result = fn(*args, **kwargs)
            with lock:
                # Holding the arguments keeps them alive, so no other object can take their ids.
                cache[key] = (held, result)
                while len(cache) > maxsize:
                    cache.popitem(last=False)
            return result

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        return wrapper

    return decorate


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
