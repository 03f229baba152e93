"""``python -m benchmarks.run [--sizes 1000,10000,100000]``: how fast the dashboard is at city scale.

For each size it generates (once, cached in ``--data``) a citywide plan and
messy activity data, then measures in a fresh subprocess (so peak memory is
that size's own): reading the local ``.xlsx``, the CSV folder and the fake
Sheets server; the reader; the metrics as of a date; every page's AppTest
rerun with a warm cache; peak RSS; and, in the same run, the pandas baseline
for the same figures with the ratio ours/baseline. Times are the best of
``--repeat`` runs. It prints; it never asserts a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2016, 1, 25)
SEED = 2016


Timing = list[float]  # [wall seconds, CPU seconds of this process]


def best(action: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """The fastest of ``repeat`` runs (wall and CPU seconds, each its own best) and the last result.

    CPU time is shown too because the machine is shared: other work stretches wall time, not CPU time.
    """
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(max(1, repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return [wall, cpu], result


# ---------------------------------------------------------------- data


def prepare(folder: Path, size: int) -> Path:
    """Generate the plan and ``size`` rows as xlsx, CSV and Sheets values (once per seed and size)."""
    from testkit import citywide, messy

    out = folder / f"city-{SEED}-{size}"
    if (out / "done").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    _, districts = citywide.write_plan(out / "plan.yaml", seed=SEED)
    plan, _ = citywide.build_plan(SEED)
    sheet = messy.merged(messy.generate(plan, districts, size, seed=SEED))
    messy.write_xlsx(sheet, out / "city.xlsx")
    messy.write_csv(sheet, out / "csv")
    (out / "values.json").write_text(json.dumps(messy.sheets_values(sheet), ensure_ascii=False), encoding="utf-8")
    (out / "done").write_text("ok", encoding="utf-8")
    return out


# ---------------------------------------------------------------- one size, in its own process


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
    from services.ingest import files

    return {
        "xlsx": best(files.XlsxSource(data_dir / "city.xlsx").read, repeat)[0],
        "csv": best(files.CsvFolderSource(data_dir / "csv").read, repeat)[0],
        "sheets": _fake_sheets_read(values, repeat),
    }


def _core(values: dict[str, list[list[Any]]], plan: Any, schema: Any, repeat: int) -> dict[str, Any]:
    from benchmarks import baseline
    from services.ingest import reader
    from services.ingest.raw import RawWorkbook
    from services.ingest.raw import table as raw_table

    raw = RawWorkbook({t: raw_table(t, r) for t, r in values.items()}, label="city")
    result: dict[str, Any] = {}
    result["reader"], data = best(lambda: reader.read(raw, plan, schema), repeat)
    result["metrics"], ours = best(lambda: baseline.ours(plan, data, AS_OF), repeat)
    result["baseline"], theirs = best(lambda: baseline.figures(values, plan, schema, AS_OF), repeat)
    result["same_answer"] = ours == theirs
    result["valid"], result["errors"] = data.valid, data.errors
    return result


def measure(data_dir: Path, part: str, repeat: int) -> dict[str, Any]:
    """One part (``sources``, ``core`` or ``app``) for one generated size; run in a fresh process."""
    import resource

    from services.core import config

    plan = config.load_plan(data_dir / "plan.yaml")
    schema = config.load_schema()
    rows = int(data_dir.name.rsplit("-", 1)[1])  # prepare() names the folder city-SEED-ROWS
    slow = 1 if rows > 20000 else repeat  # reading 100k rows from disk once is enough
    if part == "app":
        pages, failures = _pages(data_dir / "city.xlsx", plan, schema, repeat)
        result: dict[str, Any] = {"pages": pages, "page_failures": failures}
    elif part == "city":
        result = _city(rows, plan, schema, slow)
    else:
        values = json.loads((data_dir / "values.json").read_text(encoding="utf-8"))
        result = _sources(data_dir, values, slow) if part == "sources" else _core(values, plan, schema, repeat)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# ---------------------------------------------------------------- the report


def _one(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _ms(timing: Timing | None, bold: bool = False) -> str:
    """``wall | CPU`` table cells."""
    if timing is None:
        return "— | —"
    mark = "**" if bold else ""
    return f"{mark}{_one(timing[0])}{mark} | {mark}{_one(timing[1])}{mark}"


def table(size: int, r: dict[str, Any], load: float) -> str:
    """One size's results as a Markdown table (wall time, and CPU time of the measuring process)."""
    ours = [r["reader"][0] + r["metrics"][0], r["reader"][1] + r["metrics"][1]]
    ratio = f"**{ours[0] / r['baseline'][0]:.2f}×** | **{ours[1] / r['baseline'][1]:.2f}×**"
    same = "" if r["same_answer"] else " — DIFFERENT ANSWER"
    sheets = _ms(r["sheets"]) if r["sheets"] is not None else "n/a (no testkit/fake_sheets.py) | —"
    lines = [
        f"#### {size:,} rows ({r['valid']:,} valid, {r['errors']:,} with errors; load average {load:.1f})",
        "",
        "| step | wall | CPU |",
        "|---|---:|---:|",
        f"| source read: local .xlsx | {_ms(r['xlsx'])} |",
        f"| source read: local CSV folder | {_ms(r['csv'])} |",
        f"| source read: fake Sheets (one values:batchGet + snapshot) | {sheets} |",
        f"| reader (normalise + validate) | {_ms(r['reader'])} |",
        f"| metrics as of {AS_OF:%d/%m/%Y} | {_ms(r['metrics'])} |",
        f"| **reader + metrics** | {_ms(ours, bold=True)} |",
        f"| pandas baseline, same figures{same} | {_ms(r['baseline'])} |",
        f"| **ratio ours / baseline** | {ratio} |",
    ]
    if "city_same" in r:
        lines += [
            f"| 30 district sheets (fake Sheets): first read, opening each | {_ms(r['city_first'])} |",
            f"| 30 district sheets: full refresh, every sheet edited | {_ms(r['city_changed'])} |",
            f"| 30 district sheets: full refresh, no sheet edited ({r['city_requests']:.0f} requests, "
            f"{r['city_ok']} districts read) | {_ms(r['city_same'])} |",
        ]
    for page, timing in r.get("pages", {}).items():
        lines.append(f"| page rerun, warm cache: `{page}` | {_ms(timing)} |")
    lines.append(f"| peak RSS: reader + metrics + baseline process | {r['rss_core']:,.0f} MB | |")
    if "rss_app" in r:
        lines.append(f"| peak RSS: dashboard process (reads the .xlsx, runs every page) | {r['rss_app']:,.0f} MB | |")
    for page, why in r.get("page_failures", {}).items():
        lines.append(f"\n`{page}` failed at this size: `{why}`")
    return "\n".join(lines)


def _demo_pages(repeat: int) -> int:
    """Each page's warm rerun on the embedded demo workbook (the plan in config/plan.yaml)."""
    from services.core import config
    from services.ingest import loader

    plan, schema = loader.load_config()
    demo = config.resolve(config.load_settings().demo_source)
    pages, failures = _pages(demo, plan, schema, repeat)
    print(f"#### demo workbook ({demo.name})\n\n| page | wall | CPU |\n|---|---:|---:|")
    for page, timing in pages.items():
        print(f"| `{page}` | {_ms(timing)} |")
    for page, why in failures.items():
        print(f"\n`{page}` failed: `{why}`")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="row counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best is shown")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "dashboard-bench"))
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page reruns")
    parser.add_argument("--demo", action="store_true", help="only each page's rerun on the embedded demo workbook")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # internal: FOLDER PART, in a fresh process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(Path(args.one[0]), args.one[1], args.repeat)))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print(f"CPU: {cpus} logical ({usable} usable) · load {os.getloadavg()[0]:.2f} · Python {platform.python_version()}")
    print(f"as of {AS_OF:%d/%m/%Y} · best of {args.repeat} · seed {SEED} · CPU = this process's CPU time\n")
    if args.demo:
        return _demo_pages(args.repeat)
    for size in sizes:
        folder = prepare(Path(args.data), size)
        parts = ["sources", "core", "city"] + ([] if args.no_pages else ["app"])
        result: dict[str, Any] = {}
        for part in parts:
            command = [sys.executable, "-m", "benchmarks.run", "--one", str(folder), part, "--repeat", str(args.repeat)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"### {size:,} rows: {part} failed\n\n```\n{done.stderr[-3000:]}\n```\n")
                break
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            result[f"rss_{part}"] = measured.pop("rss_mb")
            result.update(measured)
        else:
            print(table(size, result, os.getloadavg()[0]) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
