"""Sessions per replica: browser time-to-content with K sessions opening at once on one replica.

``python -m benchmarks.capacity [--sessions 1,2,4,8] [--source data/demo.xlsx]`` starts one
``streamlit run`` (open mode) and, for each K, opens K fresh browser sessions together (async
Playwright, Debian chromium) and times each from ``goto`` to the overview drawn (heading shown,
Streamlit's running indicator gone). It prints p50/p95/max per K and the largest K whose p95 is
at most ``--target`` seconds. Bounded: at most 32 sessions per step, 120 s per session.
The browser runs on the same machine, so its drawing competes with the server for the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 32
OPEN_TIMEOUT_MS = 120_000


async def _one(browser: object, base: str, heading: str) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(base)
    await page.get_by_role("heading", name=heading).first.wait_for(timeout=OPEN_TIMEOUT_MS)
    await page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=OPEN_TIMEOUT_MS, polling=50
    )
    elapsed = time.perf_counter() - started
    await context.close()
    return elapsed


async def _steps(base: str, counts: list[int], heading: str) -> list[tuple[int, list[float]]]:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    out = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await _one(browser, base, heading)  # warm: the first read of the source is not a session's cost
        for count in counts:
            times = await asyncio.gather(*[_one(browser, base, heading) for _ in range(count)])
            out.append((count, sorted(times)))
        await browser.close()
    return out


def _p95(times: list[float]) -> float:
    return times[-1] if len(times) < 20 else statistics.quantiles(times, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    """Run the steps; print one row per K and the capacity at the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", default="1,2,4,8,12")
    parser.add_argument("--source", default="", help="DASHBOARD_SOURCE for the replica (default: the demo)")
    parser.add_argument("--target", type=float, default=2.0)
    args = parser.parse_args(argv)
    counts = [min(int(n), MAX_SESSIONS) for n in args.sessions.split(",")]
    from services.core import strings
    from tests.browser.conftest import ARTIFACTS, start_server, stop_server

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {"DASHBOARD_SOURCE": args.source} if args.source else {}
    base, process = start_server(env)
    try:
        rows = asyncio.run(_steps(base, counts, strings.t("page_overview", "vi")))
    finally:
        stop_server(process)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| sessions opening together | p50 | p95 | max |\n|---:|---:|---:|---:|")
    for count, times in rows:
        print(f"| {count} | {statistics.median(times):.2f} s | {_p95(times):.2f} s | {times[-1]:.2f} s |")
    within = [count for count, times in rows if _p95(times) <= args.target]
    print(f"largest K with p95 <= {args.target} s: {max(within) if within else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
