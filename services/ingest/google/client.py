"""The Google Sheets client: connection, bounded retries, error mapping, requests, A1 helpers.

Every request goes through :func:`call`: a bounded retry (tries, exponential
backoff, a total time budget) on 408/429/5xx and connection errors only, with
Google's failures turned into Vietnamese :class:`SheetAccessError` messages.
``call`` catches only the failures it maps (gspread's API errors, HTTP and
network errors, google-auth errors); anything else is a bug and propagates.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import google.auth.exceptions
import gspread
import gspread.utils
import requests
import urllib3.exceptions

from services.core import config, strings
from services.core.errors import SheetAccessError
from services.ingest.google import credentials

RETRYABLE_CODES = {408, 429, 500, 502, 503, 504}
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
# What call() maps to a message; any other exception is a bug and is not caught.
MAPPED_ERRORS: tuple[type[Exception], ...] = (
    SheetAccessError,
    gspread.exceptions.APIError,
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    google.auth.exceptions.GoogleAuthError,
)
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]{20,}$")
_RANGE_START = re.compile(r"!\$?([A-Z]*)\$?(\d*)")
_ROW_OF_RANGE = re.compile(r"![A-Z]+(\d+)")

# Patchable in tests so retries cost no wall time.
_sleep: Callable[[float], None] = time.sleep
_clock: Callable[[], float] = time.monotonic

T = TypeVar("T")


class RangeError(SheetAccessError):
    """Google could not read a range (HTTP 400): usually a tab renamed since we opened."""


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: at most ``tries`` attempts within ``budget`` seconds."""

    tries: int = 3
    budget: float = 10.0
    timeout: float = 6.0  # per request
    first_delay: float = 1.0

    @classmethod
    def from_settings(cls, settings: config.Settings) -> RetryPolicy:
        """The policy configured in ``config/settings.yaml``."""
        return cls(
            tries=settings.sheet_retry_tries,
            budget=settings.sheet_retry_budget_seconds,
            timeout=settings.sheet_timeout_seconds,
        )


@dataclass
class Connection:
    """An authorised gspread client plus what messages need to know about it."""

    client: gspread.Client
    email: str | None = None  # the service account's e-mail: users share the sheet with it
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        self.client.http_client.set_timeout(self.policy.timeout)

    @property
    def http(self) -> gspread.HTTPClient:
        """The plain HTTP client that sends the requests."""
        return self.client.http_client


def make_client(creds: Any) -> gspread.Client:
    """A gspread client with the plain HTTP client (our own retries, never gspread's)."""
    return gspread.Client(auth=creds, http_client=gspread.HTTPClient)


def connect(info: Mapping[str, Any] | None = None, settings: config.Settings | None = None) -> Connection:
    """Open an authorised connection from secrets ``info`` or the configured env var."""
    settings = settings or config.load_settings()
    creds = credentials.load_credentials(info, settings.credentials_env)
    return Connection(
        client=make_client(creds),
        email=creds.service_account_email,
        policy=RetryPolicy.from_settings(settings),
    )


# ---------------------------------------------------------------- keys and ranges


def spreadsheet_key(spec: str) -> str:
    """The spreadsheet id in a URL (``.../spreadsheets/d/<id>/...``) or a bare id."""
    spec = spec.strip()
    if match := _KEY_IN_URL.search(spec):
        return match[1]
    if _BARE_KEY.match(spec):
        return spec
    raise SheetAccessError(strings.t("sheet_bad_spec", spec=spec))


def sheet_url(key: str, gid: int | None = None) -> str:
    """The browser link of a spreadsheet (optionally of one tab)."""
    base = f"https://docs.google.com/spreadsheets/d/{key}/edit"
    return f"{base}#gid={gid}" if gid is not None else base


def quote_title(title: str) -> str:
    """A tab title as an A1 range prefix: ``'Hoạt động'`` (quotes doubled)."""
    return "'" + title.replace("'", "''") + "'"


def column_letter(index: int) -> str:
    """The sheet's name of the 0-based column ``index``: 0 -> A, 25 -> Z, 26 -> AA."""
    return gspread.utils.rowcol_to_a1(1, index + 1)[:-1]


def first_row(range_text: str) -> int:
    """The first row number of an A1 range (1 when the range names none)."""
    match = _RANGE_START.search(range_text or "")
    return int(match[2]) if match and match[2] else 1


def row_of(updated_range: str) -> int:
    """The first row number of an A1 range such as ``'Hoạt động'!A38:L38``."""
    match = _ROW_OF_RANGE.search(updated_range or "")
    if not match:
        raise SheetAccessError(strings.t("sheet_api_error", code="?", message=updated_range))
    return int(match[1])


# ---------------------------------------------------------------- errors and retries


def _retryable(err: BaseException) -> bool:
    if isinstance(err, gspread.exceptions.APIError):
        return err.response.status_code in RETRYABLE_CODES or err.code in RETRYABLE_CODES
    return isinstance(err, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))


def _api_error(err: gspread.exceptions.APIError, conn: Connection | None, key: str) -> SheetAccessError:
    status = err.response.status_code
    if status == 401:
        return SheetAccessError(strings.t("sheet_bad_credentials"))
    if status == 403:
        email = (conn.email if conn else None) or strings.t("sheet_account_unknown")
        return SheetAccessError(strings.t("sheet_not_shared", email=email))
    if status == 404:
        return SheetAccessError(strings.t("sheet_not_found", sheet=key))
    if status == 429:
        return SheetAccessError(strings.t("sheet_quota"))
    if status in RETRYABLE_CODES:
        return SheetAccessError(strings.t("sheet_unavailable", code=status))
    message = str(err.error.get("message", ""))[:200]
    if status == 400:
        return RangeError(strings.t("sheet_api_error", code=status, message=message))
    return SheetAccessError(strings.t("sheet_api_error", code=status, message=message))


def access_error(err: BaseException, conn: Connection | None = None, key: str = "") -> SheetAccessError:
    """Turn a gspread/requests/google-auth failure into a message a user can act on."""
    if isinstance(err, SheetAccessError):
        return err
    if isinstance(err, google.auth.exceptions.RefreshError):
        return SheetAccessError(strings.t("sheet_bad_credentials"))
    if isinstance(err, (requests.exceptions.Timeout, requests.exceptions.ConnectionError)):
        return SheetAccessError(strings.t("sheet_network"))
    if isinstance(err, google.auth.exceptions.TransportError):
        return SheetAccessError(strings.t("sheet_network"))
    if isinstance(err, gspread.exceptions.APIError):
        return _api_error(err, conn, key)
    return SheetAccessError(strings.t("sheet_api_error", code="?", message=type(err).__name__))


def call(
    conn: Connection,
    request: Callable[[], T],
    *,
    key: str = "",
    before_retry: Callable[[], T | None] | None = None,
) -> T:
    """Run ``request`` with bounded retries; raise :class:`SheetAccessError` when it fails.

    Only 408/429/5xx and connection errors are retried, with exponential backoff,
    and another attempt starts only if it can finish within the time budget.
    ``before_retry`` may return a result that makes a retry unnecessary (an
    append that did land before its response was lost). Exceptions other than
    :data:`MAPPED_ERRORS` are bugs: they propagate unchanged.
    """
    policy = conn.policy
    start = _clock()
    delay = policy.first_delay
    for attempt in range(1, policy.tries + 1):
        try:
            return request()
        except MAPPED_ERRORS as err:
            if not _retryable(err) or attempt == policy.tries:
                raise access_error(err, conn, key) from None
            if _clock() - start + delay + policy.timeout > policy.budget:
                raise access_error(err, conn, key) from None
            _sleep(delay)
            delay *= 2
            if before_retry is not None:
                try:
                    found = before_retry()
                except MAPPED_ERRORS as check_err:
                    raise access_error(check_err, conn, key) from None
                if found is not None:
                    return found
    raise AssertionError("unreachable: the loop returns or raises")


# ---------------------------------------------------------------- requests


def metadata(conn: Connection, key: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """``GET spreadsheets/{key}`` (properties and tabs, no cells unless asked)."""
    return dict(call(conn, lambda: conn.http.fetch_sheet_metadata(key, params=params), key=key))


def batch_get(
    conn: Connection, key: str, ranges: list[str], params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Read several A1 ranges in one request; one value range per requested range."""
    query = dict(params if params is not None else READ_PARAMS)
    reply = call(conn, lambda: conn.http.values_batch_get(key, list(ranges), params=dict(query)), key=key)
    return list(reply.get("valueRanges", []))


def batch_update(conn: Connection, key: str, requests_: list[dict[str, Any]]) -> dict[str, Any]:
    """Send structural requests (``spreadsheets:batchUpdate``) in one call."""
    return dict(call(conn, lambda: conn.http.batch_update(key, {"requests": requests_}), key=key))


def append_row(
    conn: Connection,
    key: str,
    title: str,
    values: list[Any],
    find_existing: Callable[[], int | None],
) -> int:
    """Append one row as RAW text (never formulas) below the table; return its row number.

    Before any retry, ``find_existing`` checks whether the earlier attempt
    landed (its id is in the sheet), so a lost response never writes twice.
    """
    params: dict[str, Any] = {
        "valueInputOption": "RAW",
        "insertDataOption": "INSERT_ROWS",
        "includeValuesInResponse": "false",
    }
    body = {"majorDimension": "ROWS", "values": [values]}

    def send() -> int:
        reply = conn.http.values_append(key, f"{quote_title(title)}!A1", params=params, body=body)
        return row_of(reply.get("updates", {}).get("updatedRange", ""))

    return call(conn, send, key=key, before_retry=find_existing)
