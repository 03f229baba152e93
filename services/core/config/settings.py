"""Runtime settings (``config/settings.yaml``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from services.core.config.model import _Model


class Settings(_Model):
    plan: str = "plan.yaml"
    sheet_schema: str = "sheet.yaml"
    demo_source: str = "../data/demo.xlsx"
    demo_as_of: dt.date | None = None
    sheet: str = ""
    cache_ttl_seconds: int = Field(default=60, ge=0)
    language: Literal["vi", "en"] = "vi"
    # Google Sheet access (issue 4): the env var naming a service-account JSON key file,
    # and the bounded retry budget around every Google request.
    credentials_env: str = "DASHBOARD_SA_FILE"
    sheet_retry_tries: int = Field(default=3, ge=1, le=10)
    sheet_retry_budget_seconds: float = Field(default=10.0, gt=0, le=60)
    sheet_timeout_seconds: float = Field(default=6.0, gt=0, le=60)
    cache_dir: str = "../.cache"
    # Several replicas (issue 14): a folder every dashboard process sees, holding one parsed snapshot per
    # sheet that one process refreshes per TTL (services/ingest/shared.py); empty: each process reads alone.
    shared_cache_dir: str = ""
    # Size limits on what is read from one tab (issue 6): rows (blank included), columns, characters per cell.
    max_rows: int = Field(default=200_000, ge=1)
    max_columns: int = Field(default=60, ge=1, le=18_278)
    max_cell_chars: int = Field(default=10_000, ge=100, le=50_000)
    # Plausible counts per activity (issue 10): a larger participants/quantity cell is a row error.
    max_participants: int = Field(default=1_000_000, ge=1, le=10**12)
    max_quantity: int = Field(default=1_000_000, ge=1, le=10**12)
    # Zip-bomb guard for .xlsx files (issue 10): total unpacked size, and unpacked/packed ratio of any member over 1 MB.
    max_xlsx_unpacked_mb: float = Field(default=200, gt=0, le=4096)
    max_xlsx_ratio: float = Field(default=100, ge=10, le=10_000)
    # City scale (issue 7): a YAML file listing one source per district (services/ingest/multisource.py),
    # relative to config/; empty means one source (the sheet or the demo workbook).
    districts: str = ""
    # Sign-in (issue 10): with no sign-in secrets at all the app runs open (everyone is
    # access.yaml's open_role, labelled "Chế độ mở") only when this is true; false on a server.
    open_mode: bool = False
