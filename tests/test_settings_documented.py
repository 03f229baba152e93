"""Every setting is read by the code and documented in the README (a setting nobody reads is a lie)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from services.core.config.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_MODULE = ROOT / "services" / "core" / "config" / "settings.py"


def _code() -> str:
    files = [p for d in ("services", "ui", "pages") for p in (ROOT / d).rglob("*.py") if p != SETTINGS_MODULE]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


CODE = _code()
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_read_by_the_code(name: str) -> None:
    assert re.search(rf"\.{name}\b", CODE), f"setting '{name}' is never read (services, ui, pages)"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README, f"setting '{name}' is not documented in README.md"


def test_the_shipped_settings_file_names_only_known_settings() -> None:
    shipped = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"))
    assert set(shipped) <= set(Settings.model_fields)
