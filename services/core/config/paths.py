"""Which config files are in use: one resolution order for the dashboard, the CLI and the benchmarks.

Plan: ``--config`` flag → ``$DASHBOARD_PLAN`` → ``plan:`` in settings → ``config/plan.yaml``.
Settings: ``$DASHBOARD_SETTINGS`` → ``config/settings.yaml``. Relative paths inside a
settings file (``plan``, ``sheet_schema``, ``demo_source``, ``cache_dir``, ...) are relative
to the folder of that settings file, so a campaign can live in its own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"
PLAN_ENV = "DASHBOARD_PLAN"
SETTINGS_ENV = "DASHBOARD_SETTINGS"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def settings_file() -> Path:
    """The settings file in use: ``$DASHBOARD_SETTINGS`` or ``config/settings.yaml``."""
    return _env_path(SETTINGS_ENV) or CONFIG_DIR / "settings.yaml"


def base_dir() -> Path:
    """The folder that relative paths in the settings file are resolved against."""
    return settings_file().resolve().parent


def resolve(path: str | Path, base: Path | None = None) -> Path:
    """Resolve a path named in a config file (relative to the settings file's folder by default)."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else ((base or base_dir()) / candidate).resolve()


def plan_file(explicit: str | Path | None, configured: str) -> Path:
    """The plan in use: ``explicit`` (a ``--config`` flag), else ``$DASHBOARD_PLAN``, else ``configured``.

    ``configured`` is the ``plan:`` setting; an empty one means ``config/plan.yaml``.
    """
    if explicit:
        return Path(explicit).expanduser()
    from_env = _env_path(PLAN_ENV)
    if from_env:
        return from_env
    return resolve(configured) if configured.strip() else CONFIG_DIR / "plan.yaml"


def schema_file(configured: str) -> Path:
    """The sheet schema in use: the ``sheet_schema:`` setting, else ``config/sheet.yaml``."""
    return resolve(configured) if configured.strip() else CONFIG_DIR / "sheet.yaml"
