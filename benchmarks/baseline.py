"""The yardstick: the dashboard's figures computed by a pandas script an analyst would write.

``python -m benchmarks.baseline --source FOLDER_OF_CSV --plan plan.yaml --as-of YYYY-MM-DD``
prints the figures as JSON. It shares nothing with the project's reading code:
the plan comes from ``services.core.config`` (the typed YAML), but every cell is
read here, the pandas way: each column is factorised, its distinct texts are
folded with ``unicodedata`` (no unidecode) and matched against the plan with
``str.split``/``explode``/``map``, and each figure is one ``groupby``. It keeps
no problem list and no records. :func:`ours` gives the same figures from
``services.ingest.reading.reader`` + ``services.figures.metrics``; ``benchmarks.run``
exits 1 when the two differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from services.core import config
from services.core.config import Plan, SheetSchema

EPOCH = pd.Timestamp(1899, 12, 30)  # spreadsheet serial numbers count days from here
_COUNT = r"\d+|\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*"
_SPLIT = r"[;,\r\n]"
_D = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ɖ": "d", "Ɖ": "d"})
_GONE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


def fold(value: str) -> str:
    """Lower case, no diacritics, one space between words, one kind of dash."""
    value = unicodedata.normalize("NFD", value.translate(_GONE).translate(_D))
    value = "".join(c for c in value if not unicodedata.combining(c)).casefold().replace("_", " ")
    value = re.sub(r"\s*[-‐‑‒–—―−]\s*", "-", value)
    return re.sub(r"\s+", " ", value).strip()


def key(value: str) -> str:
    return fold(value).replace(" ", "")


def _folded(column: pd.Series, how: Any = key) -> pd.Series:
    """``how`` of each cell's text, computed once per distinct text (pd.factorize)."""
    codes, uniques = pd.factorize(column.astype("string").fillna("").str.strip())
    done = pd.Series([how(u) for u in uniques], dtype="string")
    return pd.Series(done.to_numpy()[codes], index=column.index, dtype="string")


def frame(rows: list[list[Any]], keys: list[str]) -> pd.DataFrame:
    """Data rows (after the header) as a frame with one column per key; blank rows dropped."""
    df = pd.DataFrame(rows[1:], dtype=object).reindex(columns=range(len(keys)))
    df.columns = keys
    text = df.astype("string").fillna("")
    return df[text.apply(lambda c: c.str.strip() != "").any(axis=1)]


def dates(column: pd.Series) -> pd.Series:
    """Serial numbers, ``d/m/yyyy`` (``/ . -``) and ISO text; NaT when none fits."""
    number = pd.to_numeric(column.where(~column.map(type).eq(bool)), errors="coerce")
    serial = pd.to_datetime(number.where(number >= 1).floordiv(1), unit="D", origin=EPOCH)
    stamps = pd.to_datetime(column.where(column.map(type).eq(dt.datetime)), errors="coerce").dt.normalize()
    text = column.astype("string").str.strip()
    dmy = text.where(text.str.fullmatch(r"\d{1,2}([/.-])\d{1,2}\1\d{4}").fillna(False))
    dmy = pd.to_datetime(dmy.str.replace(r"[.-]", "/", regex=True), format="%d/%m/%Y", errors="coerce")
    iso = text.where(text.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").fillna(False))
    return stamps.fillna(serial).fillna(dmy).fillna(pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce"))


def counts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole non-negative numbers (``1.200`` is 1200), and a mask of the cells that are not one."""
    number = pd.to_numeric(column.where(column.map(type).isin([int, float])), errors="coerce")
    whole = number.where((number >= 0) & (number % 1 == 0))
    text = column.where(column.map(type).eq(str)).astype("string").str.strip()
    ok = text.str.fullmatch(_COUNT).fillna(False).astype(bool)
    parsed = pd.to_numeric(text.where(ok).str.replace(r"[.,]", "", regex=True), errors="coerce")
    value = whole.fillna(parsed)
    blank = column.isna() | text.fillna("x").eq("")  # only text can be blank: a number or a bool is a value
    return value, ~blank & value.isna()


def _ward_tokens(column: pd.Series, plan: Plan) -> pd.DataFrame:
    """One row per ward token: its row, the ward code (NaN if none) and whether it means district-wide."""
    names = {key(w.name): w.code for w in plan.wards} | {key(w.code): w.code for w in plan.wards}
    wide = {key(v) for v in plan.district_wide}
    tokens = column.astype("string").fillna("").str.split(_SPLIT).explode().str.strip()
    tokens = tokens[tokens.fillna("") != ""]
    folded = _folded(tokens, fold)
    keyed = folded.str.replace(" ", "")
    code = keyed.map(names)
    is_wide = keyed.isin(wide)
    for prefix in sorted((fold(p) for p in plan.ward_prefixes), key=len, reverse=True):
        rest = folded.str.slice(len(prefix))
        try_it = code.isna() & ~is_wide & folded.str.startswith(prefix) & (rest != "")
        if prefix[-1].isalpha():  # "P" must not eat the "P" of "Phúc Lợi"
            try_it &= ~rest.str.slice(0, 1).str.isalnum().fillna(False)
        code = code.where(~try_it, rest.str.replace(" ", "").map(names))
    return pd.DataFrame({"code": code, "wide": is_wide}, index=tokens.index)


def _theme_tokens(column: pd.Series, plan: Plan) -> pd.DataFrame:
    """One row per theme token: its theme code (NaN when unknown)."""
    labels = {key(t.label): t.code for t in plan.themes}
    by_code = sorted(((key(t.code), t.code) for t in plan.themes), key=lambda p: len(p[0]), reverse=True)
    guard = {True: r"(?![^\W\d_])", False: ""}
    pattern = "|".join(f"(?P<c{i}>{re.escape(k)})(?![0-9]|\\.[0-9]){guard[k[-1].isalpha()]}" for i, (k, _) in
                       enumerate(by_code))  # fmt: skip
    tokens = column.astype("string").fillna("").str.split(_SPLIT).explode().str.strip()
    tokens = tokens[tokens.fillna("") != ""]
    keyed = _folded(tokens)
    found = keyed.str.extract(f"^(?:{pattern})")
    from_code = found.notna().idxmax(axis=1).map({f"c{i}": c for i, (_, c) in enumerate(by_code)})
    code = keyed.map(labels).fillna(from_code.where(found.notna().any(axis=1)))
    return pd.DataFrame({"code": code}, index=tokens.index)


def figures(values: dict[str, list[list[Any]]], plan: Plan, schema: SheetSchema, day: dt.date) -> dict[str, Any]:
    """The figures of ``metrics.summary`` (without problems) from raw tab values."""
    act = schema.tabs["activities"]
    df = frame(values.get(act.title, [[]]), [c.key for c in act.columns])
    when = dates(df["date"])
    wards = _ward_tokens(df["ward"], plan)
    themes = _theme_tokens(df["themes"], plan)
    forms = {key(n): f.key for f in plan.forms for n in (f.key, f.label, *f.aliases)}
    form = _folded(df["form"]).map(forms)
    units = {key(n): u.name for u in plan.units for n in (u.name, *u.aliases)}
    unit = _folded(df["unit"]).map(units)
    people, people_bad = counts(df["participants"])
    _, quantity_bad = counts(df["quantity"])
    ident = df["id"].astype("string").str.strip().replace("", pd.NA)
    bad_ward = wards["code"].isna() & ~wards["wide"]
    has_ward = (wards["code"].notna() | wards["wide"]).groupby(level=0).any().reindex(df.index, fill_value=False)
    ward_ok = has_ward & ~bad_ward.groupby(level=0).any().reindex(df.index, fill_value=False)
    start, end = pd.Timestamp(plan.period.start), pd.Timestamp(plan.period.end)
    valid = when.between(start, end) & ward_ok & form.notna() & ~(ident.notna() & ident.duplicated())
    unknown_theme = themes["code"].isna().groupby(level=0).any().reindex(df.index, fill_value=False)
    warned = valid & (unit.isna() | unknown_theme | people_bad | quantity_bad)
    now = valid & (when <= pd.Timestamp(day))
    people_now = people[now].fillna(0)
    wide = wards[wards["wide"]].index.unique().intersection(people_now.index)
    by_ward = _per_code(wards, people_now)
    listed = themes.dropna().reset_index().drop_duplicates().set_index("index")["code"]
    listed = listed[listed.index.isin(people_now.index)]
    spans = {t.code: plan.theme_span(t) for t in plan.themes}
    first = listed.map({c: pd.Timestamp(s.start) for c, s in spans.items()})
    last = listed.map({c: pd.Timestamp(s.end) for c, s in spans.items()})
    on = when.reindex(listed.index)
    by_theme = listed[(on >= first) & (on <= last)].value_counts()
    by_form = form[now].value_counts()
    return {
        "rows": {
            "read": len(df), "valid": int(valid.sum()), "errors": int(len(df) - valid.sum()),
            "warnings": int(warned.sum()), "after_as_of": int((valid & ~now).sum()),
        },
        "wards": {w.code: {"activities": int(by_ward["size"].get(w.code, 0)),
                           "participants": int(by_ward["sum"].get(w.code, 0))} for w in plan.wards},
        "district_wide": {"activities": len(wide), "participants": int(people_now[wide].sum())},
        "themes": {t.code: int(by_theme.get(t.code, 0)) for t in plan.themes},
        "forms": {f.key: int(by_form.get(f.key, 0)) for f in plan.forms},
        "reports": _reports(values, plan, schema, day, units),
    }  # fmt: skip


def _per_code(wards: pd.DataFrame, people_now: pd.Series) -> pd.DataFrame:
    """Activities (counted once per ward even if listed twice) and participants per ward code."""
    pairs = wards["code"].dropna().reset_index().drop_duplicates()
    pairs = pairs[pairs["index"].isin(people_now.index)]
    pairs["people"] = people_now.reindex(pairs["index"]).to_numpy()
    return pairs.groupby("code")["people"].agg(["size", "sum"])


def _reports(
    values: dict[str, list[list[Any]]], plan: Plan, schema: SheetSchema, day: dt.date, units: dict[str, str]
) -> dict[str, str]:
    tab = schema.tabs["reports"]
    df = frame(values.get(tab.title, [[]]), [c.key for c in tab.columns])
    unit = _folded(df["unit"]).map(units)
    when = dates(df["submitted"])
    ok = unit.notna() & when.notna() & (when >= pd.Timestamp(plan.period.start)) & (when <= pd.Timestamp(day))
    earliest = when[ok].groupby(unit[ok]).min()
    deadline = pd.Timestamp(plan.report_deadline)
    out: dict[str, str] = {}
    for name in plan.expected_reporters:
        got = earliest.get(name)
        if got is not None:
            out[name] = "on_time" if got <= deadline else "late"
        else:
            out[name] = "missing" if day > plan.report_deadline else "pending"
    return out


def read_csv_folder(folder: Path) -> dict[str, list[list[Any]]]:
    """Each ``<tab>.csv`` as rows of text (header first), read with pandas."""
    out: dict[str, list[list[Any]]] = {}
    for file in sorted(folder.glob("*.csv")):
        df = pd.read_csv(file, dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig")
        out[unicodedata.normalize("NFC", file.stem)] = df.to_numpy().tolist()
    return out


def ours(plan: Plan, data: Any, day: dt.date) -> dict[str, Any]:
    """The same figures from ``services.figures.metrics`` (what the pages compute)."""
    from services.figures import metrics

    now = metrics.counted(data.activities, day)
    wide = metrics.district_wide(now)
    return {
        "rows": {
            "read": data.read, "valid": data.valid, "errors": data.errors,
            "warnings": data.warned, "after_as_of": data.valid - len(now),
        },
        "wards": {
            c: {"activities": t.activities, "participants": t.participants}
            for c, t in metrics.ward_coverage(plan, now).items()
        },
        "district_wide": {"activities": wide.activities, "participants": wide.participants},
        "themes": {c: s.activities for c, s in metrics.theme_status(plan, now, day).items()},
        "forms": metrics.form_counts(plan, now),
        "reports": {u: r.status for u, r in metrics.report_status(plan, data.reports, day).items()},
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a folder of CSV files, one per tab")
    parser.add_argument("--plan", required=True)
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    args = parser.parse_args(argv)
    plan, schema = config.load_plan(args.plan), config.load_schema()
    result = figures(read_csv_folder(Path(args.source)), plan, schema, args.as_of)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
