"""Glue used by the CLI and the pages: config + source -> plan and dataset."""

from __future__ import annotations

from pathlib import Path

from services import config, reader, sources
from services.config import Plan, SheetSchema


def load_config(plan_path: str | Path | None = None) -> tuple[Plan, SheetSchema]:
    """Load the plan (default ``config/plan.yaml``) and the sheet schema."""
    return config.load_plan(plan_path), config.load_schema()


def default_source() -> str:
    """The configured Google Sheet, or else the embedded demo workbook."""
    settings = config.load_settings()
    if settings.sheet.strip():
        return settings.sheet.strip()
    return str(config.resolve(settings.demo_source))


def read_dataset(source_spec: str | Path, plan: Plan, schema: SheetSchema) -> reader.Dataset:
    """Read a source (path, folder or sheet) and apply the reader."""
    raw = sources.open_source(source_spec).read()
    return reader.read(raw, plan, schema)
