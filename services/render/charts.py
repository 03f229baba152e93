"""Altair charts of the plan and the ward coverage: plain functions, no Streamlit.

Charts are sized to their container (``width="container"``) with font sizes
readable on a projector and a phone. Labels come from the plan and
``services.core.strings``; tooltips carry text as data, never as HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd

from services.core import config, strings
from services.core.config import Plan
from services.figures import coverage
from services.ingest.reading import cells
from services.ingest.reading.reader import Activity

FONT_SIZE = 13
NO_DATA = "#c8c8c8"
AS_OF = "#d62728"
PEAK = "#f5b041"
PHASE_COLORS = ["#1f5f99", "#b03a2e", "#1e8449", "#7d3c98", "#b9770e", "#117a65"]
# Fit the container's width; the height given is the plot's own, axes and titles come on top.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# Streamlit's vega-embed draws SVG unless a spec asks otherwise (by ``usermeta``); canvas draws
# hundreds of marks faster, and per-mark ARIA descriptions (one interpreted expression per mark)
# mean nothing on a canvas. Small charts stay SVG: crisp text and a description per mark.
MANY_MARKS = 150
CANVAS = {"embedOptions": {"renderer": "canvas"}}


def mark_options(marks: int) -> dict[str, Any]:
    """Properties of a mark drawn ``marks`` times: no per-mark ARIA description when many."""
    return {"aria": False} if marks > MANY_MARKS else {}


def chart_options(marks: int) -> dict[str, Any]:
    """Top-level properties of a chart of ``marks`` marks: the canvas renderer when many."""
    return {"usermeta": CANVAS} if marks > MANY_MARKS else {}


def stack(*charts: alt.Chart | alt.LayerChart) -> alt.LayerChart:
    """``alt.layer`` of charts without facet encodings, which is always a ``LayerChart``."""
    chart = alt.layer(*charts)
    if not isinstance(chart, alt.LayerChart):  # alt.layer hoisted a facet encoding: not a chart of ours
        raise TypeError(f"expected a layered chart, got {type(chart).__name__}")
    return chart


def _iso(day: dt.date) -> str:
    """A local-time timestamp, so a browser in any time zone shows the same day."""
    return f"{day.isoformat()}T00:00:00"


def _short(day: dt.date) -> str:
    return day.strftime("%d/%m")


# --- timeline ----------------------------------------------------------------


def timeline(plan: Plan, as_of: dt.date, lang: str = "vi") -> alt.LayerChart:
    """Phases as bars, the peak period shaded, milestones with labels and an as-of rule."""
    t = lambda key, **kw: strings.t(key, lang, **kw)  # noqa: E731
    milestones = sorted(plan.milestones, key=lambda m: m.date)
    lanes = ["peak", "phase", *(f"m{i}" for i in range(len(milestones))), "as_of"]
    first, last = plan.period.start, plan.period.end
    middle = first + (last - first) / 2
    x_scale = alt.Scale(domain=[_iso(first - dt.timedelta(days=1)), _iso(last + dt.timedelta(days=2))])
    x = alt.X(
        "start:T",
        scale=x_scale,
        title=None,
        axis=alt.Axis(format="%d/%m", labelFontSize=FONT_SIZE, grid=True, gridOpacity=0.35, labelOverlap=True),
    )
    at_middle = alt.X("middle:T", scale=x_scale)
    y = alt.Y("lane:N", scale=alt.Scale(domain=lanes, paddingInner=0.2), axis=None)
    layers: list[alt.Chart | alt.LayerChart] = []
    if plan.peak:
        layers.append(_peak_layer(plan, x, at_middle, y, t))
    layers.append(_phase_layer(plan, x, at_middle, y, t, lang))
    shown = first - dt.timedelta(days=1) <= as_of <= last + dt.timedelta(days=1)
    rule, label = _as_of_layers(as_of, middle, x, y, t) if shown else ([], [])
    layers.extend([*rule, *_milestone_layers(milestones, middle, x, y, t, lang), *label])
    return stack(*layers).properties(width="container", height=30 * len(lanes), autosize=FIT_WIDTH)


def _peak_layer(plan: Plan, x: alt.X, at_middle: alt.X, y: alt.Y, t: Any) -> alt.LayerChart:
    assert plan.peak is not None
    peak = plan.peak
    frame = pd.DataFrame(
        [
            {
                "start": _iso(peak.start),
                "end": _iso(peak.end + dt.timedelta(days=1)),
                "middle": _iso(peak.start + (peak.end - peak.start) / 2),
                "lane": "peak",
                "label": f"{t('chart_peak')} {_short(peak.start)} – {_short(peak.end)}",
                "from": cells.format_date(peak.start),
                "to": cells.format_date(peak.end),
            }
        ]
    )
    tooltip = [alt.Tooltip("label:N", title=t("chart_peak")), alt.Tooltip("from:N", title=t("chart_from"))]
    tooltip.append(alt.Tooltip("to:N", title=t("chart_to")))
    band = alt.Chart(frame).mark_rect(color=PEAK, opacity=0.22).encode(x=x, x2=alt.X2("end:T"), tooltip=tooltip)
    text = (
        alt.Chart(frame)
        .mark_text(fontSize=FONT_SIZE, fontWeight="bold", color="#9a6400")
        .encode(x=at_middle, y=y, text=alt.Text("label:N"))
    )
    return stack(band, text)


def _phase_layer(plan: Plan, x: alt.X, at_middle: alt.X, y: alt.Y, t: Any, lang: str) -> alt.LayerChart:
    frame = pd.DataFrame(
        [
            {
                "start": _iso(p.start),
                "end": _iso(p.end + dt.timedelta(days=1)),
                "middle": _iso(p.start + (p.end + dt.timedelta(days=1) - p.start) / 2),
                "lane": "phase",
                "key": p.key,
                "label": config.label(p, lang),
                "from": cells.format_date(p.start),
                "to": cells.format_date(p.end),
            }
            for p in plan.phases
        ]
    )
    colors = alt.Scale(domain=[p.key for p in plan.phases], range=PHASE_COLORS[: len(plan.phases)] or PHASE_COLORS)
    tooltip = [
        alt.Tooltip("label:N", title=t("chart_phases")),
        alt.Tooltip("from:N", title=t("chart_from")),
        alt.Tooltip("to:N", title=t("chart_to")),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3)
        .encode(x=x, x2=alt.X2("end:T"), y=y, color=alt.Color("key:N", scale=colors, legend=None), tooltip=tooltip)
    )
    # The label is cut to the bar's own width, whatever the screen.
    width = alt.ExprRef("scale('x', datum.end) - scale('x', datum.start) - 8")
    labels = (
        alt.Chart(frame)
        .mark_text(color="white", fontSize=FONT_SIZE, fontWeight="bold", limit=width)
        .encode(x=at_middle, y=y, text=alt.Text("label:N"), tooltip=tooltip)
    )
    return stack(bars, labels)


def _milestone_layers(
    milestones: Sequence[Any], middle: dt.date, x: alt.X, y: alt.Y, t: Any, lang: str
) -> list[alt.Chart]:
    frame = pd.DataFrame(
        [
            {
                "start": _iso(m.date),
                "lane": f"m{i}",
                "key": m.key,
                "text": f"{_short(m.date)} · {config.label(m, lang)}",
                "label": config.label(m, lang),
                "date": cells.format_date(m.date),
                "left": m.date <= middle,
            }
            for i, m in enumerate(milestones)
        ]
    )
    tooltip = [alt.Tooltip("label:N", title=t("chart_milestone")), alt.Tooltip("date:N", title=t("chart_date"))]
    base = alt.Chart(frame)
    rules = base.mark_rule(color="#555", strokeDash=[4, 3], opacity=0.6).encode(x=x, tooltip=tooltip)
    points = base.mark_point(shape="diamond", filled=True, size=140, color="#222").encode(x=x, y=y, tooltip=tooltip)
    # Labels open towards the middle of the chart, so half the width is always free for them.
    limit = alt.ExprRef("width * 0.5")
    left = (
        base.transform_filter("datum.left")
        .mark_text(align="left", dx=10, fontSize=FONT_SIZE, limit=limit)
        .encode(x=x, y=y, text=alt.Text("text:N"), tooltip=tooltip)
    )
    right = (
        base.transform_filter("!datum.left")
        .mark_text(align="right", dx=-10, fontSize=FONT_SIZE, limit=limit)
        .encode(x=x, y=y, text=alt.Text("text:N"), tooltip=tooltip)
    )
    return [rules, points, left, right]


def _as_of_layers(
    as_of: dt.date, middle: dt.date, x: alt.X, y: alt.Y, t: Any
) -> tuple[list[alt.Chart], list[alt.Chart]]:
    """The as-of rule (drawn under the milestones) and its label (drawn over them)."""
    frame = pd.DataFrame(
        [{"start": _iso(as_of), "lane": "as_of", "label": t("chart_as_of", date=cells.format_date(as_of))}]
    )
    base = alt.Chart(frame)
    rule = base.mark_rule(color=AS_OF, strokeWidth=2.5).encode(x=x)
    align: Literal["left", "right"] = "left" if as_of <= middle else "right"
    dx = 6 if align == "left" else -6
    label = base.mark_text(align=align, dx=dx, fontSize=FONT_SIZE, fontWeight="bold", color=AS_OF)
    return [rule], [label.encode(x=x, y=y, text=alt.Text("label:N"))]


# --- ward x form matrix ------------------------------------------------------


def heatmap_frame(plan: Plan, activities: Sequence[Activity], lang: str = "vi") -> pd.DataFrame:
    """One row per ward and form: the number of activities (zeros included)."""
    return _heatmap_frame(plan, coverage.forms_by_ward(plan, activities), lang)


def _heatmap_frame(plan: Plan, counts: dict[str, dict[str, int]], lang: str) -> pd.DataFrame:
    forms = {f.key: config.label(f, lang) for f in plan.forms}
    return pd.DataFrame(
        [
            {"ward": ward.name, "code": ward.code, "form": forms[key], "form_key": key, "count": n}
            for ward in plan.wards
            for key, n in counts[ward.code].items()
        ],
        columns=["ward", "code", "form", "form_key", "count"],
    )


def ward_form_heatmap(plan: Plan, activities: Sequence[Activity], lang: str = "vi") -> alt.LayerChart:
    """Ward × form matrix of activity counts; empty cells (a ward lacking a form) in grey."""
    return heatmap_from_counts(plan, coverage.forms_by_ward(plan, activities), lang)


def heatmap_from_counts(
    plan: Plan, counts: dict[str, dict[str, int]], lang: str = "vi", wards: Sequence[str] | None = None
) -> alt.LayerChart:
    """The ward × form matrix from ``coverage.forms_by_ward`` counts: rows ``wards`` (codes, in that
    order; default every ward in plan order), forms in plan order, labels in ``lang``.

    Drawn in the browser by an expression interpreter (Streamlit's vega-embed runs without
    ``eval``), so per-cell work is done here: the rows carry only what is drawn or shown
    (names, the count, its text and ink), the order is the scales' domain (an explicit
    ``sort`` would compile to a chain of one comparison per ward, run for every cell), and the
    chart asks for the canvas renderer when it has many cells (:func:`chart_options`).
    """
    t = lambda key: strings.t(key, lang)  # noqa: E731
    labels = {f.key: config.label(f, lang) for f in plan.forms}
    codes = list(wards) if wards is not None else [w.code for w in plan.wards]
    top = max([1, *(n for code in codes for n in counts[code].values())])
    names = plan.ward_names
    rows = [
        {"ward": names[code], "form": labels[key], "count": n, "count_text": str(n), "ink": _ink(n, top)}
        for code in codes
        for key, n in counts[code].items()
    ]
    ward_names = [names[code] for code in codes]
    forms = [labels[f.key] for f in plan.forms]
    # Inline values: a citywide matrix (580 wards x 10 forms) is over Altair's 5,000-row DataFrame limit.
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "form:N",
            sort=None,
            scale=alt.Scale(domain=forms),
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=-90,
                labelAlign="left",
                labelBaseline="middle",
                labelLimit=180,
                labelFontSize=12,
            ),
        ),
        y=alt.Y(
            "ward:N",
            sort=None,
            scale=alt.Scale(domain=ward_names),
            title=None,
            axis=alt.Axis(labelFontSize=FONT_SIZE, labelLimit=140),
        ),
        tooltip=[
            alt.Tooltip("ward:N", title=t("chart_ward")),
            alt.Tooltip("form:N", title=t("chart_form")),
            alt.Tooltip("count:Q", title=t("chart_count")),
        ],
    )
    fill = (
        alt.when("datum.count > 0")
        .then(alt.Color("count:Q", scale=alt.Scale(scheme="blues", domain=[0, top]), legend=None))
        .otherwise(alt.value(NO_DATA))
    )
    cells_layer = base.mark_rect(stroke="white", strokeWidth=1, **mark_options(len(rows))).encode(color=fill)
    numbers = (
        base.transform_filter("datum.count > 0")
        .mark_text(fontSize=12, **mark_options(len(rows)))
        .encode(text=alt.Text("count_text:N"), fill=alt.Fill("ink:N", scale=None))
    )
    title = alt.TitleParams(t("map_heatmap"), subtitle=t("chart_heatmap_note"), fontSize=FONT_SIZE + 3, anchor="start")
    chart = stack(cells_layer, numbers)
    return chart.properties(
        width="container", height=28 * len(ward_names), title=title, autosize=FIT_WIDTH, **chart_options(len(rows))
    )


def _ink(count: int, top: int) -> str:
    """White on the darker cells, near-black on the rest."""
    return "white" if count > top * 0.55 else "#222"
