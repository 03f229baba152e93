"""Reading ``.xlsx`` cells fast (python-calamine), exactly as openpyxl gave them.

openpyxl parses the sheet XML in Python (17× the cost of calamine on 100k rows,
issue 14). calamine is written in Rust but hands cells over differently; this
module turns them back into what openpyxl gave, so the reader sees the same
values:

* an empty cell is ``None`` (calamine gives ``""``);
* a whole number is an ``int`` (calamine gives ``80.0``); Excel writes numbers
  from 1e15 on in exponent form, which openpyxl reads as a float, so those stay floats;
* a date cell without a time is a ``datetime`` at midnight (calamine gives a ``date``);
* rows start at the sheet's row 1 and column A even when the first ones are blank.

Four things calamine cannot give, and then openpyxl reads the workbook as before:
text with an escaped character (``_x000D_``: calamine decodes it, openpyxl does
not), error cells (``#N/A``: calamine makes them empty, openpyxl gives the
text), a negative or past-9999 number in a date cell (calamine gives a time of
day or a float; so any number past 2,958,465 goes to openpyxl), and a sheet whose
cells reach far (a column past ``BZ`` or a row past 999,999): calamine allocates
the whole rectangle at once, and one stray cell at ``XFD1048576`` would abort
the process instead of raising. :func:`needs_openpyxl` finds these by scanning the
worksheets' XML once, in C.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# An attribute value that is exactly "e" (an error cell, t="e"), a cell reference from
# column CA on, or a row number of seven digits: any of them sends the workbook to openpyxl.
# Whole values only: Excel's tabColor rgb="FF00B050" or horizontalDpi="4294967292" are not references.
_RISKY = re.compile(rb"""=\s*["'](?:e|(?:[C-Z][A-Z]|[A-Z]{3})\d{1,8}|[A-Z]{0,2}\d{7,8})["']""")
# Text with an escaped character (``_x000D_`` for a carriage return): calamine decodes
# it, openpyxl gives it as written.
_ESCAPED = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_STRINGS = "xl/sharedStrings.xml"
_RELS = "xl/_rels/workbook.xml.rels"
_WORKSHEET = "/relationships/worksheet"
_CHUNK = 1 << 22
_OVERLAP = 64  # longer than any match, so a match cut by a chunk boundary is still found
LAST_DATE = 2958465  # 31/12/9999: openpyxl turns a later serial in a date cell into "#VALUE!"
_EXPONENT_FROM = 1e15  # Excel writes numbers this large as 1E+15: openpyxl reads a float


def needs_openpyxl(path: Path) -> bool:
    """True when the archive holds something calamine cannot give as openpyxl did (see the module doc).

    Raises ``FileNotFoundError``, ``OSError`` or ``zipfile.BadZipFile`` for a missing or broken file.
    """
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or _RELS not in names:
            return True  # not an Office Open XML workbook: openpyxl gives the error users know
        parts: list[tuple[str, tuple[re.Pattern[bytes], ...]]] = [
            (name, (_RISKY, _ESCAPED)) for name in _worksheets(archive) if name in names
        ]
        if _STRINGS in names:
            parts.append((_STRINGS, (_ESCAPED,)))
        return any(_found(archive, name, patterns) for name, patterns in parts)


def _worksheets(archive: zipfile.ZipFile) -> list[str]:
    """The archive paths of the worksheets, as the workbook's relationships name them."""
    from xml.etree import ElementTree  # a few hundred bytes: the standard parser is fine

    root = ElementTree.fromstring(archive.read(_RELS))
    targets = [r.get("Target", "") for r in root if r.get("Type", "").endswith(_WORKSHEET)]
    return [t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t)) for t in targets]


def _found(archive: zipfile.ZipFile, name: str, patterns: tuple[re.Pattern[bytes], ...]) -> bool:
    tail = b""
    with archive.open(name) as part:  # in chunks: memory stays bounded whatever the part's size
        while chunk := part.read(_CHUNK):
            text = tail + chunk if tail else chunk
            if any(pattern.search(text) for pattern in patterns):
                return True
            tail = chunk[-_OVERLAP:]
    return False


def read_tabs(path: Path, budget: int) -> dict[str, list[list[Any]]] | None:
    """Each worksheet's first ``budget`` rows from sheet row 1, cells as openpyxl gives them.

    ``None`` when a cell has a value calamine cannot give exactly (the caller then uses openpyxl).
    """
    import python_calamine  # imported here: only local workbooks need it

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        tabs: dict[str, list[list[Any]]] = {}
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets have no cells; openpyxl's worksheets leave them out too
            converted = openpyxl_rows(book.get_sheet_by_name(meta.name), budget)
            if converted is None:
                return None
            tabs[meta.name] = converted
        return tabs
    finally:
        book.close()


def _rows(sheet: Any, budget: int) -> list[list[Any]]:
    """The sheet's first ``budget`` rows from row 1, column A, each repeated text one object.

    calamine makes a new string for every cell, and a big sheet repeats its wards, units,
    forms and dates on every row: sharing them keeps a 250,000-row workbook ~120 MB
    smaller while the rows and calamine's own copy of the sheet are both alive. Row by
    row (``iter_rows``), so the duplicates never exist all at once. ``iter_rows`` starts
    where the data starts: a sheet whose first row or column is blank takes ``to_python``.
    """
    if sheet.start != (0, 0):
        whole: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=budget)
        return whole
    shared: dict[str, str] = {}
    one = shared.setdefault
    # Only text is shared: 1.0 == True would let one stand for the other.
    rows = itertools.islice(sheet.iter_rows(), budget)
    return [[one(v, v) if v.__class__ is str else v for v in row] for row in rows]


def openpyxl_rows(sheet: Any, budget: int) -> list[list[Any]] | None:
    """``as_openpyxl(_rows(sheet, budget))`` in one pass over the cells (a 250,000-row sheet: ~0.5 s less).

    Text is shared as in :func:`_rows` and an empty cell becomes ``None`` on the way; any
    other cell is fixed once per distinct ``(type, value)`` (:func:`_cell`).
    """
    if sheet.start != (0, 0):
        return as_openpyxl(_rows(sheet, budget))
    texts: dict[str, str | None] = {"": None}  # calamine's empty cell is "", openpyxl's None
    one, fixed = texts.setdefault, _Fixed()
    rows = itertools.islice(sheet.iter_rows(), budget)
    out = [[one(v, v) if v.__class__ is str else fixed[v.__class__, v] for v in row] for row in rows]
    return None if fixed.unsure else out


class _Fixed(dict[tuple[type, Any], Any]):
    """A cell other than text as openpyxl gives it, by ``(type, value)`` (1.0 == True: the type keeps them apart)."""

    unsure = False

    def __missing__(self, key: tuple[type, Any]) -> Any:
        value = self[key] = _cell(key[1])
        if value is _UNSURE:
            self.unsure = True
        return value


def as_openpyxl(rows: list[list[Any]]) -> list[list[Any]] | None:
    """calamine's rows with each cell as openpyxl gives it; ``None`` if one cannot be (see the module doc)."""
    distinct = set(itertools.chain.from_iterable(rows))  # every cell hashed once, in C
    if (0 in distinct or 1 in distinct) and bool in set(map(type, itertools.chain.from_iterable(rows))):
        # True == 1 == 1.0 share one entry of ``distinct``: key the fixes by type as well
        cells = list(itertools.chain.from_iterable(rows))
        typed = _fixes(value for _, value in set(zip(map(type, cells), cells, strict=True)))
        if typed is None:
            return None
        get = {(before.__class__, before): after for before, after in typed}.get
        return [list(map(get, zip(map(type, row), row, strict=True), row)) for row in rows]
    fixes = _fixes(distinct)
    if fixes is None:
        return None
    if not fixes:
        return rows
    get = dict(fixes).get
    return [list(map(get, row, row)) for row in rows]  # fixes.get(cell, cell): one loop in C per row


def _fixes(values: Iterable[Any]) -> list[tuple[Any, Any]] | None:
    """``(calamine's value, openpyxl's value)`` for each value that differs; ``None`` if one is unsure."""
    out: list[tuple[Any, Any]] = []
    for value in values:
        if value.__class__ is str:
            if value == "":
                out.append((value, None))
            continue
        fixed = _cell(value)
        if fixed is _UNSURE:
            return None
        if fixed is not value:
            out.append((value, fixed))
    return out


_UNSURE = object()


def _cell(value: Any) -> Any:
    cls = value.__class__
    if cls is float:
        if value > LAST_DATE:  # maybe a date cell past 9999, which openpyxl reads as "#VALUE!"
            return _UNSURE
        if value.is_integer() and abs(value) < _EXPONENT_FROM:
            return int(value)
        return value
    if cls is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    if cls is dt.time:  # a time of day, or a negative number in a date cell: calamine gives both alike
        return _UNSURE
    return value
