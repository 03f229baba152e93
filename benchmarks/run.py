"""``python -m benchmarks.run [--sizes 1000,10000,100000] [--quick]``: how fast the dashboard is at city scale.

For each size it generates (once, cached in ``--data``) a citywide plan and messy
activity data as ``.xlsx``, a CSV folder and Sheets values, then measures:

* in a fresh process per part, so *cold* (first call in a process) and *warm*
  (best of ``--repeat`` later calls, memo and caches filled) are apart: source
  reads next to their limit (python-calamine's / the csv module's raw read of
  the same file), the plan's load, the reader and the metrics, and the
  independent pandas baseline (``benchmarks.baseline``);
* Google requests per TTL with 2 replicas (``benchmarks.replicas``: the fake Sheets server
  counts ``values:batchGet`` with each replica reading for itself, then with the shared snapshot);
* whole processes, by the CPU time the OS charges them (``getrusage`` of the
  child): ``python -m services.cli summary`` on the ``.xlsx`` (and, as today's
  figure, the same with openpyxl reading it), on the CSV folder, the pandas
  baseline script on the CSV folder, and the raw reads that are the limit.

Unless ``--quick`` or ``--no-pages``, for the largest size it also serves the app in a real
browser (``benchmarks.browser``): each page's time-to-content and the server's CPU per new
session.

With ``--big`` (or 250000 among the sizes, which is then measured this way only) it
also runs the dashboard's first page at 250,000 rows in a fresh process
(``benchmarks.first_load``: the app's imports, the plan, the cached .xlsx read, the
overview's figures) and reports its wall and CPU time and peak RSS; then, unless
``--no-streamlit`` (or without Debian chromium), a real ``streamlit run`` on the same
data and one browser session: time to the overview drawn, the server's CPU and peak RSS.

It then prints issue 14's target table for the largest size. It never asserts a
timing, but it exits 1 when an answer differs: the baseline's figures against
ours, or the summary from the ``.xlsx`` (either reader) against the CSV's.
``--quick`` is 10,000 rows, one repeat, no page or 30-sheet runs: a smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import capacity
from benchmarks.parts import AS_OF, ROOT, SEED, Timing

# What issue 14 measured before this work, for the rows this run cannot measure the old way.
ISSUE_TODAY = {
    "csv_ratio": "1.03–1.25× (old baseline shared our vocabulary)", "cold": "2.3 s", "city": "5.8 s",
    "big": "47 s / 568 MB", "map_page": "1.25 s", "session_cpu": "~0.5 s",
}  # fmt: skip
BIG_ROWS = 250_000
MAP_PAGE = "pages/map.py"
_OPENPYXL = (
    "import sys; from services.ingest.local import xlsx; xlsx.needs_openpyxl = lambda path: True; "
    "from services import cli; sys.exit(cli.main(sys.argv[1:]))"
)
_CALAMINE = "import sys; from benchmarks import parts; parts.calamine_raw(__import__('pathlib').Path(sys.argv[1]))"
_CSV = "import sys; from benchmarks import parts; parts.csv_raw(__import__('pathlib').Path(sys.argv[1]))"


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


# ---------------------------------------------------------------- measuring


def run_part(folder: Path, part: str, repeat: int) -> dict[str, Any]:
    """One part measured in a fresh ``python`` process (``benchmarks.parts.measure``)."""
    command = [sys.executable, "-m", "benchmarks.run", "--one", str(folder), part, "--repeat", str(repeat)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{part} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_process(command: list[str]) -> tuple[Timing, str]:
    """A whole child process: wall seconds, the CPU seconds the OS charged it (user + system), its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return [wall, cpu], done.stdout


def browser_part(folder: Path, repeat: int) -> dict[str, Any]:
    """Time-to-content per page and server CPU per new session (``benchmarks.browser``, its own process)."""

    if not Path(capacity.CHROMIUM).exists():
        return {"browser_skipped": f"{capacity.CHROMIUM} not installed"}
    command = [sys.executable, "-m", "benchmarks.browser", "--json", "--data", str(folder.parent)]
    command += ["--rows", folder.name.rsplit("-", 1)[1], "--repeat", str(max(3, repeat))]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"browser failed:\n{done.stderr[-3000:]}")
    return {"browser": json.loads(done.stdout.strip().splitlines()[-1])}


def processes(folder: Path) -> dict[str, Any]:
    """Whole-process CPU of the CLI summary (each reader), the pandas script and the raw reads."""
    py, plan, day = sys.executable, str(folder / "plan.yaml"), AS_OF.isoformat()
    summary = ["summary", "--config", plan, "--as-of", day, "--source"]
    xlsx, csv_dir = str(folder / "city.xlsx"), str(folder / "csv")
    out: dict[str, Any] = {}
    out["p_limit_xlsx"], _ = run_process([py, "-c", _CALAMINE, xlsx])
    out["p_xlsx"], out["summary_xlsx"] = run_process([py, "-m", "services.cli", *summary, xlsx])
    out["p_xlsx_openpyxl"], out["summary_xlsx_openpyxl"] = run_process([py, "-c", _OPENPYXL, *summary, xlsx])
    out["p_limit_csv"], _ = run_process([py, "-c", _CSV, csv_dir])
    out["p_csv"], out["summary_csv"] = run_process([py, "-m", "services.cli", *summary, csv_dir])
    out["p_baseline"], baseline_json = run_process(
        [py, "-m", "benchmarks.baseline", "--source", csv_dir, "--plan", plan, "--as-of", day]
    )
    out["baseline_script_answer"] = json.loads(baseline_json)
    return out


def disagreements(r: dict[str, Any]) -> list[str]:
    """Every pair of answers that should be equal and is not."""
    found = []
    if r["baseline_answer"] != r["ours_answer"]:
        found.append("pandas baseline (in process, Sheets values) ≠ reader + metrics")
    if "baseline_script_answer" in r and r["baseline_script_answer"] != r["ours_answer"]:
        found.append("pandas baseline script (CSV folder) ≠ reader + metrics")
    if "summary_xlsx" in r:
        xlsx, csv = _figures(r["summary_xlsx"]), _figures(r["summary_csv"])
        if xlsx != _figures(r["summary_xlsx_openpyxl"]):
            found.append("summary from .xlsx: calamine ≠ openpyxl")
        if xlsx != csv:
            found.append("summary from .xlsx ≠ summary from CSV")
    for mode in ("own", "shared"):
        if len(set(r.get(f"sessions_{mode}", []))) > 1:
            found.append(f"replicas ({mode} reads): sessions saw different row counts")
    return found


def _figures(summary_json: str) -> dict[str, Any]:
    """A summary without ``source`` (what was read and when: differs by design between reads)."""
    summary: dict[str, Any] = json.loads(summary_json)
    summary.pop("source", None)
    return summary


# ---------------------------------------------------------------- the report


def _one(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _ms(timing: Timing | None) -> str:
    return "— | —" if timing is None else f"{_one(timing[0])} | {_one(timing[1])}"


def _plus(a: Timing, b: Timing) -> Timing:
    return [a[0] + b[0], a[1] + b[1]]


def _ratio(a: Timing, b: Timing) -> str:
    return f"{a[1] / b[1]:.2f}×" if b[1] > 0 else "—"


def table(size: int, r: dict[str, Any], load: float) -> str:
    """One size's results as a Markdown table: wall and CPU seconds, each row labelled cold or warm."""
    cold, warm = _plus(r["reader_cold"], r["metrics_cold"]), _plus(r["reader_warm"], r["metrics_warm"])
    lines = [
        f"#### {size:,} rows ({r['valid']:,} valid, {r['errors']:,} with errors; load average {load:.1f})",
        "",
        "| step | wall | CPU | CPU ratio |",
        "|---|---:|---:|---:|",
        f"| limit: python-calamine raw read of the .xlsx (cold) | {_ms(r['limit_xlsx'])} | 1× |",
        f"| source read: local .xlsx (cold) | {_ms(r['xlsx'])} | {_ratio(r['xlsx'], r['limit_xlsx'])} of limit |",
        f"| limit: csv module raw read of the CSV folder (cold) | {_ms(r['limit_csv'])} | 1× |",
        f"| source read: local CSV folder (cold) | {_ms(r['csv'])} | {_ratio(r['csv'], r['limit_csv'])} of limit |",
        f"| source read: fake Sheets, warm (values:batchGet + snapshot) | {_ms(r['sheets'])} | |",
        f"| plan load (cold: first in process) | {_ms(r['plan_load'])} | |",
        f"| of which YAML parse, SafeLoader / CSafeLoader | {_one(r['yaml_safe'][1])} | "
        f"{_one(r.get('yaml_csafe', [0, 0])[1])} | |",
        f"| reader, cold (first read in a fresh process) | {_ms(r['reader_cold'])} | |",
        f"| metrics, cold | {_ms(r['metrics_cold'])} | |",
        f"| **reader + metrics, cold** | {_ms(cold)} | {_ratio(cold, r['baseline_cold'])} of baseline |",
        f"| reader + metrics, warm (memo filled; best of repeats) | {_ms(warm)} | "
        f"{_ratio(warm, r['baseline_warm'])} of baseline |",
        f"| pandas baseline in process, cold / warm | {_one(r['baseline_cold'][1])} | "
        f"{_one(r['baseline_warm'][1])} | CPU |",
    ]
    if "p_xlsx" in r:
        lines += [
            f"| whole process: calamine raw read (the limit) | {_ms(r['p_limit_xlsx'])} | 1× |",
            f"| whole process: `summary` on the .xlsx | {_ms(r['p_xlsx'])} | "
            f"{_ratio(r['p_xlsx'], r['p_limit_xlsx'])} |",
            f"| whole process: `summary` on the .xlsx, openpyxl (before) | {_ms(r['p_xlsx_openpyxl'])} | "
            f"{_ratio(r['p_xlsx_openpyxl'], r['p_limit_xlsx'])} |",
            f"| whole process: csv module raw read (the limit) | {_ms(r['p_limit_csv'])} | 1× |",
            f"| whole process: pandas baseline script on the CSV | {_ms(r['p_baseline'])} | "
            f"{_ratio(r['p_baseline'], r['p_limit_csv'])} of limit |",
            f"| whole process: `summary` on the CSV | {_ms(r['p_csv'])} | {_ratio(r['p_csv'], r['p_baseline'])} "
            "of baseline |",
        ]
    if "city_same" in r:
        lines += [
            f"| 30 district sheets (fake Sheets): first read, opening each | {_ms(r['city_first'])} | |",
            f"| 30 district sheets: full refresh, every sheet edited | {_ms(r['city_changed'])} | |",
            f"| 30 district sheets: full refresh, no sheet edited ({r['city_requests']:.0f} requests, "
            f"{r['city_ok']} districts read) | {_ms(r['city_same'])} | |",
        ]
    if "requests_shared" in r:
        lines.append(f"| Google `values:batchGet` per TTL, 2 replicas × 4 sessions: own reads / shared snapshot | "
                     f"{r['requests_own']} | {r['requests_shared']} | |")  # fmt: skip
    for page, timing in r.get("pages", {}).items():
        lines.append(f"| page rerun, warm cache: `{page}` | {_ms(timing)} | |")
    lines += _browser_rows(r)
    lines.append(f"| peak RSS: reader + metrics + baseline process | {r['rss_core']:,.0f} MB | | |")
    if "rss_app" in r:
        lines.append(f"| peak RSS: dashboard process (reads the .xlsx, runs every page) | {r['rss_app']:,.0f} MB | | |")
    for page, why in r.get("page_failures", {}).items():
        lines.append(f"\n`{page}` failed at this size: `{why}`")
    for why in disagreements(r):
        lines.append(f"\n**DIFFERENT ANSWER: {why}**")
    return "\n".join(lines)


def _browser_rows(r: dict[str, Any]) -> list[str]:
    """Rows of the browser part: wall = time-to-content (median), CPU = the server's."""
    if "browser_skipped" in r:
        return [f"| browser time-to-content: skipped ({r['browser_skipped']}) | | | |"]
    if "browser" not in r:
        return []
    b = r["browser"]
    rows = [
        f"| browser time-to-content, warm, new session: `{page}` ({m['charts']} charts: "
        f"{', '.join(m['renderers']) or '—'}) | {_one(m['wall'])} | {_one(m['server_cpu'])} | server |"
        for page, m in b["pages"].items()
    ]
    rows.append(f"| server CPU per new session, first visit (fresh browser) | | {_one(b['cpu_per_session'])} | |")
    rows.append(f"| server CPU per new session, returning visitor (cached scripts) | | "
                f"{_one(b['cpu_per_returning_session'])} | |")  # fmt: skip
    if "nginx_cpu_per_session" in b:
        rows.append(f"| server CPU per new session, first visit behind the shipped nginx (cache warm) | | "
                    f"{_one(b['nginx_cpu_per_session'])} | |")  # fmt: skip
    elif "nginx_skipped" in b:
        rows.append(f"| behind nginx: skipped ({b['nginx_skipped']}) | | | |")
    load = " → ".join(f"{x[0]:.1f}" for x in b["load"])
    rows.append(f"| (browser run: load average {load}; the browser shares the cores with the server) | | | |")
    return rows


def first_load(folder: Path, real_server: bool) -> dict[str, Any]:
    """The dashboard's first page in a fresh process (``benchmarks.first_load``): wall, CPU, peak RSS, steps.

    ``real_server``: also a real ``streamlit run`` and one browser session, when Debian chromium is there.
    """
    timing, out = run_process([sys.executable, "-m", "benchmarks.first_load", str(folder)])
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["process"] = timing
    if real_server and Path(capacity.CHROMIUM).exists():
        _, out = run_process([sys.executable, "-m", "benchmarks.first_load", str(folder), "--streamlit"])
        result["streamlit"] = json.loads(out.strip().splitlines()[-1])
    return result


def big_table(rows: int, big: dict[str, Any]) -> str:
    """The first-load run as a Markdown table: the whole process, then its steps (wall)."""
    steps = " · ".join(f"{name} {_one(seconds)}" for name, seconds in big["steps"].items())
    return "\n".join(
        [
            f"#### {rows:,} rows: the dashboard's first page in a fresh process "
            f"({big['read']:,} rows read, {big['valid']:,} valid)",
            "",
            "| step | wall | CPU | peak RSS |",
            "|---|---:|---:|---:|",
            f"| whole process: imports, plan, cached .xlsx read, overview figures | {_ms(big['process'])} | "
            f"{big['rss_mb']:,.0f} MB |",
            f"| of which (wall) | {steps} | | |",
            *_streamlit_row(big.get("streamlit")),
        ]
    )


def _streamlit_row(real: dict[str, Any] | None) -> list[str]:
    if real is None:
        return []
    return [
        f"| real `streamlit run` (started {_one(real['healthy'])} before): first session to the overview drawn, "
        f"in the browser (wall) / the server's CPU so far / its peak RSS | {_one(real['content'])} | "
        f"{_one(real['server_cpu'])} | {real['server_rss_mb']:,.0f} MB |"
    ]


def targets(last: tuple[int, dict[str, Any]] | None, big: tuple[int, dict[str, Any]] | None = None) -> str:
    """Issue 14's target rows this run measured (the largest size's, and the first load), as CPU time or ratios."""
    rows = ["| measure (CPU) | today | now | target |", "|---|---:|---:|---:|"]
    if last is not None:
        rows += _size_targets(*last)
    if big is not None:
        rows.append(f"| {big[0]:,} rows: dashboard first load (wall / CPU) / peak RSS | {ISSUE_TODAY['big']} "
                    f"(issue 14) | **{_one(big[1]['process'][0])} / {_one(big[1]['process'][1])} / "
                    f"{big[1]['rss_mb']:,.0f} MB** | ≤ 10 s / ≤ 500 MB |")  # fmt: skip
    return "\n".join(rows)


def _size_targets(size: int, r: dict[str, Any]) -> list[str]:
    cold = _plus(r["reader_cold"], r["metrics_cold"])
    rows = []
    if "p_xlsx" in r:
        today = _ratio(r["p_xlsx_openpyxl"], r["p_limit_xlsx"])
        rows.append(f"| {size:,} .xlsx `summary`, whole process / calamine raw read | {today} (openpyxl, this run) | "
                    f"**{_ratio(r['p_xlsx'], r['p_limit_xlsx'])}** | ≤ 3× |")  # fmt: skip
        rows.append(f"| {size:,} CSV `summary` / independent pandas script, whole process | "
                    f"{ISSUE_TODAY['csv_ratio']} | **{_ratio(r['p_csv'], r['p_baseline'])}** | ≤ 1.0× |")  # fmt: skip
    rows.append(f"| reader + metrics {size:,}, cold | {ISSUE_TODAY['cold']} (issue 14) | "
                f"**{_one(cold[1])}** | ≤ 1.0 s |")  # fmt: skip
    rows.append(f"| plan load, citywide (cold) | {_one(r['yaml_safe'][1])} (SafeLoader parse, this run) | "
                f"**{_one(r['plan_load'][1])}** | ≤ 0.06 s |")  # fmt: skip
    if "city_changed" in r:
        rows.append(f"| 30 sheets, all edited | {ISSUE_TODAY['city']} (issue 14) | "
                    f"**{_one(r['city_changed'][1])}** | ≤ 3 s |")  # fmt: skip
    if "requests_shared" in r:
        rows.append(f"| Google requests per TTL with 2 replicas (fake Sheets count) | {r['requests_own']} (own reads, "
                    f"this run) | **{r['requests_shared']}** | 1 |")  # fmt: skip
    if MAP_PAGE in r.get("browser", {}).get("pages", {}):
        b = r["browser"]
        rows.append(f"| 580-ward map page, browser time-to-content (wall, median) | {ISSUE_TODAY['map_page']} "
                    f"(issue 14) | **{_one(b['pages'][MAP_PAGE]['wall'])}** | ≤ 0.5 s |")  # fmt: skip
        rows.append(f"| server CPU per new session (first visit, fresh browser) | {ISSUE_TODAY['session_cpu']} "
                    f"(issue 14) | **{_one(b['cpu_per_session'])}** | ≤ 0.2 s |")  # fmt: skip
        if "nginx_cpu_per_session" in b:
            rows.append(f"| the same behind the shipped nginx (deploy/, its static cache warm) | "
                        f"{_one(b['cpu_per_session'])} (direct, this run) | **{_one(b['nginx_cpu_per_session'])}** "
                        "| ≤ 0.2 s |")  # fmt: skip
    return rows


def _demo_pages(repeat: int) -> int:
    """Each page's warm rerun on the embedded demo workbook (the plan in config/plan.yaml)."""
    from benchmarks.parts import _pages
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


def _measure_size(folder: Path, args: argparse.Namespace, largest: bool) -> dict[str, Any]:
    parts = ["sources", "core"] + ([] if args.quick else ["city"]) + ([] if args.no_pages else ["app"])
    result: dict[str, Any] = {}
    for part in parts:
        measured = run_part(folder, part, args.repeat)
        result[f"rss_{part}"] = measured.pop("rss_mb")
        result.update(measured)
    result.update(processes(folder))
    if not args.quick:
        _, replicas_json = run_process([sys.executable, "-m", "benchmarks.replicas", "--data", str(folder)])
        result.update(json.loads(replicas_json))
    if largest and not args.no_pages:
        result.update(browser_part(folder, args.repeat))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print; 1 when an answer differs (or a part fails), else 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="row counts, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=None, help="warm runs per timing; the best is shown (3)")
    parser.add_argument("--quick", action="store_true", help="10,000 rows, 1 repeat, no pages or 30 sheets")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "dashboard-bench"))
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page reruns and the browser")
    parser.add_argument("--demo", action="store_true", help="only each page's rerun on the embedded demo workbook")
    parser.add_argument("--big", action="store_true", help="also the dashboard's first load at 250,000 rows")
    parser.add_argument("--no-streamlit", action="store_true", help="--big without the real streamlit run")
    parser.add_argument("--big-rows", type=int, default=BIG_ROWS, help=argparse.SUPPRESS)  # the test's small size
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # internal: FOLDER PART, in a fresh process
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ("10000" if args.quick else "1000,10000,100000")
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.no_pages = args.no_pages or args.quick
    if args.one:
        from benchmarks import parts

        print(json.dumps(parts.measure(Path(args.one[0]), args.one[1], args.repeat)))
        return 0
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print(f"CPU: {cpus} logical ({usable} usable) · load {os.getloadavg()[0]:.2f} · Python {platform.python_version()}")
    print(f"as of {AS_OF:%d/%m/%Y} · warm = best of {args.repeat} · seed {SEED} · CPU = CPU time of the process\n")
    if args.demo:
        return _demo_pages(args.repeat)
    status, last, big = 0, None, None
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if BIG_ROWS in sizes:  # measured by its first load only: the other parts would take minutes at this size
        sizes.remove(BIG_ROWS)
        args.big, args.big_rows = True, BIG_ROWS
    if args.big:
        try:
            big = (args.big_rows, first_load(prepare(Path(args.data), args.big_rows), not args.no_streamlit))
        except RuntimeError as err:
            print(f"### first load, {args.big_rows:,} rows: {err}\n```\n")
            return 1
        print(big_table(*big) + "\n", flush=True)
    for size in sizes:
        try:
            result = _measure_size(prepare(Path(args.data), size), args, size == max(sizes))
        except RuntimeError as err:
            print(f"### {size:,} rows: {err}\n```\n")
            return 1
        print(table(size, result, os.getloadavg()[0]) + "\n", flush=True)
        status = max(status, 1 if disagreements(result) else 0)
        last = (size, result)
    if last or big:
        measured = f"{last[0]:,} rows" if last else "first load only"
        print(f"#### Issue 14 targets ({measured}; CPU time, this run)\n\n{targets(last, big)}")
    if status:
        print("\nDIFFERENT ANSWER: exit 1")
    return status


if __name__ == "__main__":
    sys.exit(main())
