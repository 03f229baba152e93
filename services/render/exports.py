"""Safe exports of tables: CSV bytes Excel opens in Vietnamese, formulas defused.

A cell typed by a unit may start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return; a spreadsheet would run it as a formula (CSV injection).
:func:`neutralise` prefixes such text with an apostrophe so it stays text.
The XLSX exports reuse the same function.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from services.ingest import cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV of ``df`` as UTF-8 with a byte-order mark, so Excel shows Vietnamese."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


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
