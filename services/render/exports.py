"""Safe exports of tables: CSV bytes Excel opens in Vietnamese, formulas defused.

A cell typed by a unit may start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return; a spreadsheet would run it as a formula (CSV injection).
:func:`neutralise` prefixes such text with an apostrophe so it stays text.
The XLSX exports reuse the same function. CSV also quotes every text field and
defuses a formula character that follows a list separator inside a cell: an
Excel whose list separator is ``;`` (or a naive splitter) would otherwise cut
``x;=cmd|...`` into a formula cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from services.ingest.reading import cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A list separator (or a line break, should quoting be lost) then a formula character.
_SPLIT_FORMULA = re.compile(r"([,;\t\r\n][ \t]*)(?=[=+\-@＝＋－＠])")


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading apostrophe when a spreadsheet would run it.

    Only text is changed; numbers, dates and ``None`` pass through as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    # Dates are written dd/mm/yyyy, the way Vietnamese users read them.
    if isinstance(value, pd.Timestamp | dt.datetime):
        return cells.format_date(value.date()) if not pd.isna(value) else ""
    if isinstance(value, dt.date):
        return cells.format_date(value)
    return neutralise(value)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with dates as ``dd/mm/yyyy`` and formula-like text defused."""
    out = pd.DataFrame(index=df.index)
    for name in df.columns:
        column = df[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            out[neutralise(str(name))] = column
        else:
            out[neutralise(str(name))] = column.map(_cell, na_action="ignore")
    return out


def defuse_separators(value: Any) -> Any:
    """Put an apostrophe after any separator that a formula character follows.

    ``"x;=cmd"`` -> ``"x;'=cmd"``: whichever way the cell is split, no piece starts a formula.
    """
    if isinstance(value, str):
        return _SPLIT_FORMULA.sub(r"\1'", value)
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV of ``df`` as UTF-8 with a byte-order mark, so Excel shows Vietnamese.

    Every text field is quoted (numbers stay bare) and formula-like text is
    defused at the start of a cell and after any separator inside it.
    """
    safe = safe_frame(df)
    columns = [
        column if pd.api.types.is_numeric_dtype(column) else column.map(defuse_separators, na_action="ignore")
        for _, column in safe.items()
    ]
    out = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame(index=safe.index)
    out.columns = [defuse_separators(str(name)) for name in safe.columns]
    return out.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


# --- XLSX (meeting mode and documents, issue 5) ------------------------------

XLSX_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
XLSX_TITLE_MAX = 31
XLSX_WIDTH_MAX = 60


def _xlsx_value(value: Any) -> Any:
    """A cell value openpyxl writes as plain data, never as a formula."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        # XML cannot hold most control characters; dropping one may expose a leading "=", so defuse again.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _sheet_title(name: str, taken: set[str]) -> str:
    base = XLSX_TITLE_BAD.sub(" ", name).strip()[:XLSX_TITLE_MAX] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: XLSX_TITLE_MAX - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook, one sheet per table, with formula-like text defused.

    Cells go through :func:`safe_frame` (so through :func:`neutralise`), exactly
    like the CSV export; numbers stay numbers and dates read ``dd/mm/yyyy``.
    """
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty default sheet
    taken: set[str] = set()
    for name, df in sheets.items():
        sheet = book.create_sheet(_sheet_title(name, taken))
        safe = safe_frame(df)
        sheet.append([_xlsx_value(str(c)) for c in safe.columns])
        for row in safe.itertuples(index=False, name=None):
            sheet.append([_xlsx_value(v) for v in row])
        for cells_ in sheet.iter_rows():
            for cell in cells_:
                if cell.data_type == "f":  # defence in depth: never store a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        for index, column in enumerate(safe.columns, 1):
            longest = max([len(str(column)), *(len(str(v)) for v in safe[column].head(500) if v is not None)])
            sheet.column_dimensions[get_column_letter(index)].width = min(XLSX_WIDTH_MAX, longest + 2)
    if not sheets:
        book.create_sheet("Sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
