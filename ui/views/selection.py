"""Reading a chart click: the value a point selection holds in a chart's event state."""

from __future__ import annotations

from collections.abc import Mapping


def clicked(state: object, param: str, field: str) -> str | None:
    """The ``field`` of the point selected in ``param``, or None when nothing is selected.

    ``state`` is what ``st.vega_lite_chart(..., on_select="rerun", key=K)`` leaves in
    ``st.session_state[K]``: ``{"selection": {param: [{field: value, ...}]}}``.
    """
    if not isinstance(state, Mapping):
        return None
    selection = state.get("selection")
    points = selection.get(param) if isinstance(selection, Mapping) else None
    if isinstance(points, list) and points and isinstance(points[0], Mapping):
        value = points[0].get(field)
        return value if isinstance(value, str) else None
    return None
