"""Data sources: each returns the raw rows of the sheet's tabs, nothing more.

Every source (local ``.xlsx``, a folder of CSV files, a Google Sheet) obeys one
contract: :meth:`Source.read` returns a :class:`RawWorkbook` whose tabs carry
the header row and the data rows with the sheet's own row numbers (first data
row = 2). Turning cells into records is the reader's job, never the source's.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from services.core import config, text
from services.core.errors import SourceError

Cell = Any


@dataclass(frozen=True)
class RawTab:
    """One tab: its title as found, the header cells and numbered data rows."""

    title: str
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]


@dataclass(frozen=True)
class RawWorkbook:
    """All tabs of one source, keyed by their titles as found."""

    tabs: dict[str, RawTab]
    label: str
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    kind: str = "local"
    url: str | None = None  # a link users can open (Google Sheet)
    gids: dict[str, int] = field(default_factory=dict)  # tab title -> sheet id
    stale_reason: str | None = None  # set when this is a saved snapshot served because a refresh failed

    def find(self, title: str, aliases: list[str]) -> RawTab | None:
        """Return the tab whose title matches ``title`` or an alias, tolerantly."""
        wanted = {text.key(title), *(text.key(a) for a in aliases)}
        for name, tab in self.tabs.items():
            if text.key(name) in wanted:
                return tab
        return None


class Source(Protocol):
    """Anything that can produce a :class:`RawWorkbook`."""

    label: str

    def read(self) -> RawWorkbook: ...

    def version(self) -> str:
        """A cheap token that changes when the data may have changed."""
        ...


def _table(title: str, rows: list[list[Cell]]) -> RawTab:
    if not rows:
        return RawTab(title=title, header=[], rows=[])
    body = [(index, list(cells)) for index, cells in enumerate(rows[1:], start=2)]
    return RawTab(title=title, header=list(rows[0]), rows=body)


def _row_budget() -> int:
    """Sheet rows worth reading: the header, ``max_rows`` and one more so the reader can say the tab was cut."""
    return config.load_settings().max_rows + 2


class XlsxSource:
    """A local ``.xlsx`` workbook: date cells, numbers and text as they are."""

    kind = "local"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.label = self.path.name

    def version(self) -> str:
        try:
            stat = self.path.stat()
        except OSError as err:
            raise SourceError(f"Không mở được tệp {self.path.name}: {err.strerror}") from None
        return f"{stat.st_mtime_ns}:{stat.st_size}"

    def read(self) -> RawWorkbook:
        import openpyxl  # imported here: only local workbooks need it

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except FileNotFoundError:
            raise SourceError(f"Không tìm thấy tệp dữ liệu {self.path}") from None
        except Exception as err:  # openpyxl raises many types for a bad file
            raise SourceError(f"Không đọc được tệp {self.path.name} (không phải .xlsx hợp lệ?): {err}") from None
        try:
            tabs = {}
            for sheet in book.worksheets:
                # iter_rows starts at row 1 even when the first rows are blank
                rows = [list(r) for r in itertools.islice(sheet.iter_rows(values_only=True), _row_budget())]
                tabs[sheet.title] = _table(sheet.title, rows)
        finally:
            book.close()
        return RawWorkbook(tabs=tabs, label=self.label, kind="local")


class CsvFolderSource:
    """A folder with one UTF-8 CSV file per tab, named after the tab."""

    kind = "local"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.label = self.path.name

    def _files(self) -> list[Path]:
        if not self.path.is_dir():
            raise SourceError(f"Không tìm thấy thư mục dữ liệu {self.path}")
        return sorted(self.path.glob("*.csv"))

    def version(self) -> str:
        parts = [f"{f.name}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in self._files()]
        return "|".join(parts)

    def read(self) -> RawWorkbook:
        tabs = {}
        for file in self._files():
            try:
                with file.open(encoding="utf-8-sig", newline="") as handle:
                    rows = [list(r) for r in itertools.islice(csv.reader(handle), _row_budget())]
            except UnicodeDecodeError:
                raise SourceError(f"Tệp {file.name} không phải UTF-8; hãy lưu lại dạng CSV UTF-8") from None
            except (OSError, csv.Error) as err:
                raise SourceError(f"Không đọc được tệp {file.name}: {err}") from None
            tabs[file.stem] = _table(file.stem, rows)
        return RawWorkbook(tabs=tabs, label=self.label, kind="local")


_SHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{25,}$")


def is_local(spec: str) -> bool:
    """True when ``spec`` names a local path rather than a Google Sheet (a URL or a bare key)."""
    if spec.startswith(("https://", "http://")):
        return False
    # A path that does not exist is still a path (the user gets "file not found"),
    # unless it looks like a bare spreadsheet key.
    return Path(spec).exists() or not _SHEET_KEY.match(spec)


def open_source(spec: str | Path) -> Source:
    """Return the source a user means by ``spec``: a workbook, a CSV folder or a sheet."""
    spec_text = str(spec).strip()
    if not spec_text:
        raise SourceError("Chưa chỉ định nguồn dữ liệu (tệp .xlsx, thư mục CSV hoặc Google Sheet)")
    if is_local(spec_text):
        path = Path(spec_text)
        if path.is_dir():
            return CsvFolderSource(path)
        if path.suffix.lower() == ".csv":
            return CsvFolderSource(path.parent)
        return XlsxSource(path)
    from services.ingest import sheets  # only Google Sheet users need gspread

    return sheets.GoogleSheetSource(spec_text)
