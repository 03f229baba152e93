"""Typed configuration: the plan, the sheet schema and settings, each in its own module.

Every file is validated on load (``load.py``); a broken file raises ``ConfigError`` whose
message names the file, the key and the problem. Callers use this package's names:
``config.Plan``, ``config.load_plan(...)``.
"""

from services.core.config.load import load_plan, load_schema, load_settings, plan_path, read_yaml, validate
from services.core.config.paths import CONFIG_DIR, resolve
from services.core.config.plan import (
    ALL_PHASES,
    DocumentInfo,
    Form,
    MapSettings,
    Milestone,
    Phase,
    Plan,
    Reporting,
    Span,
    Theme,
    Unit,
    UnitGroup,
    Ward,
    label,
)
from services.core.config.schema import Column, SheetSchema, Tab
from services.core.config.settings import Settings

__all__ = [
    "ALL_PHASES",
    "CONFIG_DIR",
    "Column",
    "DocumentInfo",
    "Form",
    "MapSettings",
    "Milestone",
    "Phase",
    "Plan",
    "Reporting",
    "Settings",
    "SheetSchema",
    "Span",
    "Tab",
    "Theme",
    "Unit",
    "UnitGroup",
    "Ward",
    "label",
    "load_plan",
    "load_schema",
    "load_settings",
    "plan_path",
    "read_yaml",
    "resolve",
    "validate",
]
