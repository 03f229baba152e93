"""Local sources: an ``.xlsx`` workbook or a folder of CSV files (one file per tab)."""

from __future__ import annotations

import csv
import itertools
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.core import config, heap, strings
from services.core.errors import SourceError
from services.ingest.local import xlsx
from services.ingest.raw import RawWorkbook, table


def _row_budget() -> int:
    """Sheet rows worth reading: the header, ``max_rows`` and one more so the reader can say the tab was cut."""
    return config.load_settings().max_rows + 2


SEPARATORS = (",", ";", "\t")  # Excel saves ';' where the list separator is ';' (Vietnamese, most of Europe)


def separator(header_line: str) -> str:
    """The separator that splits the header line into the most fields (``,`` on a tie)."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in SEPARATORS}
    return max(SEPARATORS, key=lambda d: (counts[d], d == ","))


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an ``.xlsx`` (a zip archive) may unpack before it is refused unread."""

    unpacked_mb: float = 200.0
    ratio: float = 100.0
    ratio_from_mb: float = 1.0  # smaller members cannot hurt, whatever their ratio

    @classmethod
    def from_settings(cls, settings: config.Settings) -> ArchiveLimits:
        return cls(unpacked_mb=settings.max_xlsx_unpacked_mb, ratio=settings.max_xlsx_ratio)


def check_archive(path: str | Path, limits: ArchiveLimits | None = None) -> None:
    """Refuse a zip bomb before any parser unpacks it: raise :class:`SourceError` with what was too big.

    Reads only the central directory. The declared sizes bound the work, because
    Python's zipfile (which openpyxl and calamine's callers use) stops a member at
    its declared size and rejects one that unpacks to more.
    """
    path = Path(path)
    limits = limits or ArchiveLimits.from_settings(config.load_settings())
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except FileNotFoundError:
        raise SourceError(strings.t("source_missing_file", path=path)) from None
    except (zipfile.BadZipFile, OSError) as err:
        raise SourceError(strings.t("source_bad_xlsx", name=path.name, reason=err)) from None
    mb = 1024 * 1024
    total = sum(m.file_size for m in members)
    if total > limits.unpacked_mb * mb:
        raise SourceError(
            strings.t("source_xlsx_too_big", name=path.name, mb=round(total / mb), limit=round(limits.unpacked_mb))
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_from_mb * mb and ratio > limits.ratio:
            raise SourceError(
                strings.t("source_xlsx_bomb", name=path.name, member=member.filename, ratio=round(ratio),
                          limit=round(limits.ratio))
            )  # fmt: skip


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

    @heap.gc_paused()  # a row is a new list: the collector would walk them all again and again
    def read(self) -> RawWorkbook:
        check_archive(self.path)  # a zip bomb is refused before any parser unpacks it
        try:
            rows = None if xlsx.needs_openpyxl(self.path) else xlsx.read_tabs(self.path, _row_budget())
        except FileNotFoundError:
            raise SourceError(f"Không tìm thấy tệp dữ liệu {self.path}") from None
        except Exception as err:  # zipfile and calamine raise many types for a bad file
            raise SourceError(f"Không đọc được tệp {self.path.name} (không phải .xlsx hợp lệ?): {err}") from None
        fresh = rows is not None  # calamine's rows are new lists: no copy needed
        if rows is None:
            rows = self._read_openpyxl()
        tabs = {title: table(title, cells, fresh=fresh) for title, cells in rows.items()}
        return RawWorkbook(tabs=tabs, label=self.label, kind="local")

    def _read_openpyxl(self) -> dict[str, list[list[Any]]]:
        """The slow, exact path for what calamine cannot give (services.ingest.local.xlsx says what)."""
        import openpyxl

        check_archive(self.path)
        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except FileNotFoundError:
            raise SourceError(f"Không tìm thấy tệp dữ liệu {self.path}") from None
        except Exception as err:  # openpyxl raises many types for a bad file
            raise SourceError(f"Không đọc được tệp {self.path.name} (không phải .xlsx hợp lệ?): {err}") from None
        try:
            # iter_rows starts at row 1 even when the first rows are blank
            budget = _row_budget()
            return {
                sheet.title: [list(r) for r in itertools.islice(sheet.iter_rows(values_only=True), budget)]
                for sheet in book.worksheets
            }
        finally:
            book.close()


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

    @heap.gc_paused()  # a row is a new list: the collector would walk them all again and again
    def read(self) -> RawWorkbook:
        tabs = {}
        for file in self._files():
            try:
                with file.open(encoding="utf-8-sig", newline="") as handle:
                    first = handle.readline()
                    reader = csv.reader(itertools.chain([first], handle), delimiter=separator(first))
                    rows = [list(r) for r in itertools.islice(reader, _row_budget())]
            except UnicodeDecodeError:
                raise SourceError(f"Tệp {file.name} không phải UTF-8; hãy lưu lại dạng CSV UTF-8") from None
            except (OSError, csv.Error) as err:
                raise SourceError(f"Không đọc được tệp {file.name}: {err}") from None
            tabs[file.stem] = table(file.stem, rows)
        return RawWorkbook(tabs=tabs, label=self.label, kind="local")
