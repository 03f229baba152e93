"""The ward coverage map: graded shades of one metric on ward polygons or a tile grid. No Streamlit.

With a boundary GeoJSON (``plan.map.geojson``) the wards are drawn as their
polygons; without one, as a tile grid (``services.figures.mapping.tiles``): one equal
square per ward, in the district's arrangement, its name and value inside.
Shades come from ``services.figures.mapping.grades`` on a colour-blind-safe sequential
blue scale; zero has its own grey ("nothing yet"). Red and orange are left for
problems elsewhere. Clicking a ward selects it (the ``ward`` selection on the
``code`` field), so a page can drill down to it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from services.core import strings, text
from services.core.config import Plan
from services.figures.mapping import geo, grades, tiles
from services.render import charts

FONT_SIZE = 13
# ColorBrewer "Blues", pale to dark: readable with every common colour-vision deficiency and in grey print.
SHADES = ("#d4e4f4", "#9ecae1", "#5fa2d0", "#2b73b6", "#08457e")
DARK_FROM = 3  # shades from this index on carry white text
NO_DATA = "#e6e6e6"
NO_DATA_STROKE = "#9a9a9a"
SELECTED_STROKE = "#111111"
INK, PALE_INK = "#1b1b1b", "#ffffff"
SELECTION = "ward"  # the selection parameter's name, for ``on_select`` / ``selection_mode``
MAX_NAMED_TILES = 60  # more tiles than this: names only in tooltips
MAX_VALUED_TILES = 150  # more than this: values only in tooltips
MAP_HEIGHT = 420
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
LINE = 11  # characters per line of a ward name inside a tile
TYPICAL_WIDTH = 440  # px: the map's column at 1280-1440 px; the height keeps tiles square there
LEGEND_COLUMNS = 3  # classes and no-data on two rows: fits a phone and a half-width column


def ward_map(
    plan: Plan,
    values: Mapping[str, float],
    metric_label: str,
    lang: str = "vi",
    geojson: dict[str, Any] | None = None,
    ward_property: str | None = None,
    *,
    selected: str | None = None,
    no_data_label: str | None = None,
    height: int | None = None,
) -> alt.LayerChart:
    """The map of ``values`` (ward code -> value) in graded shades, with a legend of the classes.

    ``selected`` is outlined; ``no_data_label`` names the zero class in the
    legend (default: "no activity yet"). Polygons when ``geojson`` matches
    any ward, else the tile grid.
    """
    no_data = no_data_label or strings.t("chart_no_data", lang)
    rows = ward_rows(plan, values, lang, selected, no_data)
    scale = _colour_scale(rows, no_data)
    if geojson is not None:
        matched = geo.match_features(plan, geojson, ward_property)
        if matched:
            return _choropleth(rows, matched, scale, metric_label, lang, height or MAP_HEIGHT)
    return _tile_map(plan, rows, scale, metric_label, lang, height)


def ward_rows(
    plan: Plan, values: Mapping[str, float], lang: str, selected: str | None = None, no_data_label: str = ""
) -> list[dict[str, Any]]:
    """One row per ward: its value, class (``grade``, the legend label; ``no_data_label`` at zero) and its text."""
    found = grades.grades(float(values.get(w.code, 0) or 0) for w in plan.wards)
    approximate = strings.t("chart_approximate_note", lang)  # said in the tooltip, after the name
    rows = []
    for ward in plan.wards:
        value = float(values.get(ward.code, 0) or 0)
        grade = grades.grade_of(value, found)
        shade = grades.shade_index(grade, len(found), len(SHADES)) if grade else None
        rows.append(
            {
                "code": ward.code,
                "name": ward.name,
                "value": value,
                "value_text": text.format_int(round(value), lang),
                "grade": grade_label(grade, lang) if grade else no_data_label,
                "shade": shade,
                "dark": shade is not None and shade >= DARK_FROM,
                "selected": ward.code == selected,
                "tip_name": f"{ward.name} ({approximate})" if ward.approximate else ward.name,
                **_name_lines(ward.name),
            }
        )
    return rows


def grade_label(grade: grades.Grade, lang: str) -> str:
    """``15–17`` (or ``20`` for a one-value class), numbers grouped the language's way."""
    low, high = text.format_int(round(grade.low), lang), text.format_int(round(grade.high), lang)
    return low if low == high else f"{low}–{high}"


def _name_lines(name: str) -> dict[str, str]:
    """The name inside a tile as ``name_top`` (empty for a one-line name) and ``name_low``, the line above the value."""
    lines = _wrap(name).split("\n")
    return {"name_top": lines[0] if len(lines) > 1 else "", "name_low": lines[-1]}


def _wrap(name: str, width: int = LINE) -> str:
    """A ward name on at most two lines inside a tile; a longer one is cut with "…"."""
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines[-1]) > width + 2:
        lines[-1] = lines[-1][: width + 1].rstrip() + "…"
    return "\n".join(lines)


def _colour_scale(rows: list[dict[str, Any]], no_data_label: str) -> tuple[list[str], list[str]]:
    """Legend labels (classes pale to dark, then no data) and their colours."""
    seen: dict[str, str] = {}
    for row in sorted((r for r in rows if r["shade"] is not None), key=lambda r: r["value"]):
        seen.setdefault(row["grade"], SHADES[row["shade"]])
    return [*seen, no_data_label], [*seen.values(), NO_DATA]


def _colour(scale: tuple[list[str], list[str]], field: str = "grade") -> alt.Color:
    legend = alt.Legend(
        title=None,  # the chart's title names the metric
        orient="bottom",
        direction="horizontal",
        symbolType="square",
        symbolSize=260,
        symbolStrokeColor=NO_DATA_STROKE,
        symbolStrokeWidth=0.5,
        labelFontSize=FONT_SIZE,
        titleFontSize=FONT_SIZE,
        labelLimit=180,
        columns=LEGEND_COLUMNS,
        columnPadding=14,
    )
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=scale[0], range=scale[1]), sort=scale[0], legend=legend)


def _tooltip(metric_label: str, lang: str, prefix: str = "") -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{prefix}tip_name:N", title=strings.t("chart_ward", lang)),
        alt.Tooltip(f"{prefix}value_text:N", title=metric_label),
        alt.Tooltip(f"{prefix}grade:N", title=strings.t("chart_grade", lang)),
    ]


def _selection() -> Any:
    return alt.selection_point(name=SELECTION, fields=["code"], on="click", toggle=False, clear=False)


def _stroke(pale: str = "white") -> tuple[Any, Any]:
    """The selected ward outlined in black, wards at zero in a grey outline, the rest in ``pale``."""
    colour = (
        alt.when("datum.selected")
        .then(alt.value(SELECTED_STROKE))
        .when("datum.shade === null")
        .then(alt.value(NO_DATA_STROKE))
        .otherwise(alt.value(pale))
    )
    width = alt.when("datum.selected").then(alt.value(3.5)).otherwise(alt.value(1))
    return colour, width


def _title(metric_label: str, lang: str) -> alt.TitleParams:
    return alt.TitleParams(
        metric_label,
        subtitle=strings.t("chart_map_note", lang),
        fontSize=FONT_SIZE + 3,
        subtitleFontSize=FONT_SIZE,
        anchor="start",
    )


# --- the tile grid -----------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _grid(points: tuple[tiles.Point, ...]) -> tiles.Grid:
    return tiles.layout(points)


def grid_of(plan: Plan) -> tiles.Grid:
    """The plan's tile grid (computed once per set of ward centroids)."""
    return _grid(tuple(tiles.Point(w.code, w.lat, w.lon) for w in plan.wards))


def _tile_map(
    plan: Plan,
    rows: list[dict[str, Any]],
    scale: tuple[list[str], list[str]],
    metric_label: str,
    lang: str,
    height: int | None,
) -> alt.LayerChart:
    grid = grid_of(plan)
    named, valued = len(rows) <= MAX_NAMED_TILES, len(rows) <= MAX_VALUED_TILES
    # Only the fields a layer draws: the browser holds and converts every one of them.
    unused = ({"name", "name_top", "name_low"} if not named else set()) | ({"dark"} if not valued else set())
    rows = [{k: v for k, v in row.items() if k not in unused} for row in rows]
    for row in rows:
        r, c = grid.cells[row["code"]]
        row["row"], row["col"] = r, c
    shown_height = height or max(180, min(520, round(TYPICAL_WIDTH * grid.rows / max(grid.cols, 1))))
    # Square cells centred in the plot, whatever its width: positions in pixels (scale=None).
    cell = f"min(width / {grid.cols}, height / {grid.rows})"
    left = f"(width - {grid.cols} * {cell}) / 2"
    top = "0"  # tiles start under the title; the legend sits below them
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(
            px=f"{left} + (datum.col + 0.5) * {cell}",
            py=f"{top} + (datum.row + 0.5) * {cell}",
        )
        .encode(
            x=alt.X("px:Q", scale=None, axis=None),
            y=alt.Y("py:Q", scale=None, axis=None),
            tooltip=_tooltip(metric_label, lang),
        )
    )
    stroke, stroke_width = _stroke()
    squares = (
        base.mark_square(
            size=alt.ExprRef(f"pow({cell} * 0.93, 2)"),
            opacity=1,
            filled=True,
            cursor="pointer",
            **charts.mark_options(len(rows)),
        )
        .encode(color=_colour(scale), stroke=stroke, strokeWidth=stroke_width)
        .add_params(_selection())
    )
    ink = alt.when("datum.dark").then(alt.value(PALE_INK)).otherwise(alt.value(INK))
    layers: list[alt.Chart] = [squares]
    size = f"clamp({cell} * 0.135, 8, 15)"  # "Giang Biên" fits a tile in the wider fonts of the PDF too
    if named:
        name_style: dict[str, Any] = {"fontSize": alt.ExprRef(size), "fontWeight": "bold", "baseline": "bottom"}
        name_style["limit"] = alt.ExprRef(f"{cell} * 0.9")
        low = base.mark_text(dy=alt.ExprRef(f"-{cell} * 0.02"), **name_style)
        top_line = base.mark_text(dy=alt.ExprRef(f"-{cell} * 0.02 - {size} * 1.15"), **name_style)
        layers += [
            low.encode(text=alt.Text("name_low:N"), color=ink),
            top_line.encode(text=alt.Text("name_top:N"), color=ink),
        ]
    if valued:
        value_size = f"clamp({cell} * 0.2, 8, 22)" if named else size
        values = base.mark_text(
            fontSize=alt.ExprRef(value_size),
            baseline="top" if named else "middle",
            dy=alt.ExprRef(f"{cell} * 0.06") if named else 0,
        ).encode(text=alt.Text("value_text:N"), color=ink)
        layers.append(values)
    chart = charts.stack(*layers)
    # No frame around the grid (a view property, so callers may still ``configure`` the chart).
    return chart.properties(
        width="container",
        height=shown_height,
        title=_title(metric_label, lang),
        autosize=FIT_WIDTH,
        view=alt.ViewBackground(stroke=None),
        **charts.chart_options(len(rows)),
    )


# --- the polygons (boundary GeoJSON) ----------------------------------------------------


def _choropleth(
    rows: list[dict[str, Any]],
    matched: dict[str, dict[str, Any]],
    scale: tuple[list[str], list[str]],
    metric_label: str,
    lang: str,
    height: int,
) -> alt.LayerChart:
    by_code = {row["code"]: row for row in rows}
    features, labels = [], []
    keep = ("code", "name", "tip_name", "value", "value_text", "grade", "shade", "selected", "dark")
    for code, feature in matched.items():
        props = {k: by_code[code][k] for k in keep}
        features.append({"type": "Feature", "geometry": geo.rewind(feature["geometry"]), "properties": props})
        lon, lat = geo.label_point(feature["geometry"])
        labels.append({**props, "lon": lon, "lat": lat, "label": f"{props['name']}\n{props['value_text']}"})
    shapes = alt.Data(
        values={"type": "FeatureCollection", "features": features}, format=alt.DataFormat(property="features")
    )
    stroke, stroke_width = _stroke()
    polygons = (
        alt.Chart(shapes)
        .transform_calculate(**{k: f"datum.properties.{k}" for k in keep})
        .mark_geoshape(cursor="pointer", **charts.mark_options(len(features)))
        .encode(
            color=_colour(scale),
            stroke=stroke,
            strokeWidth=stroke_width,
            tooltip=_tooltip(metric_label, lang),
        )
        .add_params(_selection())
    )
    layers: list[alt.Chart] = [polygons]
    if len(labels) <= MAX_NAMED_TILES:
        layers += _labels(pd.DataFrame(labels))
    chart = charts.stack(*layers).project("mercator")
    title = _title(metric_label, lang)
    return chart.properties(
        width="container", height=height, title=title, autosize=FIT_WIDTH, **charts.chart_options(len(features))
    )


def _labels(frame: pd.DataFrame) -> Sequence[alt.Chart]:
    """Ward names with their values: a white halo under dark text, legible over any shade."""
    encode = {"longitude": alt.Longitude("lon:Q"), "latitude": alt.Latitude("lat:Q"), "text": alt.Text("label:N")}
    style: dict[str, Any] = {"fontSize": FONT_SIZE - 1, "fontWeight": "bold", "lineBreak": "\n"}
    base = alt.Chart(frame)
    halo = base.mark_text(stroke="white", strokeWidth=3, strokeOpacity=0.9, **style)
    return [halo.encode(**encode), base.mark_text(color=INK, **style).encode(**encode)]
