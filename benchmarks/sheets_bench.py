"""``python -m benchmarks.sheets_bench [--sizes 10000,100000]``: the cost of one Google Sheet refresh.

Against the local fake Sheets API (testkit/fake_sheets.py, real gspread over
HTTP on 127.0.0.1), for each size it prints, side by side:

* ours: ``GoogleSheetSource.read()`` after the one-time open (one
  ``values:batchGet`` for both tabs, unformatted values, snapshot saved to
  disk) plus the reader, i.e. what one cache miss costs the dashboard;
* naive: ``open_by_key`` + ``worksheet(title).get_all_records()`` per tab, as a
  page that reads on every rerun would do.

Requests are counted by the fake server; times are the best of ``--repeat``
runs on this machine (the fake answers instantly, so real Google adds its own
latency per request). It prints and never asserts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from typing import Any

from services.core import config
from services.ingest import google as sheets
from services.ingest.reading import reader
from testkit.fake_sheets import ACTIVITY_HEADER, REPORT_HEADER, FakeSheets, activity_rows

KEY = "1BenchSheetKey0123456789abcdefghij"
VIEWERS = 50


def best(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs in seconds, and the last result."""
    fastest, result = float("inf"), None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = action()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def measure(rows: int, repeat: int) -> dict[str, float]:
    """Requests and seconds per refresh for one sheet size, ours and naive."""
    plan, schema = config.load_plan(), config.load_schema()
    reports = [REPORT_HEADER, *[[f"Đảng ủy phường {w.name}", 42400, "", ""] for w in plan.wards]]
    with FakeSheets() as fake, tempfile.TemporaryDirectory() as snap:
        fake.add_book(KEY)
        fake.add_tab(KEY, "Hoạt động", [ACTIVITY_HEADER, *activity_rows(rows)])
        fake.add_tab(KEY, "Báo cáo", reports)
        source = sheets.GoogleSheetSource(KEY, connection=fake.connection(timeout=60), schema=schema, snapshot_dir=snap)
        source.open()
        fake.reset_counts()
        read_s, raw = best(source.read, repeat)
        ours_requests = fake.count() / max(1, repeat)
        parse_s, data = best(lambda: reader.read(raw, plan, schema), repeat)

        client = fake.connection(timeout=60).client

        def naive() -> int:
            book = client.open_by_key(KEY)
            return sum(len(book.worksheet(t).get_all_records()) for t in ("Hoạt động", "Báo cáo"))

        fake.reset_counts()
        naive_s, _ = best(naive, repeat)
        naive_requests = fake.count() / max(1, repeat)
    return {
        "rows_read": data.read,
        "ours_requests": ours_requests,
        "ours_read": read_s,
        "ours_total": read_s + parse_s,
        "naive_requests": naive_requests,
        "naive_read": naive_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"| rows | ours: requests/refresh | ours: read s | ours: read+reader s | naive: requests/refresh "
          f"| naive: read s | {VIEWERS} viewers in one TTL: ours vs naive requests |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeat)
        print(
            f"| {size:,} ({r['rows_read']:,} read) | {r['ours_requests']:.0f} | {r['ours_read']:.2f} "
            f"| {r['ours_total']:.2f} "
            f"| {r['naive_requests']:.0f} | {r['naive_read']:.2f} "
            f"| {r['ours_requests']:.0f} vs {r['naive_requests'] * VIEWERS:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
