"""How long the reader and the metrics take on a 100k-row sheet, against a minimal pandas baseline.

Run: ``.venv/bin/python -m benchmarks.reader_bench [--rows 100000] [--seed 17] [--repeat 3]``.
Prints figures only (no assertions). The workbook is generated in memory with the
mess units really type (date formats, serial numbers, diacritics dropped, ward
lists, aliases, bad counts), drawn from a limited pool so values repeat as they
do in a real sheet. The baseline parses dates and counts the wards with plain
pandas: it does far less (no themes, no vocabulary, no problems), which is the point
of the ratio: the price of the full rules over the cheapest possible read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import unicodedata
from collections.abc import Callable
from typing import Any

import pandas as pd

from services.core import config
from services.figures import metrics
from services.ingest.raw import RawTab, RawWorkbook
from services.ingest.reading import reader

TITLES = ["Hội nghị báo cáo viên", "Sinh hoạt chi bộ chuyên đề", "Treo băng rôn chào mừng", "Đêm văn nghệ",
          "Giải bóng đá", "Bản tin chuyên đề", "Phát thanh trên loa phường"]  # fmt: skip


def _variants(name: str) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    plain = plain.replace("Đ", "D").replace("đ", "d")
    return [name, name.lower(), plain, f"P. {name}", f"Phường {name}", unicodedata.normalize("NFD", name)]


def _date_cell(rng: random.Random, day: dt.date) -> Any:
    style = rng.randrange(6)
    if style == 0:
        return day.strftime("%d/%m/%Y")
    if style == 1:
        return f"{day.day}/{day.month}/{day.year}"
    if style == 2:
        return dt.datetime(day.year, day.month, day.day)
    if style == 3:
        return (day - dt.date(1899, 12, 30)).days
    if style == 4:
        return day.isoformat()
    return day.strftime("%d.%m.%Y")


def generate(plan: config.Plan, schema: config.SheetSchema, rows: int, seed: int) -> RawWorkbook:
    """A raw workbook with ``rows`` activity rows and one report per expected unit."""
    rng = random.Random(seed)
    start, days = plan.period.start, (plan.period.end - plan.period.start).days
    wards = [v for w in plan.wards for v in _variants(w.name)] + ["Toàn quận", "Bo Dde", ""]
    forms = [n for f in plan.forms for n in (f.key, f.label, *f.aliases)] + ["Múa lân"]
    units = [n for u in plan.units for n in (u.name, *u.aliases)] + ["", "Hội Nông dân"]
    themes = [t.code for t in plan.themes] + [f"{t.code} – nội dung" for t in plan.themes] + ["ND1.12", ""]
    counts: list[Any] = [str(n) for n in range(0, 500, 7)] + ["1.200", "1,500", "-3", "khoảng 50", "", None, 120]
    body: list[tuple[int, list[Any]]] = []
    for index in range(rows):
        day = start + dt.timedelta(days=rng.randrange(days + 3))  # a few after the period
        ward = rng.choice(wards) if rng.random() > 0.2 else f"{rng.choice(wards)}; {rng.choice(wards)}"
        theme = ", ".join(rng.sample(themes, rng.randrange(0, 3)))
        body.append(
            (
                index + 2,
                [
                    "" if rng.random() < 0.1 else f"HD{index if rng.random() > 0.01 else index // 2}",
                    _date_cell(rng, day),
                    rng.choice(units),
                    ward,
                    rng.choice(forms),
                    theme,
                    f"{rng.choice(TITLES)} (lần {index})",  # titles are nearly all distinct
                    rng.choice(counts),
                    rng.choice(counts),
                    f"https://drive.example/{index}" if rng.random() < 0.5 else "",
                    rng.choice(["Lan", "Hùng", "Mai", "", "cán bộ phường"]),
                    "" if rng.random() < 0.7 else f"ghi chú {index}",
                ],
            )
        )
    act = schema.tabs["activities"]
    rep = schema.tabs["reports"]
    reports = [
        (i + 2, [u, _date_cell(rng, plan.report_deadline), "", ""]) for i, u in enumerate(plan.expected_reporters)
    ]
    tabs = {
        act.title: RawTab(act.title, [c.header for c in act.columns], body),
        rep.title: RawTab(rep.title, [c.header for c in rep.columns], reports),
    }
    return RawWorkbook(tabs=tabs, label="bench")


def baseline(raw: RawWorkbook, plan: config.Plan) -> int:
    """The cheapest read: dates day-first with pandas, wards by exact name, counted per ward."""
    tab = raw.tabs["Hoạt động"]
    frame = pd.DataFrame([cells for _, cells in tab.rows], columns=tab.header)
    dates = pd.to_datetime(frame["Ngày"].astype(str), dayfirst=True, errors="coerce", format="mixed")
    codes = frame["Phường"].map({w.name: w.code for w in plan.wards})
    valid = frame[dates.notna() & codes.notna()]
    return int(valid.groupby(codes).size().sum())


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall time and best CPU time over ``repeat`` runs (CPU time is steadier on a shared machine)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plan, schema = config.load_plan(), config.load_schema()
    raw = generate(plan, schema, args.rows, args.seed)
    as_of = dt.date(2016, 1, 25)
    began = time.process_time()
    reader.read(raw, plan, schema)  # the first read also fills the plan's vocabulary caches
    first_cpu = time.process_time() - began
    read_s, read_cpu, data = _best(lambda: reader.read(raw, plan, schema), args.repeat)
    summary_s, summary_cpu, _ = _best(lambda: metrics.summary(plan, data, as_of), args.repeat)
    base_s, base_cpu, _ = _best(lambda: baseline(raw, plan), args.repeat)
    print(
        f"rows: {args.rows:,}  read={data.read:,} valid={data.valid:,} errors={data.errors:,} "
        f"warned={data.warned:,} problems={len(data.problems):,}  (best of {args.repeat}; wall / cpu)"
    )
    print(f"reader.read      {read_s:6.3f} s / {read_cpu:6.3f} s  ({read_cpu / args.rows * 1e6:5.2f} µs cpu per row)")
    print(f"first read       {'':6} s / {first_cpu:6.3f} s  (cold vocabulary caches)")
    print(f"metrics.summary  {summary_s:6.3f} s / {summary_cpu:6.3f} s  (as of {as_of}, problems serialised)")
    total, total_cpu = read_s + summary_s, read_cpu + summary_cpu
    print(f"reader + metrics {total:6.3f} s / {total_cpu:6.3f} s")
    print(f"pandas baseline  {base_s:6.3f} s / {base_cpu:6.3f} s")
    print(f"ratio (reader + metrics) / baseline: {total / base_s:.1f}x wall, {total_cpu / base_cpu:.1f}x cpu")


if __name__ == "__main__":
    main()
