"""Shared, generic fixtures: the plans, the sheet schema and raw workbooks built in memory.

Rows are given either as lists in header order or as dicts keyed by column key
(``date``, ``ward``...). Row numbers are the sheet's own: the first data row is 2,
and ``None`` entries in a row list leave a gap (an empty sheet row).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from services.core import config, strings
from services.core.config import Plan, SheetSchema
from services.ingest.raw import RawTab, RawWorkbook
from services.ingest.reading import reader

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TET_PLAN = FIXTURES / "tet_plan.yaml"
SCHEMA = config.load_schema()
ACT_KEYS = [c.key for c in SCHEMA.tabs["activities"].columns]
ACT_HEADER = [c.header for c in SCHEMA.tabs["activities"].columns]
REP_KEYS = [c.key for c in SCHEMA.tabs["reports"].columns]
REP_HEADER = [c.header for c in SCHEMA.tabs["reports"].columns]

Row = dict[str, Any] | Sequence[Any] | None


def _cells(row: dict[str, Any] | Sequence[Any], keys: list[str]) -> list[Any]:
    if isinstance(row, dict):
        unknown = set(row) - set(keys)
        assert not unknown, f"unknown column keys {unknown}"
        return [row.get(k) for k in keys]
    return list(row)


def raw_tab(title: str, header: list[Any], rows: Sequence[Row], keys: list[str]) -> RawTab:
    """A tab whose data rows start at sheet row 2; a ``None`` row is an empty sheet row."""
    body = [(number, _cells(row, keys)) for number, row in enumerate(rows, start=2) if row is not None]
    return RawTab(title=title, header=list(header), rows=body)


def build_workbook(
    activities: Sequence[Row],
    reports: Sequence[Row] = (),
    *,
    act_header: list[Any] | None = None,
    rep_header: list[Any] | None = None,
    act_title: str = "Hoạt động",
    rep_title: str = "Báo cáo",
) -> RawWorkbook:
    """A raw workbook with the two tabs, as any source would return it."""
    tabs = {
        act_title: raw_tab(act_title, act_header or ACT_HEADER, activities, ACT_KEYS),
        rep_title: raw_tab(rep_title, rep_header or REP_HEADER, reports, REP_KEYS),
    }
    return RawWorkbook(tabs=tabs, label="test", read_at=dt.datetime(2016, 1, 1, tzinfo=dt.UTC))


def save_xlsx(raw: RawWorkbook, path: Path) -> Path:
    """Write a raw workbook to ``.xlsx`` keeping every row at its sheet row number."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, tab in raw.tabs.items():
        sheet = book.create_sheet(title)
        for col, value in enumerate(tab.header, start=1):
            sheet.cell(row=1, column=col, value=value)
        for number, cells in tab.rows:
            for col, value in enumerate(cells, start=1):
                if value is not None:
                    sheet.cell(row=number, column=col, value=value)
    book.save(path)
    return path


def save_csv_folder(raw: RawWorkbook, folder: Path, cell: Callable[[Any], str] = str) -> Path:
    """Write one UTF-8 CSV per tab, empty lines for gaps; ``cell`` turns a value into text."""
    folder.mkdir(parents=True, exist_ok=True)
    for title, tab in raw.tabs.items():
        with (folder / f"{title}.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(tab.header)
            expected = 2
            for number, cells in tab.rows:
                for _ in range(expected, number):
                    out.writerow([])
                out.writerow(["" if v is None else cell(v) for v in cells])
                expected = number + 1
    return folder


@pytest.fixture(autouse=True)
def _plan_words() -> None:
    """Texts in the default plan's words (phường, Toàn quận…), as the app and the CLI set them per run."""
    strings.use_terms(strings.terms_of(config.load_plan()))


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The default plan (config/plan.yaml)."""
    return config.load_plan()


@pytest.fixture(scope="session")
def schema() -> SheetSchema:
    return SCHEMA


@pytest.fixture(scope="session")
def tet_plan() -> Plan:
    """A second campaign (tests/fixtures/tet_plan.yaml): other district, dates and vocabulary."""
    return config.load_plan(TET_PLAN)


@pytest.fixture
def read_rows(plan: Plan) -> Callable[..., reader.Dataset]:
    """Read activity rows (and optional report rows) with a plan (default plan by default)."""

    def run(activities: Sequence[Row], reports: Sequence[Row] = (), *, with_plan: Plan | None = None, **kw: Any):
        return reader.read(build_workbook(activities, reports, **kw), with_plan or plan, SCHEMA)

    return run


# --- pages (AppTest): which workbook the app reads ----------------------------


@pytest.fixture
def empty_workbook(tmp_path: Path) -> Path:
    """An ``.xlsx`` with both tabs' header rows and no data rows."""
    return save_xlsx(build_workbook([]), tmp_path / "empty.xlsx")


@pytest.fixture
def use_source(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | Path], None]:
    """Point the app at another source (patches ``services.ingest.loader.default_source``)."""
    from services.ingest import loader

    def point(source: str | Path) -> None:
        monkeypatch.setattr(loader, "default_source", lambda: str(source))

    return point


DEMO = ROOT / "data" / "demo.xlsx"


def run_page(
    page: str, *, as_of: dt.date | None = None, lang: str | None = None, query: dict[str, str] | None = None
) -> Any:
    """Run ``app.py`` in AppTest and open ``page``; optionally preset language, link query and as-of date."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang:
        at.session_state["lang"] = lang
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page(page).run()
    if as_of is not None:
        at.sidebar.date_input(key="as_of").set_value(as_of).run()
    return at


@pytest.fixture
def open_page() -> Callable[..., Any]:
    """:func:`run_page`, as a fixture."""
    return run_page


# --- meeting mode and documents (issue 5): the demo read once, the CLI summary --


@pytest.fixture(scope="session")
def demo_data(plan: Plan) -> reader.Dataset:
    """The embedded demo workbook, read once with the default plan."""
    from services.ingest import loader

    return loader.read_dataset(DEMO, plan, SCHEMA)


@pytest.fixture(scope="session")
def cli_summary() -> Callable[..., dict[str, Any]]:
    """What ``python -m services.cli summary --source S --as-of D`` prints, as a dict (run in-process)."""
    import contextlib
    import io
    import json

    from services import cli

    def run(day: dt.date, source: Path = DEMO) -> dict[str, Any]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = cli.main(["summary", "--source", str(source), "--as-of", day.isoformat()])
        assert status == 0
        return json.loads(out.getvalue())

    return run


def reports_value(statuses: Sequence[str], as_of: dt.date, deadline: dt.date) -> str:
    """The reports figure expected from the summary JSON's statuses: "3" until the deadline, then "10/14"."""
    submitted = sum(1 for s in statuses if s in ("on_time", "late"))
    return str(submitted) if as_of <= deadline else f"{submitted}/{len(statuses)}"


# --- the entry form's Google Sheet (tests/test_entry.py, test_entry_safety.py) --------

ENTRY_KEY = "1EntrySheetKey0123456789abcdefghij"


@pytest.fixture
def entry_book(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fake Google Sheet with the entry form's two tabs (5 activity rows); retries do not sleep."""
    from services.ingest.google import client
    from testkit.fake_sheets import ACTIVITY_HEADER, REPORT_HEADER, FakeSheets, activity_rows

    monkeypatch.setattr(client, "_sleep", lambda seconds: None)
    with FakeSheets() as server:
        server.add_book(ENTRY_KEY)
        server.add_tab(ENTRY_KEY, "Hoạt động", [ACTIVITY_HEADER, *activity_rows(5)])
        server.add_tab(ENTRY_KEY, "Báo cáo", [REPORT_HEADER])
        yield server


@pytest.fixture
def entry_sheet_app(entry_book: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """The app reading and writing :func:`entry_book`'s sheet; call it with a retry policy to change
    the connection's (default: a 2 s timeout). The shared read is forgotten before and after."""
    from services.ingest import loader
    from services.ingest.google import client
    from ui import store

    settings = config.Settings(cache_ttl_seconds=300, cache_dir=str(tmp_path), open_mode=True)
    monkeypatch.setattr(config, "load_settings", lambda path=None: settings)
    monkeypatch.setattr(loader, "default_source", lambda: f"https://docs.google.com/spreadsheets/d/{ENTRY_KEY}/edit")

    def connect_with(**policy: Any) -> None:
        monkeypatch.setattr(client, "connect", lambda info=None, settings=None: entry_book.connection(**policy))

    connect_with(timeout=2.0)
    store.forget_sources()
    store.clear()
    yield connect_with
    store.forget_sources()
    store.clear()
