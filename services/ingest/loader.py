"""Source dispatch and glue used by the CLI and the pages: config + source spec -> plan and dataset."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from services.core import config
from services.core.config import Plan, SheetSchema
from services.core.errors import SourceError
from services.ingest import raw
from services.ingest.local import files
from services.ingest.reading import reader


def load_config(plan_path: str | Path | None = None) -> tuple[Plan, SheetSchema]:
    """Load the plan (default ``config/plan.yaml``) and the sheet schema."""
    return config.load_plan(plan_path), config.load_schema()


SOURCE_ENV = "DASHBOARD_SOURCE"  # overrides settings.sheet: a workbook, CSV folder or sheet URL/key


def default_source() -> str:
    """The last steps of :func:`resolve_source`: the configured Google Sheet, else the embedded demo workbook."""
    settings = config.load_settings()
    if settings.sheet.strip():
        return settings.sheet.strip()
    return str(config.resolve(settings.demo_source))


def resolve_source(explicit: str | Path | None = None, secrets_info: Mapping[str, Any] | None = None) -> str:
    """The one rule, for the dashboard and the command line, naming the source to read.

    In order: ``explicit`` (``--source``), ``$DASHBOARD_SOURCE``, ``spreadsheet`` in the
    ``[connections.gsheets]`` secrets (``secrets_info``: Streamlit's secrets on the
    dashboard, ``sheets.secrets_file_info()`` on the command line), ``settings.sheet``,
    then the demo workbook.
    """
    if explicit is not None and str(explicit).strip():
        return str(explicit).strip()
    override = os.environ.get(SOURCE_ENV, "").strip()
    if override:
        return override
    from_secrets = str((secrets_info or {}).get("spreadsheet") or "").strip()
    return from_secrets or default_source()


def read_dataset(
    source_spec: str | Path, plan: Plan, schema: SheetSchema, secrets_info: Mapping[str, Any] | None = None
) -> reader.Dataset:
    """Read a source (path, folder or sheet) and apply the reader.

    A Google Sheet that cannot be read now falls back to its last good snapshot
    (``Dataset.stale_reason`` says why): that decision is the source's, so the
    dashboard and the command line serve the same thing.
    """
    return reader.read(open_source(source_spec, secrets_info).read(), plan, schema)


_SHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{25,}$")


def is_local(spec: str) -> bool:
    """True when ``spec`` names a local path rather than a Google Sheet (a URL or a bare key)."""
    if spec.startswith(("https://", "http://")):
        return False
    # A path that does not exist is still a path (the user gets "file not found"),
    # unless it looks like a bare spreadsheet key.
    return Path(spec).exists() or not _SHEET_KEY.match(spec)


def open_source(spec: str | Path, secrets_info: Mapping[str, Any] | None = None) -> raw.Source:
    """Return the source a user means by ``spec``: a workbook, a CSV folder or a sheet.

    ``secrets_info`` (``[connections.gsheets]``) holds a sheet's credentials, if any.
    """
    spec_text = str(spec).strip()
    if not spec_text:
        raise SourceError("Chưa chỉ định nguồn dữ liệu (tệp .xlsx, thư mục CSV hoặc Google Sheet)")
    if is_local(spec_text):
        path = Path(spec_text)
        if path.is_dir():
            return files.CsvFolderSource(path)
        if path.suffix.lower() == ".csv":
            return files.CsvFolderSource(path.parent)
        return files.XlsxSource(path)
    # Imported here: gspread and google-auth cost ~0.3 s CPU in every process that only reads a file.
    from services.ingest import google as sheets

    return sheets.GoogleSheetSource(spec_text, credentials_info=secrets_info)
