"""``python -m benchmarks.first_load FOLDER``: what the dashboard process does for its first page, alone.

A fresh process (so nothing is cached) that imports what the app imports, loads the
plan, reads the folder's ``city.xlsx`` through the app's cached read
(``ui.store.dataset``, the path every page takes) and computes the overview page's
figures (standing, theme status, KPIs, report completeness, alerts, the timeline
spec). It prints one JSON line: its steps' wall seconds, the rows read and its peak
RSS (``getrusage`` ``ru_maxrss``); the parent (``benchmarks.run``) times the whole
process, imports included, by the CPU the OS charges it. Issue 14's target at
250,000 rows: first load ≤ 10 s, peak RSS ≤ 500 MB.

``python -m benchmarks.first_load FOLDER --streamlit`` does it for real: ``streamlit run``
on the folder's plan and workbook (``benchmarks.capacity`` starts and stops it), one
browser session (Debian chromium) timed from ``goto`` to the overview drawn, and the
server process's CPU and peak RSS (``/proc``) after that first page.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.parts import AS_OF


def first_page(folder: Path) -> dict[str, Any]:
    """The first page's work in this process: plan, the cached read of the .xlsx, the overview's figures."""
    steps: dict[str, float] = {}
    start = time.perf_counter()
    import streamlit  # noqa: F401  # the dashboard process has it loaded before any page runs

    from services.figures import alerts, coverage, metrics, reporting
    from services.ingest import loader
    from services.render import chart_specs
    from ui import store

    steps["imports"] = time.perf_counter() - start
    mark = time.perf_counter()
    plan, schema = loader.load_config(folder / "plan.yaml")
    steps["plan"] = time.perf_counter() - mark
    mark = time.perf_counter()
    data = store.dataset(str(folder / "city.xlsx"), plan, schema)
    steps["read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    counted = [a for a in data.activities if a.date <= AS_OF]  # ui.context: no sidebar filter chosen
    coverage.standing(plan, AS_OF, "vi")
    themes = metrics.theme_status(plan, counted, AS_OF)
    kpis = coverage.kpis(plan, counted, data.reports, AS_OF, themes=themes)
    reporting.completeness(plan, data.reports, AS_OF)
    alerts.compute(plan, data.activities, data.reports, AS_OF, "vi", themes=themes, blocked=data.blocked)
    chart_specs.timeline(plan, AS_OF, "vi")
    steps["overview"] = time.perf_counter() - mark
    return {
        "steps": steps,
        "read": data.read,
        "valid": data.valid,
        "activities_counted": kpis.activities,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def streamlit_first_load(folder: Path) -> dict[str, Any]:
    """A real server's first page: start to healthy, the first session to content, server CPU and peak RSS."""
    from benchmarks import capacity
    from services.core import strings

    env = {"DASHBOARD_SOURCE": str(folder / "city.xlsx"), "DASHBOARD_PLAN": str(folder / "plan.yaml")}
    start = time.perf_counter()
    base, process = capacity.start(env)
    healthy = time.perf_counter() - start
    try:
        content = asyncio.run(_one_session(base, strings.t("page_overview", "vi")))
        cpu, rss_mb = capacity.cpu_seconds(process.pid), _peak_rss_mb(process.pid)
    finally:
        capacity.stop(process)
    return {"healthy": healthy, "content": content, "server_cpu": cpu, "server_rss_mb": rss_mb}


async def _one_session(base: str, heading: str) -> float:
    from playwright.async_api import async_playwright

    from benchmarks import capacity

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=capacity.CHROMIUM, args=capacity.CHROMIUM_ARGS)
        try:
            return await capacity.time_session(browser, base, heading)
        finally:
            await browser.close()


def _peak_rss_mb(pid: int) -> float:
    """A process's peak resident set (``VmHWM`` in ``/proc/PID/status``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    where = Path(sys.argv[1])
    print(json.dumps(streamlit_first_load(where) if "--streamlit" in sys.argv[2:] else first_page(where)))
