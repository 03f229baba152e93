"""Local sources: an ``.xlsx`` workbook or a folder of CSV files (one file per tab)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Any

from services.core import config
from services.core.errors import SourceError
from services.ingest import xlsx
from services.ingest.raw import RawWorkbook, table


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
        """The slow, exact path for what calamine cannot give (services.ingest.xlsx says what)."""
        import openpyxl

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
            tabs[file.stem] = table(file.stem, rows)
        return RawWorkbook(tabs=tabs, label=self.label, kind="local")
