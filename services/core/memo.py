"""Remember results computed from the same objects: pages rerun fast on 100k rows.

The dataset is one shared object (see ``ui.store``) and the sidebar hands
pages the same filtered lists on every rerun, so a table built from them can be
reused as long as the very same objects come back. Arguments are compared by
identity (lists, plans, datasets) or by value (dates, strings, numbers, tuples).
Results are shared between sessions: callers must treat them as read-only.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
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
