"""Service-account credentials for Google Sheets: from Streamlit secrets or a key file.

Credentials never appear in messages or logs: only the environment variable's
name and the service account's e-mail (which users need, to share the sheet).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from google.oauth2 import service_account

from services.core import strings
from services.core.errors import SheetAccessError

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
FALLBACK_ENV = "GOOGLE_APPLICATION_CREDENTIALS"


def _credentials_from_info(info: Mapping[str, Any]) -> service_account.Credentials:
    try:
        return service_account.Credentials.from_service_account_info(dict(info), scopes=SCOPES)
    except (ValueError, KeyError, TypeError):
        # The exception text may quote the key material: never pass it on.
        raise SheetAccessError(strings.t("sheet_bad_credentials")) from None


def load_credentials(info: Mapping[str, Any] | None, env_var: str) -> service_account.Credentials:
    """Service-account credentials from secrets ``info``, else the JSON file named by ``env_var``."""
    if info and info.get("private_key"):
        return _credentials_from_info(info)
    for name in (env_var, FALLBACK_ENV):
        path = os.environ.get(name, "").strip()
        if not path:
            continue
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise SheetAccessError(strings.t("sheet_credentials_file", env=name)) from None
        if not isinstance(data, dict):
            raise SheetAccessError(strings.t("sheet_credentials_file", env=name))
        return _credentials_from_info(data)
    raise SheetAccessError(strings.t("sheet_no_credentials", env=env_var))


def secrets_file_info(path: str | Path = ".streamlit/secrets.toml") -> dict[str, Any] | None:
    """``[connections.gsheets]`` from a Streamlit secrets file, for the command line."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:  # no secrets file: the env var may name a key file instead
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise SheetAccessError(strings.t("sheet_secrets_file")) from None
    section = data.get("connections", {}).get("gsheets")
    return dict(section) if isinstance(section, dict) else None
