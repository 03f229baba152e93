"""Altair charts of the plan and the ward coverage: plain functions, no Streamlit.

Charts are sized to their container (``width="container"``) with font sizes
readable on a projector and a phone. Labels come from the plan and
``services.core.strings``; tooltips carry text as data, never as HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from services.core import strings
from services.core.config import Plan
from services.figures import coverage, geo
from services.ingest import cells
from services.ingest.reader import Activity

FONT_SIZE = 13
HAS_DATA = "#c0392b"
NO_DATA = "#c8c8c8"
AS_OF = "#d62728"
PEAK = "#f5b041"
PHASE_COLORS = ["#1f5f99", "#b03a2e", "#1e8449", "#7d3c98", "#b9770e", "#117a65"]
# The largest symbol's radius follows the chart width (a phone gets smaller symbols).
MAX_RADIUS = "clamp(width / 24, 12, 28)"
MIN_SHARE = 0.02
MAP_HEIGHT = 420
NO_DATA_SHARE = 0.09
# Fit the container's width; the height given is the plot's own, axes and titles come on top.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


MAX_LABELLED_WARDS = 60
NEAR_LAT, NEAR_LON = 0.008, 0.012  # degrees: labels of wards this close would overlap


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
    layers: list[alt.Chart] = []
    if plan.peak:
        layers.append(_peak_layer(plan, x, at_middle, y, t))
    layers.append(_phase_layer(plan, x, at_middle, y, t))
    shown = first - dt.timedelta(days=1) <= as_of <= last + dt.timedelta(days=1)
    rule, label = _as_of_layers(as_of, middle, x, y, t) if shown else ([], [])
    layers.extend([*rule, *_milestone_layers(milestones, middle, x, y, t), *label])
    return alt.layer(*layers).properties(width="container", height=30 * len(lanes), autosize=FIT_WIDTH)


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
    return alt.layer(band, text)


def _phase_layer(plan: Plan, x: alt.X, at_middle: alt.X, y: alt.Y, t: Any) -> alt.LayerChart:
    frame = pd.DataFrame(
        [
            {
                "start": _iso(p.start),
                "end": _iso(p.end + dt.timedelta(days=1)),
                "middle": _iso(p.start + (p.end + dt.timedelta(days=1) - p.start) / 2),
                "lane": "phase",
                "key": p.key,
                "label": p.label,
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
    return alt.layer(bars, labels)


def _milestone_layers(milestones: Sequence[Any], middle: dt.date, x: alt.X, y: alt.Y, t: Any) -> list[alt.Chart]:
    frame = pd.DataFrame(
        [
            {
                "start": _iso(m.date),
                "lane": f"m{i}",
                "key": m.key,
                "text": f"{_short(m.date)} · {m.label}",
                "label": m.label,
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
    align, dx = ("left", 6) if as_of <= middle else ("right", -6)
    label = base.mark_text(align=align, dx=dx, fontSize=FONT_SIZE, fontWeight="bold", color=AS_OF)
    return [rule], [label.encode(x=x, y=y, text=alt.Text("label:N"))]


# --- ward map ----------------------------------------------------------------


def _ward_rows(plan: Plan, values: dict[str, float], lang: str) -> list[dict[str, Any]]:
    has, none = strings.t("chart_has_data", lang), strings.t("chart_no_data", lang)
    top = max([v for v in values.values() if v > 0], default=1.0)
    rows = []
    for ward in plan.wards:
        value = float(values.get(ward.code, 0) or 0)
        shown = cells.format_int(round(value), lang)
        rows.append(
            {
                "code": ward.code,
                "name": ward.name,
                "lat": ward.lat,
                "lon": ward.lon,
                "value": value,
                "value_text": shown,
                "label": f"{ward.name}\n{shown}",
                "status": has if value > 0 else none,
                # Symbol area is proportional to the value; no-data wards get a small fixed dot.
                "share": max(value / top, MIN_SHARE) if value > 0 else NO_DATA_SHARE,
            }
        )
    return rows


def _title(metric_label: str, lang: str) -> alt.TitleParams:
    note = strings.t("chart_no_data_note", lang)
    return alt.TitleParams(
        metric_label, subtitle=note, fontSize=FONT_SIZE + 3, subtitleFontSize=FONT_SIZE, anchor="start"
    )


def ward_map(
    plan: Plan,
    values: dict[str, float],
    metric_label: str,
    lang: str = "vi",
    geojson: dict[str, Any] | None = None,
    ward_property: str | None = None,
) -> alt.LayerChart:
    """A ward map of ``values`` (ward code -> value); wards at zero in the no-data colour.

    With ``geojson`` a choropleth of the features matched to wards (by
    ``ward_property``, or the best-matching property); without it, symbols
    sized by value at the wards' centroids, labelled with their names.
    """
    rows = _ward_rows(plan, values, lang)
    if geojson is not None:
        matched = geo.match_features(plan, geojson, ward_property)
        if matched:
            return _choropleth(rows, matched, metric_label, lang)
    return _point_map(rows, metric_label, lang)


def _tooltip(metric_label: str, lang: str, prefix: str = "") -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{prefix}name:N", title=strings.t("chart_ward", lang)),
        alt.Tooltip(f"{prefix}value_text:N", title=metric_label),
    ]


def _labels(frame: pd.DataFrame, below_symbol: bool = False, above_symbol: bool = False) -> list[alt.Chart]:
    """Ward names drawn twice: a white halo under dark text, legible over any fill."""
    encode = {"longitude": alt.Longitude("lon:Q"), "latitude": alt.Latitude("lat:Q"), "text": alt.Text("label:N")}
    style: dict[str, Any] = {"fontSize": FONT_SIZE, "fontWeight": "bold", "lineBreak": "\n"}
    if below_symbol:
        style |= {"baseline": "top", "dy": alt.ExprRef(f"sqrt(datum.share) * {MAX_RADIUS} + 3")}
    if above_symbol:
        style |= {"baseline": "bottom", "dy": alt.ExprRef(f"-sqrt(datum.share) * {MAX_RADIUS} - 3")}
    base = alt.Chart(frame)
    if below_symbol or above_symbol:  # one dataset for every layer; each label layer takes its wards
        base = base.transform_filter("datum.above" if above_symbol else "!datum.above")
    halo = base.mark_text(stroke="white", strokeWidth=3, strokeOpacity=0.9, **style)
    text = base.mark_text(color="#222", **style)
    return [halo.encode(**encode), text.encode(**encode)]


def _crowded_from_below(frame: pd.DataFrame) -> pd.Series:
    """Wards with a close neighbour just south of them: their label goes above the symbol, not onto it."""
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    return pd.Series(
        [
            any(0 < lat[i] - lat[j] < NEAR_LAT and abs(lon[i] - lon[j]) < NEAR_LON for j in range(len(frame)))
            for i in range(len(frame))
        ],
        index=frame.index,
    )


def _point_map(rows: list[dict[str, Any]], metric_label: str, lang: str) -> alt.LayerChart:
    frame = pd.DataFrame(rows)
    has, none = strings.t("chart_has_data", lang), strings.t("chart_no_data", lang)
    # Invisible corners a little outside the wards, so symbols and labels are not cut at the edges.
    pad_lat = max((frame.lat.max() - frame.lat.min()) * 0.12, 0.003)
    pad_lon = max((frame.lon.max() - frame.lon.min()) * 0.12, 0.003)
    corners = pd.DataFrame(
        {
            "lat": [frame.lat.min() - pad_lat, frame.lat.max() + pad_lat],
            "lon": [frame.lon.min() - pad_lon, frame.lon.max() + pad_lon],
        }
    )
    frame_layer = (
        alt.Chart(corners)
        .mark_point(opacity=0)
        .encode(longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"))
    )
    symbols = (
        alt.Chart(frame)
        .mark_circle(opacity=0.85, stroke="white", strokeWidth=1.5)
        .encode(
            longitude=alt.Longitude("lon:Q"),
            latitude=alt.Latitude("lat:Q"),
            size=alt.Size(
                "share:Q",
                scale=alt.Scale(domain=[0, 1], range=[0, alt.ExprRef(f"PI * pow({MAX_RADIUS}, 2)")]),
                legend=None,
            ),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=[has, none], range=[HAS_DATA, NO_DATA]),
                legend=alt.Legend(title=None, orient="bottom", labelFontSize=FONT_SIZE, symbolSize=200),
            ),
            tooltip=_tooltip(metric_label, lang),
        )
    )
    # Hundreds of labels (a citywide plan) overlap into noise: then the tooltips name the wards.
    labels: list[alt.Chart] = []
    if len(frame) <= MAX_LABELLED_WARDS:
        frame["above"] = _crowded_from_below(frame)
        labels = _labels(frame, below_symbol=True) + _labels(frame, above_symbol=True)
    layers = [frame_layer, symbols, *labels]
    chart = alt.layer(*layers).project("mercator")
    return chart.properties(width="container", height=MAP_HEIGHT, title=_title(metric_label, lang), autosize=FIT_WIDTH)


def _choropleth(
    rows: list[dict[str, Any]], matched: dict[str, dict[str, Any]], metric_label: str, lang: str
) -> alt.LayerChart:
    by_code = {row["code"]: row for row in rows}
    features, labels = [], []
    for code, feature in matched.items():
        row = by_code[code]
        props = {k: row[k] for k in ("code", "name", "value", "value_text", "label", "status")}
        features.append({"type": "Feature", "geometry": geo.rewind(feature["geometry"]), "properties": props})
        lon, lat = geo.label_point(feature["geometry"])
        labels.append({**props, "lon": lon, "lat": lat})
    shapes = alt.Data(
        values={"type": "FeatureCollection", "features": features}, format=alt.DataFormat(property="features")
    )
    fill = (
        alt.when("datum.properties.value > 0")
        .then(
            alt.Color(
                "properties.value:Q",
                scale=alt.Scale(scheme="oranges", domainMin=0),
                legend=alt.Legend(title=metric_label, orient="bottom", labelFontSize=FONT_SIZE, gradientLength=220),
            )
        )
        .otherwise(alt.value(NO_DATA))
    )
    polygons = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=1.5)
        .encode(color=fill, tooltip=_tooltip(metric_label, lang, prefix="properties."))
    )
    chart = alt.layer(polygons, *_labels(pd.DataFrame(labels))).project("mercator")
    return chart.properties(width="container", height=MAP_HEIGHT, title=_title(metric_label, lang), autosize=FIT_WIDTH)


# --- ward x form matrix ------------------------------------------------------


def heatmap_frame(plan: Plan, activities: Sequence[Activity], lang: str = "vi") -> pd.DataFrame:
    """One row per ward and form: the number of activities (zeros included)."""
    return _heatmap_frame(plan, coverage.forms_by_ward(plan, activities))


def _heatmap_frame(plan: Plan, counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    forms = {f.key: f.label for f in plan.forms}
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


def heatmap_from_counts(plan: Plan, counts: dict[str, dict[str, int]], lang: str = "vi") -> alt.LayerChart:
    """The ward × form matrix from ``coverage.forms_by_ward`` counts."""
    t = lambda key: strings.t(key, lang)  # noqa: E731
    frame = _heatmap_frame(plan, counts)
    top = max(int(frame["count"].max()) if len(frame) else 0, 1)
    wards = [w.name for w in plan.wards]
    forms = [f.label for f in plan.forms]
    # Inline values: a citywide matrix (580 wards x 10 forms) is over Altair's 5,000-row DataFrame limit.
    base = alt.Chart(alt.Data(values=frame.to_dict("records"))).encode(
        x=alt.X(
            "form:N",
            sort=forms,
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
        y=alt.Y("ward:N", sort=wards, title=None, axis=alt.Axis(labelFontSize=FONT_SIZE, labelLimit=140)),
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
    cells_layer = base.mark_rect(stroke="white", strokeWidth=1).encode(color=fill)
    ink = alt.when(f"datum.count > {top * 0.55}").then(alt.value("white")).otherwise(alt.value("#222"))
    numbers = (
        base.transform_filter("datum.count > 0").mark_text(fontSize=12).encode(text=alt.Text("count:Q"), color=ink)
    )
    title = alt.TitleParams(t("map_heatmap"), subtitle=t("chart_heatmap_note"), fontSize=FONT_SIZE + 3, anchor="start")
    chart = alt.layer(cells_layer, numbers)
    return chart.properties(width="container", height=28 * len(wards), title=title, autosize=FIT_WIDTH)
