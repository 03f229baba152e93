"""Browser time-to-content per page and server CPU per new session, at city scale (issue 14, item 5).

``python -m benchmarks.browser [--rows 10000 | --demo] [--repeat 3] [--sessions 5] [--pages map,...] [--root CHECKOUT]``
generates (once, like ``benchmarks.run``) the citywide plan (30 districts, ~580 wards) and
``--rows`` rows of messy activity data, starts ``streamlit run app.py`` of ``--root`` (default:
this checkout; another checkout measures the code before a change) on a loopback port in open
mode with ``DASHBOARD_PLAN`` / ``DASHBOARD_SOURCE`` naming them, and drives Debian chromium:

* **time-to-content**, per page, warm (the page loaded once before, so the source is read and the
  page's caches are filled): from ``goto`` to the page drawn, that is a heading shown, Streamlit's
  running indicator gone, every chart drawn by vega-embed (its ``canvas`` or ``svg`` in place)
  and two animation frames after that (the frame that paints it). The median of ``--repeat``
  loads, each a new Streamlit session (a ``goto``), with the server's CPU per load and the
  browser tab's main-thread busy time (CDP ``Performance.getMetrics`` ``TaskDuration``);
* **server CPU per new session**: ``--sessions`` fresh browser contexts opening the overview one
  after the other; the server process's CPU (``/proc``) over them, divided by their number; and
  the same for new tabs of one context (a returning visitor: Streamlit's scripts cached); and,
  when nginx is installed, first visits again through the shipped recipe
  (``deploy/nginx-dashboard.conf`` via ``testkit.nginx``), whose cache serves Streamlit's files.

``--json`` prints one JSON object (what ``benchmarks.run`` reads) instead of the table. The
browser runs on the same machine as the server: on 2 shared cores, read the load average too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import capacity
from benchmarks.parts import AS_OF, ROOT

LOAD_TIMEOUT_MS = 180_000  # the first load reads the whole source
MAP_PAGE = "pages/map.py"
# Drawn: a heading (a page title, or the meeting screen's ###), no running indicator, and every
# vega-embed chart with its canvas or svg in place.
DRAWN = """(expected) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] :is(h1, h3)')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (charts.length < expected) return false;
  return charts.every((c) => c.querySelector('canvas.marks, svg.marks'));
}"""
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
CHARTS = "() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length"
RENDERERS = (
    "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
    ".map((c) => (c.querySelector('canvas.marks') ? 'canvas' : c.querySelector('svg.marks') ? 'svg' : '?'))"
)


def _url(base: str, page: str) -> str:
    stem = Path(page).stem
    return f"{base}/{'' if stem == 'overview' else stem}?ngay={AS_OF.isoformat()}"


def _busy(cdp: Any) -> float:
    """Seconds the tab's main thread has been busy in this document (Chromium's TaskDuration; a goto resets it)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "TaskDuration"))


def _drawn(page: Any, expected: int, polling: str | int) -> None:
    try:
        page.wait_for_function(DRAWN, arg=expected, timeout=LOAD_TIMEOUT_MS, polling=polling)
    except Exception as err:  # Playwright's TimeoutError: say which page
        raise RuntimeError(f"{page.url} not drawn in {LOAD_TIMEOUT_MS / 1000:.0f} s") from err


def _load(page: Any, url: str, expected: int) -> float:
    """Seconds from ``goto`` to the page drawn (see the module docstring)."""
    started = time.perf_counter()
    page.goto(url)
    _drawn(page, expected, "raf")
    page.evaluate(TWO_FRAMES)
    return time.perf_counter() - started


def _settle(page: Any) -> None:
    """After a first load: the running indicator gone and a second of quiet for late charts."""
    _drawn(page, 0, 100)
    page.wait_for_timeout(1000)
    _drawn(page, 0, 100)


def page_times(browser: Any, base: str, pid: int, pages: list[str], repeat: int) -> dict[str, dict[str, Any]]:
    """Per page: median time-to-content, server CPU and browser busy time per load, the renderers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    out: dict[str, dict[str, Any]] = {}
    for name in pages:
        url = _url(base, name)
        page.goto(url)  # warm: the source read and the page's own caches are not what is timed
        _settle(page)
        expected = page.evaluate(CHARTS)
        walls, cpus, busy = [], [], []
        for _ in range(max(1, repeat)):
            cpu_before = capacity.cpu_seconds(pid)
            walls.append(_load(page, url, expected))
            cpus.append(capacity.cpu_seconds(pid) - cpu_before)
            busy.append(_busy(cdp))
        out[name] = {
            "wall": statistics.median(walls),
            "server_cpu": statistics.median(cpus),
            "browser_busy": statistics.median(busy),
            "charts": expected,
            "renderers": page.evaluate(RENDERERS),
            "walls": walls,
        }
    context.close()
    return out


def session_cpu(browser: Any, base: str, pid: int, sessions: int, tls: bool = False) -> dict[str, Any]:
    """Server CPU per new session opening the overview, one after the other: first visits and returning ones.

    A first visit is a fresh browser context (empty cache: the server also sends Streamlit's ~6 MB
    of scripts and fonts); a returning visitor's new tab has them cached (they are immutable).
    """
    url = _url(base, "pages/overview.py")
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN", "ignore_https_errors": tls}
    walls = []
    time.sleep(0.5)  # the previous step's sessions have closed
    before = capacity.cpu_seconds(pid)
    for _ in range(max(1, sessions)):
        context = browser.new_context(**options)
        walls.append(_load(context.new_page(), url, 1))
        context.close()
    time.sleep(0.5)  # closing a session costs the server too
    first = (capacity.cpu_seconds(pid) - before) / max(1, sessions)
    context = browser.new_context(**options)
    _load(context.new_page(), url, 1)  # fills this context's cache
    time.sleep(0.5)
    before = capacity.cpu_seconds(pid)
    for _ in range(max(1, sessions)):
        page = context.new_page()
        _load(page, url, 1)
        page.close()
    time.sleep(0.5)
    returning = (capacity.cpu_seconds(pid) - before) / max(1, sessions)
    context.close()
    return {"cpu_per_session": first, "cpu_per_returning_session": returning, "walls": walls}


def _behind_nginx(browser: Any, base: str, pid: int, sessions: int) -> dict[str, Any]:
    """The same new sessions through the shipped nginx recipe (deploy/nginx-dashboard.conf) in front.

    One untimed visit first fills nginx's cache of Streamlit's files, as the first viewer of a
    version does on a server; the server CPU counted is the replica's only (nginx's is apart).
    """
    from testkit import nginx

    binary = nginx.binary()
    if binary is None:
        return {"nginx_skipped": "nginx not installed"}
    upstream = int(base.rsplit(":", 1)[1])
    with tempfile.TemporaryDirectory() as folder, nginx.serve(binary, Path(folder), [upstream], "127.0.0.1") as proxy:
        front = f"https://127.0.0.1:{proxy.port}"
        context = browser.new_context(ignore_https_errors=True)
        _load(context.new_page(), _url(front, "pages/overview.py"), 1)
        context.close()
        behind = session_cpu(browser, front, pid, sessions, tls=True)
    return {"nginx_cpu_per_session": behind["cpu_per_session"], "nginx_walls": behind["walls"]}


def measure(
    folder: Path | None, repeat: int, sessions: int, root: Path = ROOT, only: list[str] | None = None
) -> dict[str, Any]:
    """Serve ``root``'s app on ``folder``'s plan and workbook (None: the demo); time the pages and new sessions."""
    from playwright.sync_api import sync_playwright

    from ui import navigation

    pages = [p.path for p in navigation.PAGES if not only or p.stem in only]
    env = {}
    if folder is not None:
        env = {"DASHBOARD_PLAN": str(folder / "plan.yaml"), "DASHBOARD_SOURCE": str(folder / "city.xlsx")}
    load_before = os.getloadavg()
    base, process = capacity.start(env, root=root)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=capacity.CHROMIUM, args=capacity.CHROMIUM_ARGS)
            result: dict[str, Any] = {"pages": page_times(browser, base, process.pid, pages, repeat)}
            result.update(session_cpu(browser, base, process.pid, sessions))
            result.update(_behind_nginx(browser, base, process.pid, sessions))
            browser.close()
    finally:
        capacity.stop(process)
    result["load"] = [load_before, os.getloadavg()]
    return result


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def report(result: dict[str, Any]) -> str:
    """The measurements as a Markdown table."""
    before, after = (" ".join(f"{x:.1f}" for x in load) for load in result["load"])
    lines = [
        f"load average before: {before}, after: {after}",
        "",
        "| page (warm, new session per load) | time-to-content | server CPU | browser busy | charts |",
        "|---|---:|---:|---:|---|",
    ]
    for page, m in result["pages"].items():
        lines.append(
            f"| `{page}` | {_s(m['wall'])} | {_s(m['server_cpu'])} | {_s(m['browser_busy'])} | "
            f"{', '.join(m['renderers']) or '—'} |"
        )
    lines.append(f"| new session on the overview, first visit (empty browser cache) | "
                 f"{_s(statistics.median(result['walls']))} | {_s(result['cpu_per_session'])} | | |")  # fmt: skip
    lines.append(f"| new session on the overview, returning visitor (cached scripts) | | "
                 f"{_s(result['cpu_per_returning_session'])} | | |")  # fmt: skip
    if "nginx_cpu_per_session" in result:
        lines.append(f"| new session on the overview, first visit, behind the shipped nginx (its cache warm) | "
                     f"{_s(statistics.median(result['nginx_walls']))} | {_s(result['nginx_cpu_per_session'])} "
                     "| | |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the data if needed, measure, print a table (or JSON)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3, help="timed loads per page; the median is shown")
    parser.add_argument("--sessions", type=int, default=5, help="fresh sessions for the server CPU per session")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "dashboard-bench"))
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose app.py is served")
    parser.add_argument("--pages", default="", help="only these pages, e.g. map,overview (default: every page)")
    parser.add_argument("--demo", action="store_true", help="the shipped plan and demo workbook instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks import run

    folder = None if args.demo else run.prepare(Path(args.data), args.rows)
    only = [p.strip() for p in args.pages.split(",") if p.strip()]
    result = measure(folder, args.repeat, args.sessions, Path(args.root).resolve(), only)
    print(json.dumps(result) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
