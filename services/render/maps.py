"""The ward map: symbols sized by a figure on ward centres, or a choropleth from GeoJSON.

Plain Altair, no Streamlit; colours and fonts are the charts' own (:mod:`charts`).
Ward names are data: tooltips and labels carry them as text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from services.core import strings, text
from services.core.config import Plan
from services.figures import geo
from services.render import charts

# The largest symbol's radius follows the chart width (a phone gets smaller symbols).
MAX_RADIUS = "clamp(width / 24, 12, 28)"
MIN_SHARE = 0.02
MAP_HEIGHT = 420
NO_DATA_SHARE = 0.09
MAX_LABELLED_WARDS = 60
NEAR_LAT, NEAR_LON = 0.008, 0.012  # degrees: labels of wards this close would overlap


def _ward_rows(plan: Plan, values: Mapping[str, float], lang: str) -> list[dict[str, Any]]:
    has, none = strings.t("chart_has_data", lang), strings.t("chart_no_data", lang)
    top = max([v for v in values.values() if v > 0], default=1.0)
    rows = []
    for ward in plan.wards:
        value = float(values.get(ward.code, 0) or 0)
        shown = text.format_int(round(value), lang)
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
        metric_label, subtitle=note, fontSize=charts.FONT_SIZE + 3, subtitleFontSize=charts.FONT_SIZE, anchor="start"
    )


def ward_map(
    plan: Plan,
    values: Mapping[str, float],
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
    style: dict[str, Any] = {"fontSize": charts.FONT_SIZE, "fontWeight": "bold", "lineBreak": "\n"}
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
                scale=alt.Scale(domain=[has, none], range=[charts.HAS_DATA, charts.NO_DATA]),
                legend=alt.Legend(title=None, orient="bottom", labelFontSize=charts.FONT_SIZE, symbolSize=200),
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
    chart = charts.stack(*layers).project("mercator")
    return chart.properties(
        width="container", height=MAP_HEIGHT, title=_title(metric_label, lang), autosize=charts.FIT_WIDTH
    )


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
                legend=alt.Legend(
                    title=metric_label, orient="bottom", labelFontSize=charts.FONT_SIZE, gradientLength=220
                ),
            )
        )
        .otherwise(alt.value(charts.NO_DATA))
    )
    polygons = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=1.5)
        .encode(color=fill, tooltip=_tooltip(metric_label, lang, prefix="properties."))
    )
    chart = charts.stack(polygons, *_labels(pd.DataFrame(labels))).project("mercator")
    return chart.properties(
        width="container", height=MAP_HEIGHT, title=_title(metric_label, lang), autosize=charts.FIT_WIDTH
    )
