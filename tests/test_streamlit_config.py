"""The Streamlit settings the dashboard ships (.streamlit/config.toml): hardened, and no per-run full GC."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableStaticServing", False),
        ("client", "showErrorDetails", "none"),
        # A full gc.collect() after every script run cost ~0.1 s of CPU per new session and per click (issue 14).
        ("runner", "postScriptGC", False),
    ],
)
def test_shipped_setting(section: str, key: str, value: object) -> None:
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings[section][key] == value
