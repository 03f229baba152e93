"""The ward map (services.render.maps) and its shade classes (mapping.grades), drawn for real with vl-convert."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core import strings
from services.core.config import Plan
from services.figures import coverage, metrics
from services.figures.mapping import grades, tiles
from services.ingest.reading.reader import Dataset
from services.render import chart_specs, charts, maps
from tests.test_charts import layers, mark_type, only, rows_of

GEOJSON = Path(__file__).resolve().parent / "fixtures" / "wards_small.geojson"
BOARD_DAY = dt.date(2016, 1, 24)


# --- classes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([0, 0], []),  # zero is no data, never a class
        ([3], [(3, 3)]),
        ([1, 2, 2, 0], [(1, 1), (2, 2)]),  # few distinct values: one class each
        # the demo's wards at 24/01/2016: the three weakest share the palest class
        (
            [15, 17, 21, 22, 20, 20, 31, 21, 20, 22, 26, 25, 25, 17],
            [(15, 17), (20, 20), (21, 22), (25, 25), (26, 31)],
        ),
        ([1] * 10 + [50], [(1, 1), (50, 50)]),  # ties are never split
        (list(range(1, 101)), [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]),
    ],
)
def test_quantile_classes(values: list[float], expected: list[tuple[float, float]]) -> None:
    found = grades.grades(values)
    assert [(g.low, g.high) for g in found] == expected
    assert [g.index for g in found] == list(range(len(expected)))


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=200))
def test_every_positive_value_has_exactly_one_class_in_order(values: list[int]) -> None:
    found = grades.grades(values)
    assert len(found) <= grades.MAX_CLASSES
    assert all(a.high < b.low for a, b in itertools.pairwise(found))
    for value in values:
        holding = [g for g in found if g.contains(value)]
        assert len(holding) == (1 if value > 0 else 0)
        assert grades.grade_of(value, found) == (holding[0] if holding else None)
    for a in values:
        for b in values[:20]:
            if 0 < a < b:
                assert grades.grade_of(a, found).index <= grades.grade_of(b, found).index


@pytest.mark.parametrize(("count", "shades"), [(1, [2]), (2, [0, 4]), (3, [0, 2, 4]), (5, [0, 1, 2, 3, 4])])
def test_shades_spread_from_pale_to_dark(count: int, shades: list[int]) -> None:
    assert [grades.shade_index(grades.Grade(i, i, i), count) for i in range(count)] == shades


# --- the tile map ------------------------------------------------------------------------


def board_values(plan: Plan, demo: Dataset) -> dict[str, float]:
    counted = metrics.counted(demo.activities, BOARD_DAY)
    return {c: float(t.activities) for c, t in metrics.ward_coverage(plan, counted).items()}


def colour_scale(spec: dict[str, Any]) -> dict[str, str]:
    scale = only(spec, "square" if any(mark_type(x) == "square" for x in layers(spec)) else "geoshape")
    colour = scale["encoding"]["color"]["scale"]
    return dict(zip(colour["domain"], colour["range"], strict=True))


def test_one_tile_per_ward_where_the_layout_puts_it(plan: Plan) -> None:
    spec = maps.ward_map(plan, {"00115": 12, "00139": 3}, "Số hoạt động").to_dict()
    rows = rows_of(spec, only(spec, "square"))
    grid = tiles.layout([tiles.Point(w.code, w.lat, w.lon) for w in plan.wards])
    assert {r["code"]: (r["row"], r["col"]) for r in rows} == grid.cells
    assert [r["name"] for r in rows] == [w.name for w in plan.wards]
    texts = [x for x in layers(spec) if mark_type(x) == "text"]
    assert {x["encoding"]["text"]["field"] for x in texts} == {"name_low", "name_top", "value_text"}


def test_zero_is_its_own_grey_class_named_in_the_legend(plan: Plan) -> None:
    spec = maps.ward_map(plan, {"00115": 12, "00139": 3}, "x", no_data_label="Chưa có hoạt động").to_dict()
    colours = colour_scale(spec)
    assert list(colours) == ["3", "12", "Chưa có hoạt động"]
    assert colours["Chưa có hoạt động"] == maps.NO_DATA
    assert colours["3"] == maps.SHADES[0] and colours["12"] == maps.SHADES[-1]
    rows = rows_of(spec, only(spec, "square"))
    assert {r["grade"] for r in rows if r["value"] == 0} == {"Chưa có hoạt động"}


def test_the_map_uses_no_red_or_orange(plan: Plan) -> None:
    """Red and orange mean a problem elsewhere in the dashboard; the map's shades are blue and grey."""
    for hex_colour in [*maps.SHADES, maps.NO_DATA]:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert r <= b and not (r > g + 40), hex_colour


def test_a_click_selects_a_ward_by_its_code(plan: Plan) -> None:
    spec = maps.ward_map(plan, {}, "x", selected="00139").to_dict()
    params = spec["params"]
    assert [p["name"] for p in params] == [maps.SELECTION]
    assert params[0]["select"]["fields"] == ["code"] and params[0]["select"]["on"] == "click"
    rows = rows_of(spec, only(spec, "square"))
    assert [r["code"] for r in rows if r["selected"]] == ["00139"]


def test_tooltips_say_when_a_ward_point_is_approximate(plan: Plan) -> None:
    spec = maps.ward_map(plan, {}, "x").to_dict()
    rows = {r["code"]: r for r in rows_of(spec, only(spec, "square"))}
    note = strings.t("chart_approximate_note")
    assert rows["00142"]["tip_name"] == f"Sài Đồng ({note})"  # SPEC §2: Sài Đồng's point is approximate
    assert rows["00139"]["tip_name"] == "Bồ Đề"
    fields = [t["field"] for t in only(spec, "square")["encoding"]["tooltip"]]
    assert fields == ["tip_name", "value_text", "grade"]


def test_hostile_names_stay_data(plan: Plan) -> None:
    hostile = plan.model_copy(update={"wards": [plan.wards[0].model_copy(update={"name": "<b>x</b>"})]})
    spec = maps.ward_map(hostile, {"00115": 1234}, "Số người").to_dict()
    row = rows_of(spec, only(spec, "square"))[0]
    assert row["tip_name"] == "<b>x</b>" and row["value_text"] == "1.234"


def _symbols(svg: str) -> list[tuple[float, float, str]]:
    """The rendered squares: (x, y, fill) of each ward's symbol."""
    found = []
    for path in re.findall(r'<path[^>]*aria-roledescription="square"[^>]*>', svg):
        x, y = map(float, re.search(r"translate\(([-\d.]+),([-\d.]+)\)", path).groups())
        found.append((x, y, re.search(r'fill="([^"]+)"', path)[1]))
    return found


def test_on_the_demo_at_24_01_the_three_weakest_wards_are_the_palest(plan: Plan, demo_data: Dataset) -> None:
    """Rendered for real: 14 squares that do not overlap; the palest shade marks exactly the three weakest."""
    vl_convert = pytest.importorskip("vl_convert")
    values = board_values(plan, demo_data)
    chart = maps.ward_map(plan, values, "Số hoạt động").properties(width=600)
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    squares = _symbols(svg)
    assert len(squares) == len(plan.wards)
    side = min(abs(a[0] - b[0]) + abs(a[1] - b[1]) for i, a in enumerate(squares) for b in squares[i + 1 :])
    assert side > 40  # tiles at least a cell apart: no two wards overlap
    weakest = sorted(values.values())[:3]
    palest = [s for s in squares if s[2] == maps.SHADES[0]]
    assert len(palest) == 3 and max(weakest) < min(v for v in values.values() if v not in weakest)
    assert sum(s[2] == maps.NO_DATA for s in squares) == sum(v == 0 for v in values.values())
    for name in ("Ngọc Thụy", "Cự Khối", "Long Biên"):  # names inside the tiles
        assert f">{name}<" in svg


def test_a_citywide_map_names_wards_only_in_tooltips() -> None:
    from testkit import citywide

    city, _ = citywide.build_plan()
    spec = maps.ward_map(city, {w.code: float(i % 9) for i, w in enumerate(city.wards)}, "x").to_dict()
    assert [mark_type(x) for x in layers(spec)] == ["square"]
    rows = rows_of(spec, only(spec, "square"))
    assert len(rows) == 580
    # What the browser gets is what it draws or shows: no name lines or ink for text it does not draw.
    assert set(rows[0]) == {"code", "value", "value_text", "grade", "shade", "selected", "tip_name", "row", "col"}
    assert spec["usermeta"] == charts.CANVAS and only(spec, "square")["mark"]["aria"] is False


@pytest.mark.parametrize(("wards", "fields"), [(14, {"name", "name_top", "name_low", "dark"}), (100, {"dark"})])
def test_a_district_map_keeps_its_svg_and_the_fields_of_its_texts(wards: int, fields: set[str]) -> None:
    from testkit import citywide

    city, _ = citywide.build_plan()
    city = city.model_copy(update={"wards": city.wards[:wards]})
    spec = maps.ward_map(city, {w.code: 1.0 for w in city.wards}, "x").to_dict()
    assert "usermeta" not in spec and "aria" not in only(spec, "square")["mark"]
    assert fields <= set(rows_of(spec, only(spec, "square"))[0])


# --- the polygons ----------------------------------------------------------------------------


def test_polygons_get_the_same_graded_shades(plan: Plan) -> None:
    geojson = json.loads(GEOJSON.read_text(encoding="utf-8"))
    spec = maps.ward_map(plan, {"00139": 5, "00145": 9, "00115": 1}, "x", geojson=geojson, selected="00145")
    spec = spec.to_dict()
    colours = colour_scale(spec)
    assert colours[strings.t("chart_no_data")] == maps.NO_DATA
    shapes = {f["properties"]["code"]: f["properties"] for f in rows_of(spec, only(spec, "geoshape"))}
    assert {c for c, p in shapes.items() if p["grade"] == strings.t("chart_no_data")} == {"00133", "00130"}
    assert shapes["00145"]["selected"] and spec["params"][0]["name"] == maps.SELECTION


def test_polygons_render_inside_the_frame_with_no_data_fill(plan: Plan) -> None:
    vl_convert = pytest.importorskip("vl_convert")
    geojson = json.loads(GEOJSON.read_text(encoding="utf-8"))
    chart = maps.ward_map(plan, {"00139": 5, "00145": 9}, "x", geojson=geojson).properties(width=600)
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    shapes = re.findall(r'<path[^>]*aria-roledescription="geoshape"[^>]*>', svg)
    assert len(shapes) == 4
    for path in shapes:
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", re.search(r' d="([^"]+)"', path)[1])]
        xs, ys = numbers[0::2], numbers[1::2]
        assert max(xs) - min(xs) < 600 * 0.8 and max(ys) - min(ys) < 420 * 0.8, "a ring wound the wrong way"
    assert sum(f'fill="{maps.NO_DATA}"' in p for p in shapes) == 2


def test_unmatched_boundaries_fall_back_to_the_tiles(plan: Plan) -> None:
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    feature = {
        "type": "Feature",
        "properties": {"ten": "Xã Khác"},
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    spec = maps.ward_map(plan, {}, "x", geojson={"type": "FeatureCollection", "features": [feature]}).to_dict()
    assert len(rows_of(spec, only(spec, "square"))) == len(plan.wards)


def test_the_cached_spec_is_the_chart(plan: Plan) -> None:
    values = {"00115": 3.0}
    made = maps.ward_map(plan, values, "x", selected="00115", no_data_label="y").to_dict()
    assert chart_specs.ward_map(plan, values, "x", selected="00115", no_data_label="y") == made


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], {}),
        ([{"date": "05/01/2016", "ward": "Bồ Đề", "form": "Pano", "themes": "ND1.1; ND1.2"}], {"00139": 2}),
        # a theme outside its phase does not count; the same theme twice counts once
        (
            [
                {"date": "05/01/2016", "ward": "Bồ Đề", "form": "Pano", "themes": "ND1.1"},
                {"date": "06/01/2016", "ward": "Bồ Đề; Cự Khối", "form": "Pano", "themes": "ND1.1; ND2.1"},
            ],
            {"00139": 1, "00154": 1},
        ),
    ],
)
def test_themes_by_ward(plan: Plan, read_rows: Any, rows: list[dict[str, str]], expected: dict[str, int]) -> None:
    data = read_rows(rows)
    found = coverage.themes_by_ward(plan, data.activities)
    assert found == {w.code: expected.get(w.code, 0) for w in plan.wards}
