"""Glue used by the CLI and the pages: config + source -> plan and dataset."""

from __future__ import annotations

import os
from pathlib import Path

from services.core import config
from services.core.config import Plan, SheetSchema
from services.ingest import reader, sources


def load_config(plan_path: str | Path | None = None) -> tuple[Plan, SheetSchema]:
    """Load the plan (default ``config/plan.yaml``) and the sheet schema."""
    return config.load_plan(plan_path), config.load_schema()


SOURCE_ENV = "DASHBOARD_SOURCE"  # overrides settings.sheet: a workbook, CSV folder or sheet URL/key


def default_source() -> str:
    """``$DASHBOARD_SOURCE`` if set, else the configured Google Sheet, else the embedded demo workbook."""
    override = os.environ.get(SOURCE_ENV, "").strip()
    if override:
        return override
    settings = config.load_settings()
    if settings.sheet.strip():
        return settings.sheet.strip()
    return str(config.resolve(settings.demo_source))


def read_dataset(source_spec: str | Path, plan: Plan, schema: SheetSchema) -> reader.Dataset:
    """Read a source (path, folder or sheet) and apply the reader."""
    raw = sources.open_source(source_spec).read()
    return reader.read(raw, plan, schema)
