"""Reading a map click from a chart's event state (ui.views.selection)."""

from __future__ import annotations

import pytest

from ui.views import selection


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ({"selection": {"ward": [{"code": "00139"}]}}, "00139"),
        ({"selection": {"ward": [{"code": "00139", "vlPoint": {"or": []}}, {"code": "00115"}]}}, "00139"),
        ({"selection": {"ward": []}}, None),  # nothing clicked yet
        ({"selection": {"ward": {}}}, None),  # the empty state Streamlit starts with
        ({"selection": {"other": [{"code": "00139"}]}}, None),
        ({"selection": {"ward": [{"code": 139}]}}, None),  # not a code
        ({}, None),
        (None, None),
        ("x", None),
    ],
)
def test_clicked(state: object, code: str | None) -> None:
    assert selection.clicked(state, "ward", "code") == code
