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
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 32
OPEN_TIMEOUT_MS = 120_000
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def start(env_extra: dict[str, str], root: Path = ROOT) -> tuple[str, subprocess.Popen[bytes]]:
    """``streamlit run app.py`` of checkout ``root`` on a free loopback port, once healthy (at most 60 s)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **env_extra}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return base, process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("streamlit did not become healthy in time")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


async def time_session(browser: object, base: str, heading: str) -> float:
    """Seconds for a fresh browser context to show the page with ``heading``, Streamlit's run finished."""
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


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _steps(base: str, counts: list[int], heading: str, pid: int) -> list[tuple[int, list[float], float]]:
    from playwright.async_api import async_playwright

    out = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await time_session(browser, base, heading)  # warm: the first read of the source is not a session's cost
        for count in counts:
            before = cpu_seconds(pid)
            times = await asyncio.gather(*[time_session(browser, base, heading) for _ in range(count)])
            out.append((count, sorted(times), (cpu_seconds(pid) - before) / count))
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

    env = {"DASHBOARD_SOURCE": args.source} if args.source else {}
    load_before = os.getloadavg()
    base, process = start(env)
    try:
        rows = asyncio.run(_steps(base, counts, strings.t("page_overview", "vi"), process.pid))
    finally:
        stop(process)
    # The load average includes this run's own server and browser.
    print(f"load average before: {' '.join(f'{x:.1f}' for x in load_before)}, after: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    print("| sessions opening together | p50 | p95 | max | server CPU per session |\n|---:|---:|---:|---:|---:|")
    for count, times, cpu in rows:
        median, p95 = statistics.median(times), _p95(times)
        print(f"| {count} | {median:.2f} s | {p95:.2f} s | {times[-1]:.2f} s | {cpu:.2f} s |")
    within = [count for count, times, _ in rows if _p95(times) <= args.target]
    print(f"largest K with p95 <= {args.target} s: {max(within) if within else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
