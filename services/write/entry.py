"""One activity from the entry form: checked with the reader's own rules, then appended.

The form's values become one row of the activities tab and go through
``services.ingest.reading.reader`` exactly as if they had been typed into the sheet, so the
form can never write a row the dashboard would reject. Each entry carries a
client-generated id in ``Mã``: a submit is written at most once, even when it
is retried after a lost response (the id is looked up before re-appending).
Google Sheets get the row as RAW values (text stays text, ``=...`` is never a
formula); the local workbook is appended under a file lock. When a write seems
to fail, the id is looked up before saying so: a lost response is not a lost row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeGuard

from services.access import auth
from services.core import strings
from services.core.config import Plan, SheetSchema, Tab
from services.core.errors import DashboardError, SheetAccessError, SourceError, WriteError
from services.ingest import google as sheets
from services.ingest.local import files
from services.ingest.raw import RawTab, RawWorkbook
from services.ingest.reading import cells, headers, reader
from services.write import template

LOCK_TIMEOUT_SECONDS = 15.0
WRITABLE_SUFFIXES = {".xlsx", ".xlsm"}
ID_PATTERN = re.compile(r"^W[0-9A-F]{11}$")
TEMP_PREFIX = ".entry-"
LEGACY_TEMP_AGE_SECONDS = 600.0  # a write never takes this long: an older temp file was left by a killed one
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """What a unit fills in on the form (ward names, form key or label, theme codes)."""

    id: str
    date: dt.date | None
    unit: str = ""
    wards: tuple[str, ...] = ()
    form: str = ""
    themes: tuple[str, ...] = ()
    title: str = ""
    participants: int | None = None
    quantity: int | None = None
    evidence: str = ""
    entered_by: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Written:
    """Where an entry landed."""

    id: str
    row: int  # the sheet's own row number
    tab: str
    url: str | None = None  # a link to the row (Google Sheet)
    already: bool = False  # the id was already there: a retried submit wrote nothing new
    checked: bool = False  # the write reported a failure, but the id was found in the sheet afterwards


class EntryInvalid(WriteError):
    """The entry breaks the reader's rules; ``problems`` says where and why."""

    def __init__(self, problems: list[reader.Problem]) -> None:
        super().__init__("; ".join(p.message() for p in problems))
        self.problems = problems


def new_id() -> str:
    """A client-generated id for ``Mã``, unique without asking the sheet."""
    return "W" + uuid.uuid4().hex[:11].upper()


def is_id(value: object) -> TypeGuard[str]:
    """True for an id :func:`new_id` could have made (what a form instance may carry in its URL)."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def row_values(entry: Entry, plan: Plan) -> dict[str, Any]:
    """The entry as cells by column key, as the sheet will hold them (date as a date)."""
    form = next((f.label for f in plan.forms if f.key == entry.form), entry.form)
    known = {t.code for t in plan.themes}
    themes = [template.theme_option(plan, c) if c in known else c for c in entry.themes]
    return {
        "id": entry.id,
        "date": entry.date,
        # The plan's spelling: "đảng ủy PHƯỜNG bồ đề" or a zero-width space typed in is stored canonically.
        "unit": auth.canonical_unit(entry.unit.strip(), [u.name for u in plan.units]) or "",
        "ward": ", ".join(w.strip() for w in entry.wards if w.strip()),
        "form": form.strip(),
        "themes": ", ".join(themes),
        "title": entry.title.strip(),
        "participants": entry.participants,
        "quantity": entry.quantity,
        "evidence": entry.evidence.strip(),
        "entered_by": entry.entered_by.strip(),
        "notes": entry.notes.strip(),
    }


def validate(entry: Entry, plan: Plan, schema: SheetSchema) -> list[reader.Problem]:
    """Every error and warning the reader would report for this row (row 2 of a one-row tab)."""
    tab = schema.tabs["activities"]
    values = row_values(entry, plan)
    raw_tab = RawTab(tab.title, [c.header for c in tab.columns], [(2, [values.get(c.key) for c in tab.columns])])
    data = reader.read(RawWorkbook(tabs={tab.title: raw_tab}, label="entry"), plan, schema)
    return [p for p in data.problems if p.sheet == tab.title and p.row == 2]


def submit(
    entry: Entry,
    target: str | Path | sheets.GoogleSheetSource,
    plan: Plan,
    schema: SheetSchema,
    *,
    user: auth.User | None,
    on_check: Callable[[], None] | None = None,
) -> Written:
    """Check ``user`` may write for the entry's unit, validate, then append to a local workbook or a Google Sheet.

    When the write reports a failure, ``on_check`` is called (the page says "checking…")
    and the id is looked up: a row that landed anyway is returned with ``checked=True``.
    Raises :class:`PermissionDenied` (viewer, signed out, editor of another unit),
    :class:`EntryInvalid` when the reader would reject the row, and
    :class:`WriteError` (or ``SheetAccessError``) when it cannot be written.
    """
    auth.require_write(user, entry.unit)  # here, not only in the page: a crafted rerun cannot skip it
    problems = [p for p in validate(entry, plan, schema) if p.severity == "error"]
    if problems:
        raise EntryInvalid(problems)
    values = row_values(entry, plan)
    tab = schema.tabs["activities"]
    if user is not None and user.role == "editor":
        # Editors may attribute an activity to any ward (units work across wards): allowed, but on record.
        log.info("editor of %r (%s) logged activity %s for wards %r", user.unit, user.method, entry.id, values["ward"])
    try:
        if isinstance(target, sheets.GoogleSheetSource):
            return _write_google(target, values, tab, on_check)
        return _write_local(Path(target), values, tab, on_check)
    except DashboardError:
        log.warning("entry %s was not written", entry.id)
        raise


def _landed_anyway(
    find: Callable[[], Written | None], err: DashboardError, on_check: Callable[[], None] | None
) -> Written:
    """A write said it failed: look its id up before telling the user so."""
    if on_check is not None:
        on_check()
    try:
        found = find()
    except DashboardError:
        raise WriteError(f"{err} {strings.t('write_unverified')}") from None
    if found is None:
        raise err
    log.info("entry %s reported %s but is in row %s", found.id, type(err).__name__, found.row)
    return replace(found, checked=True)


# ---------------------------------------------------------------- Google Sheet

_id_locks: dict[str, threading.Lock] = {}
_id_locks_guard = threading.Lock()


def _id_lock(ident: str) -> threading.Lock:
    """Sessions are threads of one server: the same id is never written by two at once."""
    with _id_locks_guard:
        return _id_locks.setdefault(ident, threading.Lock())


def _google_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return (value - cells.SERIAL_EPOCH).days  # a serial: the column is formatted dd/mm/yyyy by setup
    return value


def _write_google(
    source: sheets.GoogleSheetSource, values: dict[str, Any], tab: Tab, on_check: Callable[[], None] | None = None
) -> Written:
    conn, key = source.connection, source.key
    title = source.title_of(tab)
    ident = str(values["id"])
    with _id_lock(ident):
        header, ids = read_header_and_ids(conn, key, title, tab)
        gid = source.gid_of(title)
        if ident in ids:
            return Written(ident, ids[ident], title, _row_url(key, gid, ids[ident]), already=True)
        positions = _positions(header, tab, title)
        row = [""] * (max(positions.values()) + 1)
        for column_key, position in positions.items():
            row[position] = _google_cell(values.get(column_key))

        def find_existing() -> int | None:
            return read_header_and_ids(conn, key, title, tab)[1].get(ident)

        def find_written() -> Written | None:
            number = find_existing()
            return None if number is None else Written(ident, number, title, _row_url(key, gid, number))

        try:
            number = sheets.append_row(conn, key, title, row, find_existing)
        except SheetAccessError as err:  # a lost response (timeout past the retry budget, 5xx) may hide a written row
            return _landed_anyway(find_written, err, on_check)
    return Written(ident, number, title, _row_url(key, gid, number))


def read_header_and_ids(conn: sheets.Connection, key: str, title: str, tab: Tab) -> tuple[list[Any], dict[str, int]]:
    """The header row and every id already in the sheet (id -> row), in one request when ids are in column A."""
    prefix = sheets.quote_title(title)
    header_range, ids_range = sheets.batch_get(conn, key, [f"{prefix}!1:1", f"{prefix}!A2:A"])
    header = (header_range.get("values") or [[]])[0]
    position = headers.map_header(header, tab).get("id")
    if position is None:
        raise WriteError(strings.t("sheet_headers_renamed", tab=title, columns=f"'{tab.column('id').header}'"))
    if position != 0:
        letter = sheets.column_letter(position)
        (ids_range,) = sheets.batch_get(conn, key, [f"{prefix}!{letter}2:{letter}"])
    ids: dict[str, int] = {}
    for offset, row in enumerate(ids_range.get("values", [])):
        ident = cells.parse_id(row[0]) if row else None
        if ident is not None:
            ids.setdefault(ident, offset + 2)
    return header, ids


def _row_url(key: str, gid: int | None, row: int) -> str:
    return f"{sheets.sheet_url(key, gid)}&range=A{row}" if gid is not None else sheets.sheet_url(key)


def _positions(header: list[Any], tab: Tab, title: str) -> dict[str, int]:
    positions = headers.map_header(header, tab)
    if missing := headers.missing(header, tab, also=["id"]):
        columns = ", ".join(f"'{c}'" for c in missing)
        raise WriteError(strings.t("sheet_headers_renamed", tab=title, columns=columns))
    return positions


# ---------------------------------------------------------------- local workbook


def lock_path(path: Path) -> Path:
    """One lock file per workbook, outside the repository, shared by every process."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"campaign-dashboard-{digest}.lock"


def _write_local(path: Path, values: dict[str, Any], tab: Tab, on_check: Callable[[], None] | None = None) -> Written:
    import filelock

    if path.suffix.lower() not in WRITABLE_SUFFIXES:
        raise WriteError(strings.t("write_not_writable"))
    try:
        with filelock.FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT_SECONDS):
            clean_stale_temp_files(path)
            return _append_xlsx(path, values, tab, on_check)
    except filelock.Timeout:
        raise WriteError(strings.t("write_busy")) from None


def find_local(path: Path, tab: Tab, ident: str) -> Written | None:
    """The row holding ``ident`` in a local workbook (read-only), or ``None``."""
    try:
        raw = files.XlsxSource(path).read().find(tab.title, tab.aliases)
    except SourceError as err:
        raise WriteError(str(err)) from None
    if raw is None:
        return None
    position = headers.map_header(raw.header, tab).get("id")
    if position is None:
        return None
    for number, row in raw.rows:
        if position < len(row) and cells.parse_id(row[position]) == ident:
            return Written(ident, number, raw.title)
    return None


def _temp_prefix(path: Path) -> str:
    return f"{TEMP_PREFIX}{path.stem}-"


def clean_stale_temp_files(path: Path) -> list[Path]:
    """Remove temp files a killed write left next to ``path``; call it holding the workbook's lock.

    Under the lock no write of this workbook is running, so its own temp files are all stale;
    older unnamed ``.entry-*`` files are removed once they are clearly abandoned.
    """
    removed: list[Path] = []
    now = time.time()
    for temp in path.parent.glob(f"{TEMP_PREFIX}*{path.suffix}"):
        try:
            ours = temp.name.startswith(_temp_prefix(path))
            if ours or now - temp.stat().st_mtime > LEGACY_TEMP_AGE_SECONDS:
                temp.unlink()
                removed.append(temp)
        except OSError:
            continue  # another process removed it first, or it is not ours to remove
    if removed:
        log.info("removed %d temp file(s) left by an interrupted write next to %s", len(removed), path.name)
    return removed


def _append_xlsx(path: Path, values: dict[str, Any], tab: Tab, on_check: Callable[[], None] | None) -> Written:
    import openpyxl

    if not path.is_file():
        raise WriteError(strings.t("write_file", name=path.name, reason=strings.t("write_missing")))
    try:
        files.check_archive(path)  # the whole workbook is loaded to append: refuse a zip bomb first
    except SourceError as err:
        raise WriteError(str(err)) from None
    try:
        book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except FileNotFoundError:
        raise WriteError(strings.t("write_file", name=path.name, reason=strings.t("write_missing"))) from None
    except (OSError, ValueError, KeyError) as err:
        raise WriteError(strings.t("write_file", name=path.name, reason=type(err).__name__)) from None
    title = headers.match_tab([s.title for s in book.worksheets], tab)
    if title is None:
        raise WriteError(strings.t("write_no_tab", tab=tab.title))
    sheet = book[title]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    positions = _positions(header, tab, sheet.title)
    ident = str(values["id"])
    last = 1
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if any(not cells.is_blank(v) for v in row):
            last = number
            if cells.parse_id(row[positions["id"]] if positions["id"] < len(row) else None) == ident:
                return Written(ident, number, sheet.title, already=True)
    number = last + 1
    for column_key, position in positions.items():
        value = values.get(column_key)
        cell = sheet.cell(row=number, column=position + 1, value=value if value != "" else None)
        if isinstance(value, dt.date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, never a formula (openpyxl would store "=..." as one)
    try:
        _save_atomically(book, path)
    except WriteError as err:  # only saving is ambiguous: the rename may have happened
        return _landed_anyway(lambda: find_local(path, tab, ident), err, on_check)
    return Written(ident, number, sheet.title)


def _save_atomically(book: Any, path: Path) -> None:
    """Write next to the file, then rename: a reader never sees half a workbook."""
    handle, temp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        book.save(temp)
        os.chmod(temp, path.stat().st_mode & 0o7777)  # mkstemp makes 600: keep the workbook's own mode
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise WriteError(strings.t("write_file", name=path.name, reason=err.strerror or type(err).__name__)) from None
