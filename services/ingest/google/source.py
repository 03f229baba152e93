"""The Google Sheet source: both tabs read in one request, with a stale fallback on disk.

A :class:`GoogleSheetSource` opens the spreadsheet once (one metadata request)
and then reads both tabs in ONE ``values:batchGet`` request with unformatted
values, so N dashboard viewers cost one request per cache TTL. The last good
read is kept on disk and served, marked stale, when Google fails (a mapped
:class:`SheetAccessError`); any other exception is a bug and propagates.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from services.core import config, strings
from services.core.config import SheetSchema, Tab
from services.core.config.schema import TabKey
from services.core.errors import SheetAccessError
from services.ingest.google import client, credentials, snapshot
from services.ingest.google.client import Connection, RangeError
from services.ingest.raw import RawTab, RawWorkbook
from services.ingest.reading import headers

_log = logging.getLogger(__name__)


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
        self.key = client.spreadsheet_key(spec)
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
            self._conn = client.connect(self._info or credentials.secrets_file_info(), self.settings)
        return self._conn

    def version(self) -> str:
        """Google offers no free change token: the data may change every TTL."""
        ttl = max(self.settings.cache_ttl_seconds, 1)
        return str(int(time.time() // ttl))

    def open(self, *, refresh: bool = False) -> dict[str, int]:
        """Read the spreadsheet's title and tabs once (again only when ``refresh``)."""
        with self._lock:
            if self._tabs is None or refresh:
                meta = client.metadata(self.connection, self.key, {"fields": "properties.title,sheets.properties"})
                self.label = str(meta.get("properties", {}).get("title") or self.key)
                self._tabs = {
                    str(s["properties"]["title"]): int(s["properties"].get("sheetId", 0))
                    for s in meta.get("sheets", [])
                }
            return dict(self._tabs)

    def title_of(self, tab: Tab) -> str:
        """The title of the tab that holds ``tab`` (re-reading the tab list once if needed)."""
        title = headers.match_tab(self.open(), tab) or headers.match_tab(self.open(refresh=True), tab)
        if title is None:
            raise SheetAccessError(strings.t("sheet_tab_missing", tab=tab.title))
        return title

    def gid_of(self, title: str) -> int | None:
        """The sheet id (``#gid=``) of a tab, for links to a row."""
        return (self._tabs or {}).get(title)

    def _wanted(self, tabs: dict[str, int]) -> dict[TabKey, str]:
        """Schema tab key -> title found; raises when the activities tab is missing."""
        found: dict[TabKey, str] = {
            k: t for k, tab in self.schema.tabs.items() if (t := headers.match_tab(tabs, tab)) is not None
        }
        if "activities" not in found:
            raise SheetAccessError(strings.t("sheet_tab_missing", tab=self.schema.tabs["activities"].title))
        return found

    def fetch(self) -> RawWorkbook:
        """Read both tabs in one request; raise :class:`SheetAccessError` on failure."""
        tabs = self.open()
        if "activities" not in {k for k, tab in self.schema.tabs.items() if headers.match_tab(tabs, tab)}:
            tabs = self.open(refresh=True)  # a tab may have been added since we opened
        wanted = self._wanted(tabs)
        try:
            ranges = client.batch_get(self.connection, self.key, [client.quote_title(t) for t in wanted.values()])
        except RangeError:
            if not self._tabs_changed():
                raise
            tabs = self.open()
            wanted = self._wanted(tabs)
            ranges = client.batch_get(self.connection, self.key, [client.quote_title(t) for t in wanted.values()])
        raw_tabs: dict[str, RawTab] = {}
        for (tab_key, title), value_range in zip(wanted.items(), ranges, strict=True):
            raw = _raw_tab(title, value_range)
            if missing := headers.missing(raw.header, self.schema.tabs[tab_key]):
                columns = ", ".join(f"'{c}'" for c in missing)
                raise SheetAccessError(strings.t("sheet_headers_renamed", tab=title, columns=columns))
            raw_tabs[title] = raw
        gids = {title: tabs[title] for title in wanted.values()}
        return RawWorkbook(tabs=raw_tabs, label=self.label, kind="google", url=client.sheet_url(self.key), gids=gids)

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
    first = client.first_row(str(value_range.get("range", "")))
    rows = [list(r) for r in value_range.get("values", [])]
    if first > 1:
        rows = [[] for _ in range(first - 1)] + rows
    if not rows:
        return RawTab(title=title, header=[], rows=[])
    return RawTab(title=title, header=rows[0], rows=list(enumerate(rows[1:], start=2)))
