"""The pandas baseline: the least work that gives the dashboard's figures.

From the same raw values the reader gets (a Sheets ``values:batchGet``
answer), it builds one DataFrame, parses dates and counts vectorised, maps
each distinct ward/form/theme/unit text once with the plan's vocabulary, and
computes each figure with one groupby. It keeps no problem list and no
records; it is the yardstick for ``services.ingest.reader`` + ``services.figures.metrics``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from services.core.config import Plan, SheetSchema
from services.figures import metrics
from services.ingest import vocab
from services.ingest.cells import SERIAL_EPOCH
from services.ingest.reader import Dataset

_COUNT = r"\d+|\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*"


def _frame(rows: list[list[Any]], keys: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows[1:], dtype=object)
    frame = frame.reindex(columns=range(len(keys)))
    frame.columns = keys
    blank = frame.isna() | frame.astype(str).apply(lambda c: c.str.strip() == "")
    return frame[~blank.all(axis=1)]


def dates(column: pd.Series) -> pd.Series:
    """Serial numbers, ``d/m/yyyy`` (``/ . -``) and ISO text, vectorised; NaT when none fits."""
    number = pd.to_numeric(column, errors="coerce")
    serial = pd.to_datetime(number.where(number >= 1).floordiv(1), unit="D", origin=pd.Timestamp(SERIAL_EPOCH))
    text = column.astype("string").str.strip()
    dmy = pd.to_datetime(
        text.where(text.str.fullmatch(r"\d{1,2}([/.-])\d{1,2}\1\d{4}")).str.replace(r"[.-]", "/", regex=True),
        format="%d/%m/%Y",
        errors="coerce",
    )
    iso = pd.to_datetime(text.where(text.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")), format="%Y-%m-%d", errors="coerce")
    return serial.fillna(dmy).fillna(iso)


def counts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (``1.200`` is 1200) and a mask of cells that are not one."""
    text = column.astype("string").str.strip()
    ok = text.str.fullmatch(_COUNT).fillna(False).astype(bool)
    value = pd.to_numeric(text.where(ok).str.replace(r"[.,]", "", regex=True), errors="coerce")
    return value, (~ok & text.fillna("").ne(""))


def _each(column: pd.Series, parse: Callable[[str], Any]) -> pd.Series:
    """Apply ``parse`` once per distinct text."""
    text = column.astype("string").fillna("").str.strip()
    return text.map({value: parse(value) for value in text.unique()})


def figures(values: dict[str, list[list[Any]]], plan: Plan, schema: SheetSchema, day: dt.date) -> dict[str, Any]:
    """The figures of ``metrics.summary`` (without problems) from raw values, the pandas way."""
    v = vocab.for_plan(plan)
    act_keys = [c.key for c in schema.tabs["activities"].columns]
    df = _frame(values[schema.tabs["activities"].title], act_keys)
    when = dates(df["date"])
    start, end = pd.Timestamp(plan.period.start), pd.Timestamp(plan.period.end)
    wards = _each(df["ward"], v.wards)
    form = _each(df["form"], lambda t: v.form(t) if t else None)
    themes = _each(df["themes"], v.themes)
    unit = _each(df["unit"], lambda t: v.unit(t) if t else None)
    people, people_bad = counts(df["participants"])
    _, quantity_bad = counts(df["quantity"])
    ident = df["id"].astype("string").str.strip().replace("", pd.NA)
    ward_ok = wards.map(lambda m: not m.bad and bool(m.codes or m.district_wide))
    valid = when.between(start, end) & ward_ok & form.notna() & ~(ident.notna() & ident.duplicated())
    warned = valid & (unit.isna() | themes.map(lambda m: bool(m.unknown)) | people_bad | quantity_bad)
    now = valid & (when <= pd.Timestamp(day))
    counted = pd.DataFrame({
        "date": when[now], "people": people[now].fillna(0), "form": form[now],
        "codes": wards[now].map(lambda m: m.codes), "wide": wards[now].map(lambda m: m.district_wide),
        "themes": themes[now].map(lambda m: m.codes),
    })  # fmt: skip
    by_ward = counted.explode("codes").groupby("codes")["people"].agg(["size", "sum"])
    by_form = counted.groupby("form").size()
    by_theme = _themes(plan, counted)
    wide = counted[counted["wide"]]
    return {
        "rows": {
            "read": len(df), "valid": int(valid.sum()), "errors": int(len(df) - valid.sum()),
            "warnings": int(warned.sum()), "after_as_of": int((valid & ~now).sum()),
        },
        "wards": {
            w.code: {
                "activities": int(by_ward["size"].get(w.code, 0)), "participants": int(by_ward["sum"].get(w.code, 0))
            }
            for w in plan.wards
        },
        "district_wide": {"activities": len(wide), "participants": int(wide["people"].sum())},
        "themes": {t.code: int(by_theme.get(t.code, 0)) for t in plan.themes},
        "forms": {f.key: int(by_form.get(f.key, 0)) for f in plan.forms},
        "reports": _reports(values, plan, schema, day),
    }  # fmt: skip


def _themes(plan: Plan, counted: pd.DataFrame) -> pd.Series:
    listed = counted[["date", "themes"]].explode("themes").dropna()
    spans = {t.code: plan.theme_span(t) for t in plan.themes}
    first = listed["themes"].map({c: pd.Timestamp(s.start) for c, s in spans.items()})
    last = listed["themes"].map({c: pd.Timestamp(s.end) for c, s in spans.items()})
    inside = listed[(listed["date"] >= first) & (listed["date"] <= last)]
    return inside.groupby("themes").size()


def _reports(values: dict[str, list[list[Any]]], plan: Plan, schema: SheetSchema, day: dt.date) -> dict[str, str]:
    tab = schema.tabs["reports"]
    df = _frame(values.get(tab.title, [[]]), [c.key for c in tab.columns])
    v = vocab.for_plan(plan)
    unit = _each(df["unit"], lambda t: v.unit(t) if t else None)
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


def ours(plan: Plan, data: Dataset, day: dt.date) -> dict[str, Any]:
    """The same figures from ``services.figures.metrics`` (what the pages compute)."""
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
