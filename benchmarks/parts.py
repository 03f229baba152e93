"""What ``benchmarks.run`` measures inside one fresh process per part (``--one FOLDER PART``).

Cold means the first call in that process (the memo of the reader, the vocabulary
and every cache start empty); warm is the best of ``repeat`` later calls. Each
timing is ``[wall seconds, CPU seconds of this process]``; CPU time is the one to
read on a shared machine, where other work stretches wall time, not CPU time.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2016, 1, 25)
SEED = 2016

Timing = list[float]  # [wall seconds, CPU seconds of this process]


def once(action: Callable[[], Any]) -> tuple[Timing, Any]:
    """One run: wall and CPU seconds, and its result."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    return [time.perf_counter() - start, time.process_time() - start_cpu], result


def best(action: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """The fastest of ``repeat`` runs (wall and CPU seconds, each its own best) and the last result."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(max(1, repeat)):
        timing, result = once(action)
        wall, cpu = min(wall, timing[0]), min(cpu, timing[1])
    return [wall, cpu], result


def calamine_raw(path: Path) -> int:
    """The limit for .xlsx: python-calamine's own read of every sheet, nothing done with the cells."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def csv_raw(folder: Path) -> int:
    """The limit for CSV: the csv module's read of every file, nothing done with the cells."""
    rows = 0
    for file in sorted(folder.glob("*.csv")):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows += len(list(csv.reader(handle)))
    return rows


def _fake_sheets_read(values: dict[str, list[list[Any]]], repeat: int) -> Timing | None:
    if importlib.util.find_spec("testkit.fake_sheets") is None:
        return None
    from services.core import config
    from services.ingest import google as sheets
    from testkit import fake_sheets

    key = "citywide" + "x" * 30
    with fake_sheets.FakeSheets() as fake, tempfile.TemporaryDirectory() as snap:
        fake.add_book(key, title="Toàn thành phố")
        for title, rows in values.items():
            fake.add_tab(key, title, rows)
        source = sheets.GoogleSheetSource(
            key, connection=fake.connection(), settings=config.Settings(), snapshot_dir=snap
        )
        source.open()  # metadata once, as the dashboard does per process
        timing, _ = best(source.read, repeat)  # one values:batchGet + the stale snapshot on disk
    return timing


def _city(size: int, plan: Any, schema: Any, repeat: int) -> dict[str, Any]:
    """30 district sheets on the fake Sheets server, read concurrently by ``services.ingest.multisource``."""
    if importlib.util.find_spec("testkit.fake_sheets") is None:
        return {}
    from services.core import config
    from services.ingest import google as sheets
    from services.ingest import multisource
    from testkit import citywide, fake_sheets, messy

    _, districts = citywide.build_plan(SEED)
    data = messy.generate(plan, districts, size, seed=SEED)
    keys = [f"district{i:02d}" + "x" * 30 for i in range(len(data))]
    with fake_sheets.FakeSheets() as fake, tempfile.TemporaryDirectory() as snap:
        for key, sheet in zip(keys, data, strict=True):
            fake.add_book(key, title=sheet.district)
            for title, rows in messy.sheets_values(sheet).items():
                fake.add_tab(key, title, rows)
        cfg = multisource.DistrictsConfig(
            districts=[multisource.District(name=d.name, source=k) for d, k in zip(districts, keys, strict=True)]
        )
        settings = config.Settings()

        def opener(spec: str) -> sheets.GoogleSheetSource:
            return sheets.GoogleSheetSource(spec, connection=fake.connection(), settings=settings, snapshot_dir=snap)

        city = multisource.CitySource(cfg, opener=opener)
        first, _ = best(lambda: city.read(plan, schema), 1)  # opens every sheet: metadata + values
        fake.reset_counts()
        same, result = best(lambda: city.read(plan, schema, force=True), repeat)
        requests = fake.count() / max(1, repeat)
        edits = iter(range(10**6))

        def every_sheet_edited() -> Any:
            for key in keys:  # one title edited per sheet: every district must be parsed again
                row = next(r for r in fake.tab(key, messy.ACT_TITLE).rows[1:] if len(r) > 6)
                row[6] = f"Hoạt động sửa lần {next(edits)}"
            return city.read(plan, schema, force=True)

        changed, _ = best(every_sheet_edited, repeat)
    ok = sum(1 for s in result.statuses if s.state == "ok")
    return {"city_first": first, "city_same": same, "city_changed": changed, "city_requests": requests, "city_ok": ok}


def _pages(source: Path, plan: Any, schema: Any, repeat: int) -> tuple[dict[str, Timing | None], dict[str, str]]:
    """Each page's rerun time with a warm cache, through AppTest over app.py; and why a page failed."""
    from unittest import mock

    from streamlit.testing.v1 import AppTest

    from services.ingest import loader
    from ui import navigation

    pages = [page.path for page in navigation.PAGES]
    out: dict[str, Timing | None] = {}
    failures: dict[str, str] = {}
    with (
        mock.patch.object(loader, "default_source", return_value=str(source)),
        mock.patch.object(loader, "load_config", return_value=(plan, schema)),
    ):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["_kept_as_of"] = AS_OF  # the sidebar keeps the date under this shadow key
        at.run()
        for page in pages:
            at.switch_page(page).run()  # first visit: builds the page's own caches
            if at.exception:
                out[page] = None
                trace = [line for line in at.exception[0].stack_trace if line.strip()]
                # The app's config redacts error details; the child's stderr log has them.
                failures[page] = trace[-1].strip() if trace else "an exception (details redacted by the app's config)"
                continue
            out[page], _ = best(at.run, repeat)
    return out, failures


def _sources(data_dir: Path, values: dict[str, list[list[Any]]], repeat: int) -> dict[str, Any]:
    """Each source's first read in this process, and the limit: a raw read of the same file."""
    from services.ingest.local import files

    result: dict[str, Any] = {}
    result["limit_xlsx"], _ = once(lambda: calamine_raw(data_dir / "city.xlsx"))
    result["xlsx"], _ = once(files.XlsxSource(data_dir / "city.xlsx").read)
    result["limit_csv"], _ = once(lambda: csv_raw(data_dir / "csv"))
    result["csv"], _ = once(files.CsvFolderSource(data_dir / "csv").read)
    result["sheets"] = _fake_sheets_read(values, repeat)
    return result


def _plan_load(plan_path: Path) -> dict[str, Any]:
    """The plan's first load in this process, and what parsing its YAML costs with each loader."""
    import yaml

    from services.core import config

    timing, plan = once(lambda: config.load_plan(plan_path))
    text = plan_path.read_text(encoding="utf-8")
    parsed = {"plan_load": timing, "yaml_safe": once(lambda: yaml.load(text, Loader=yaml.SafeLoader))[0]}
    if hasattr(yaml, "CSafeLoader"):
        parsed["yaml_csafe"] = once(lambda: yaml.load(text, Loader=yaml.CSafeLoader))[0]
    return {"plan": plan, **parsed}


def _core(values: dict[str, list[list[Any]]], plan: Any, schema: Any, repeat: int) -> dict[str, Any]:
    """Reader and metrics cold (first call in this process) and warm; the pandas baseline the same way."""
    from benchmarks import baseline
    from services.figures import metrics
    from services.ingest.raw import RawWorkbook
    from services.ingest.raw import table as raw_table
    from services.ingest.reading import reader

    raw = RawWorkbook({t: raw_table(t, r) for t, r in values.items()}, label="city")
    result: dict[str, Any] = {}
    result["reader_cold"], data = once(lambda: reader.read(raw, plan, schema))
    result["metrics_cold"], _ = once(lambda: metrics.summary(plan, data, AS_OF))
    result["reader_warm"], data = best(lambda: reader.read(raw, plan, schema), repeat)
    result["metrics_warm"], _ = best(lambda: metrics.summary(plan, data, AS_OF), repeat)
    result["baseline_cold"], theirs = once(lambda: baseline.figures(values, plan, schema, AS_OF))
    result["baseline_warm"], _ = best(lambda: baseline.figures(values, plan, schema, AS_OF), repeat)
    result["ours_answer"], result["baseline_answer"] = baseline.ours(plan, data, AS_OF), theirs
    result["valid"], result["errors"] = data.valid, data.errors
    return result


def measure(data_dir: Path, part: str, repeat: int) -> dict[str, Any]:
    """One part (``sources``, ``core``, ``city`` or ``app``) for one generated size, in this fresh process."""
    import resource

    from services.core import config

    loaded = _plan_load(data_dir / "plan.yaml")  # first: the plan's load is cold only here
    plan = loaded.pop("plan")
    schema = config.load_schema()
    rows = int(data_dir.name.rsplit("-", 1)[1])  # prepare() names the folder city-SEED-ROWS
    slow = 1 if rows > 20000 else repeat
    if part == "app":
        pages, failures = _pages(data_dir / "city.xlsx", plan, schema, repeat)
        result: dict[str, Any] = {"pages": pages, "page_failures": failures}
    elif part == "city":
        result = _city(rows, plan, schema, slow)
    else:
        values = json.loads((data_dir / "values.json").read_text(encoding="utf-8"))
        if part == "sources":
            result = _sources(data_dir, values, slow)
        else:
            result = {**loaded, **_core(values, plan, schema, repeat)}
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result
