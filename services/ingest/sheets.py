"""Google Sheets access: the only module that imports gspread.

A :class:`GoogleSheetSource` opens the spreadsheet once (one metadata request)
and then reads both tabs in ONE ``values:batchGet`` request with unformatted
values, so N dashboard viewers cost one request per cache TTL. Every request
goes through :func:`call`: a bounded retry (tries, exponential backoff, a total
time budget) on 408/429/5xx and connection errors only, with Google's failures
turned into Vietnamese :class:`SheetAccessError` messages. The last good read is
kept on disk and served, marked stale, when Google fails.

Credentials never appear in messages or logs: only the environment variable's
name and the service account's e-mail (which users need, to share the sheet).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import google.auth.exceptions
import gspread
import requests
from google.oauth2 import service_account

from services.core import config, strings, text
from services.core.config import SheetSchema, Tab
from services.core.errors import SheetAccessError
from services.ingest import reader, snapshot
from services.ingest.raw import RawTab, RawWorkbook

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
FALLBACK_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
RETRYABLE_CODES = {408, 429, 500, 502, 503, 504}
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]{20,}$")
_RANGE_START = re.compile(r"!\$?([A-Z]*)\$?(\d*)")
_ROW_OF_RANGE = re.compile(r"![A-Z]+(\d+)")

# Patchable in tests so retries cost no wall time.
_sleep: Callable[[float], None] = time.sleep
_clock: Callable[[], float] = time.monotonic

T = TypeVar("T")
_log = logging.getLogger(__name__)


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
        return self.client.http_client


# ---------------------------------------------------------------- credentials


def make_client(credentials: Any) -> gspread.Client:
    """A gspread client with the plain HTTP client (our own retries, never gspread's)."""
    return gspread.Client(auth=credentials, http_client=gspread.HTTPClient)


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
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:  # no secrets file: the env var may name a key file instead
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise SheetAccessError(strings.t("sheet_secrets_file")) from None
    section = data.get("connections", {}).get("gsheets")
    return dict(section) if isinstance(section, dict) else None


def connect(info: Mapping[str, Any] | None = None, settings: config.Settings | None = None) -> Connection:
    """Open an authorised connection from secrets ``info`` or the configured env var."""
    settings = settings or config.load_settings()
    credentials = load_credentials(info, settings.credentials_env)
    return Connection(
        client=make_client(credentials),
        email=credentials.service_account_email,
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
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _first_row(range_text: str) -> int:
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
    append that did land before its response was lost).
    """
    policy = conn.policy
    start = _clock()
    delay = policy.first_delay
    for attempt in range(1, policy.tries + 1):
        try:
            return request()
        except Exception as err:
            if not _retryable(err) or attempt == policy.tries:
                raise access_error(err, conn, key) from None
            if _clock() - start + delay + policy.timeout > policy.budget:
                raise access_error(err, conn, key) from None
            _sleep(delay)
            delay *= 2
            if before_retry is not None:
                try:
                    found = before_retry()
                except Exception as check_err:
                    raise access_error(check_err, conn, key) from None
                if found is not None:
                    return found
    raise AssertionError("unreachable: the loop returns or raises")


def metadata(conn: Connection, key: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """``GET spreadsheets/{key}`` (properties and tabs, no cells unless asked)."""
    return dict(call(conn, lambda: conn.http.fetch_sheet_metadata(key, params=params), key=key))


def batch_get(conn: Connection, key: str, ranges: list[str], params: dict[str, Any] | None = None) -> list[dict]:
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
    params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS", "includeValuesInResponse": "false"}
    body = {"majorDimension": "ROWS", "values": [values]}

    def send() -> int:
        reply = conn.http.values_append(key, f"{quote_title(title)}!A1", params=params, body=body)
        return row_of(reply.get("updates", {}).get("updatedRange", ""))

    return call(conn, send, key=key, before_retry=find_existing)


# ---------------------------------------------------------------- the source


def _match_tab(titles: dict[str, int], tab: Tab) -> str | None:
    wanted = {text.key(tab.title), *(text.key(a) for a in tab.aliases)}
    return next((title for title in titles if text.key(title) in wanted), None)


def _missing_headers(header: list[Any], tab: Tab) -> list[str]:
    found = reader.map_header(header, tab)
    return [c.header for c in tab.columns if c.required and c.key not in found]


class GoogleSheetSource:
    """A Google Sheet read in one request per refresh, with a stale fallback on disk."""

    kind = "google"

    def __init__(
        self,
        spec: str,
        *,
        connection: Connection | None = None,
        credentials_info: Mapping[str, Any] | None = None,
        schema: SheetSchema | None = None,
        settings: config.Settings | None = None,
        snapshot_dir: str | Path | None = None,
    ) -> None:
        self.key = spreadsheet_key(spec)
        self.label = self.key
        self.settings = settings or config.load_settings()
        self.schema = schema or config.load_schema()
        self._conn = connection
        self._info = credentials_info
        folder = Path(snapshot_dir) if snapshot_dir else config.resolve(self.settings.cache_dir)
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:16]
        self.snapshot_path = folder / f"sheet-{digest}.json"
        self._tabs: dict[str, int] | None = None  # title -> sheetId, from the one metadata read
        self._lock = threading.Lock()

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            self._conn = connect(self._info or secrets_file_info(), self.settings)
        return self._conn

    def version(self) -> str:
        """Google offers no free change token: the data may change every TTL."""
        ttl = max(self.settings.cache_ttl_seconds, 1)
        return str(int(time.time() // ttl))

    def open(self, *, refresh: bool = False) -> dict[str, int]:
        """Read the spreadsheet's title and tabs once (again only when ``refresh``)."""
        with self._lock:
            if self._tabs is None or refresh:
                meta = metadata(self.connection, self.key, {"fields": "properties.title,sheets.properties"})
                self.label = str(meta.get("properties", {}).get("title") or self.key)
                self._tabs = {
                    str(s["properties"]["title"]): int(s["properties"].get("sheetId", 0))
                    for s in meta.get("sheets", [])
                }
            return dict(self._tabs)

    def title_of(self, tab: Tab) -> str:
        """The title of the tab that holds ``tab`` (re-reading the tab list once if needed)."""
        title = _match_tab(self.open(), tab) or _match_tab(self.open(refresh=True), tab)
        if title is None:
            raise SheetAccessError(strings.t("sheet_tab_missing", tab=tab.title))
        return title

    def gid_of(self, title: str) -> int | None:
        """The sheet id (``#gid=``) of a tab, for links to a row."""
        return (self._tabs or {}).get(title)

    def _wanted(self, tabs: dict[str, int]) -> dict[str, str]:
        """Schema tab key -> title found; raises when the activities tab is missing."""
        found = {k: t for k, tab in self.schema.tabs.items() if (t := _match_tab(tabs, tab)) is not None}
        if "activities" not in found:
            raise SheetAccessError(strings.t("sheet_tab_missing", tab=self.schema.tabs["activities"].title))
        return found

    def fetch(self) -> RawWorkbook:
        """Read both tabs in one request; raise :class:`SheetAccessError` on failure."""
        tabs = self.open()
        if "activities" not in {k for k, tab in self.schema.tabs.items() if _match_tab(tabs, tab)}:
            tabs = self.open(refresh=True)  # a tab may have been added since we opened
        wanted = self._wanted(tabs)
        try:
            ranges = batch_get(self.connection, self.key, [quote_title(t) for t in wanted.values()])
        except RangeError:
            if not self._tabs_changed():
                raise
            tabs = self.open()
            wanted = self._wanted(tabs)
            ranges = batch_get(self.connection, self.key, [quote_title(t) for t in wanted.values()])
        raw_tabs: dict[str, RawTab] = {}
        for (tab_key, title), value_range in zip(wanted.items(), ranges, strict=True):
            raw = _raw_tab(title, value_range)
            if missing := _missing_headers(raw.header, self.schema.tabs[tab_key]):
                columns = ", ".join(f"'{c}'" for c in missing)
                raise SheetAccessError(strings.t("sheet_headers_renamed", tab=title, columns=columns))
            raw_tabs[title] = raw
        gids = {title: tabs[title] for title in wanted.values()}
        return RawWorkbook(tabs=raw_tabs, label=self.label, kind="google", url=sheet_url(self.key), gids=gids)

    def _tabs_changed(self) -> bool:
        """After a failed read: were tabs renamed or removed since we opened? (one request)"""
        before = dict(self._tabs or {})
        return self.open(refresh=True) != before

    def read(self) -> RawWorkbook:
        """The sheet now, or the last good snapshot marked stale when Google fails."""
        try:
            raw = self.fetch()
        except SheetAccessError as err:
            stale = snapshot.load(self.snapshot_path)
            if stale is None:
                raise
            return RawWorkbook(
                tabs=stale.tabs, label=stale.label, read_at=stale.read_at, kind="google",
                url=stale.url, gids=stale.gids, stale_reason=str(err),
            )  # fmt: skip
        try:
            snapshot.save(raw, self.snapshot_path)
        except OSError as err:  # the read is good; only the fallback for next time is missing
            _log.warning("Không lưu được bản dữ liệu dự phòng: %s", err.strerror or type(err).__name__)
        return raw


def _raw_tab(title: str, value_range: Mapping[str, Any]) -> RawTab:
    first = _first_row(str(value_range.get("range", "")))
    rows = [list(r) for r in value_range.get("values", [])]
    if first > 1:
        rows = [[] for _ in range(first - 1)] + rows
    if not rows:
        return RawTab(title=title, header=[], rows=[])
    return RawTab(title=title, header=rows[0], rows=list(enumerate(rows[1:], start=2)))
