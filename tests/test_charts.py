"""Chart specs (services.render.charts): the map, the ward × form matrix and the timeline."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core import config, strings
from services.core.config import MapSettings, Plan
from services.core.errors import ConfigError
from services.figures import coverage
from services.figures.mapping import geo
from services.ingest.reading.reader import Dataset
from services.render import chart_specs, charts, maps

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GEOJSON = FIXTURES / "wards_small.geojson"
MATCHED = {"00139", "00133", "00130", "00145"}  # the four wards the synthetic file draws


@pytest.fixture(scope="module")
def geojson() -> dict[str, Any]:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def layers(spec: dict[str, Any], data: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every leaf layer of a (possibly nested) layered spec, with the data it inherits."""
    data = spec.get("data", data)
    if "layer" in spec:
        for child in spec["layer"]:
            yield from layers(child, data)
    else:
        yield {**spec, "data": data}


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rows_of(spec: dict[str, Any], layer: dict[str, Any]) -> Any:
    """A layer's rows: a named dataset, inline values, or a FeatureCollection's features."""
    data = layer["data"]
    values = spec["datasets"][data["name"]] if "name" in data else data["values"]
    prop = (data.get("format") or {}).get("property")
    return values[prop] if prop else values


def only(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    found = [layer for layer in layers(spec) if mark_type(layer) == kind]
    assert len(found) == 1, f"{len(found)} {kind} layers"
    return found[0]


# --- the ward map: tests/test_maps.py (services.render.maps); boundary matching here ----------------


# --- the choropleth (boundary GeoJSON) --------------------------------------------------


def ring_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def test_fixture_uses_rfc7946_winding(geojson: dict[str, Any]) -> None:
    """The synthetic file is standard GeoJSON: outer rings counter-clockwise, holes clockwise."""
    for feature in geojson["features"]:
        for polygon in polygons(feature["geometry"]):
            assert ring_area(polygon[0]) > 0
            assert all(ring_area(hole) < 0 for hole in polygon[1:])


@pytest.mark.parametrize("ward_property", ["ten", "ma_phuong", None])
def test_choropleth_matches_features_by_name_or_code(plan: Plan, geojson: dict[str, Any], ward_property: str) -> None:
    spec = maps.ward_map(plan, {"00139": 5, "00145": 9}, "Số hoạt động", geojson=geojson, ward_property=ward_property)
    spec = spec.to_dict()
    shapes = rows_of(spec, only(spec, "geoshape"))
    assert {f["properties"]["code"] for f in shapes} == MATCHED  # one shape per matched ward
    names = {f["properties"]["code"]: f["properties"]["name"] for f in shapes}
    assert names["00139"] == "Bồ Đề" and names["00130"] == "Gia Thụy"


def test_codes_stored_as_numbers_still_match(plan: Plan) -> None:
    square = [[[105.87, 21.03], [105.88, 21.03], [105.88, 21.04], [105.87, 21.04], [105.87, 21.03]]]
    feature = {"type": "Feature", "properties": {"ma": 139}, "geometry": {"type": "Polygon", "coordinates": square}}
    assert set(geo.match_features(plan, {"type": "FeatureCollection", "features": [feature]})) == {"00139"}


def test_choropleth_rings_are_rewound_clockwise(plan: Plan, geojson: dict[str, Any]) -> None:
    spec = maps.ward_map(plan, {}, "x", geojson=geojson).to_dict()
    for feature in rows_of(spec, only(spec, "geoshape")):
        for polygon in polygons(feature["geometry"]):
            assert ring_area(polygon[0]) < 0, feature["properties"]["name"]
            assert all(ring_area(hole) > 0 for hole in polygon[1:])
    assert spec["projection"]["type"] == "mercator"


@pytest.mark.parametrize(
    ("ring", "outer"),
    [
        ([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], True),  # counter-clockwise outer ring
        ([[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]], True),  # already clockwise
    ],
)
def test_rewind_makes_outer_rings_clockwise(ring: list[list[float]], outer: bool) -> None:
    hole = [[0.2, 0.2], [0.2, 0.4], [0.4, 0.4], [0.4, 0.2], [0.2, 0.2]]
    out = geo.rewind({"type": "Polygon", "coordinates": [ring, hole]})
    assert ring_area(out["coordinates"][0]) < 0
    assert ring_area(out["coordinates"][1]) > 0


@given(
    st.lists(
        st.tuples(st.floats(-170, 170), st.floats(-80, 80)),
        min_size=3,
        max_size=8,
    ).filter(lambda pts: abs(ring_area([*map(list, pts), list(pts[0])])) > 1e-6)
)
def test_rewind_keeps_the_points_and_fixes_the_orientation(points: list[tuple[float, float]]) -> None:
    ring = [list(p) for p in points] + [list(points[0])]
    out = geo.rewind({"type": "MultiPolygon", "coordinates": [[ring]]})["coordinates"][0][0]
    assert sorted(map(tuple, out)) == sorted(map(tuple, ring))
    assert ring_area(out) < 0


def test_load_geojson_from_the_plan_config(plan: Plan, tmp_path: Path) -> None:
    assert coverage.load_geojson(plan) is None
    with_map = plan.model_copy(update={"map": MapSettings(geojson=GEOJSON.name, ward_property="ma_phuong")})
    assert len(coverage.load_geojson(with_map, base=FIXTURES)["features"]) == 5
    (tmp_path / "bad.geojson").write_text("{not json", encoding="utf-8")
    for name in ("missing.geojson", "bad.geojson"):
        broken = plan.model_copy(update={"map": MapSettings(geojson=name)})
        with pytest.raises(ConfigError, match=name):
            coverage.load_geojson(broken, base=tmp_path)


# --- the ward x form matrix ---------------------------------------------------------------


def test_heatmap_counts_every_ward_and_form(plan: Plan, read_rows: Callable[..., Dataset]) -> None:
    data = read_rows(
        [
            {"date": "05/01/2016", "ward": "Bồ Đề; Cự Khối", "form": "Băng rôn"},
            {"date": "06/01/2016", "ward": "Bồ Đề", "form": "Pano"},
            {"date": "06/01/2016", "ward": "Toàn quận", "form": "Văn nghệ"},
        ]
    )
    frame = charts.heatmap_frame(plan, data.activities)
    assert len(frame) == len(plan.wards) * len(plan.forms)
    count = {(r.code, r.form_key): r.count for r in frame.itertuples()}
    assert count[("00139", "co_dong_truc_quan")] == 2
    assert count[("00154", "co_dong_truc_quan")] == 1
    assert sum(count.values()) == 3  # the district-wide row is not a ward's
    spec = charts.ward_form_heatmap(plan, data.activities).to_dict()
    rect = only(spec, "rect")
    assert rect["encoding"]["color"]["value"] == charts.NO_DATA  # empty cells: the ward lacks that form


def _axis_labels(svg: str) -> list[tuple[float, float, str]]:
    """Every axis label of a rendered chart: (x, y, text)."""
    groups = re.findall(r'role-axis-label"[^>]*>(.*?)</g>', svg)
    pattern = r"translate\(([-\d.]+),([-\d.]+)\)[^>]*>([^<]*)</text>"
    return [(float(x), float(y), t) for group in groups for x, y, t in re.findall(pattern, group)]


def test_heatmap_lists_wards_and_forms_in_plan_order(plan: Plan) -> None:
    """Drawn for real: wards top to bottom and forms left to right in the plan's order, whatever the counts."""
    vl_convert = pytest.importorskip("vl_convert")
    counts = coverage.forms_by_ward(plan, [])
    counts[plan.wards[-1].code][plan.forms[-1].key] = 9  # the last ward and form have the most: order stays
    spec = charts.heatmap_from_counts(plan, counts).properties(width=600).to_dict()
    labels = _axis_labels(vl_convert.vegalite_to_svg(spec))
    names = {w.name for w in plan.wards}
    assert [t for _, _, t in sorted((y, x, t) for x, y, t in labels if t in names)] == [w.name for w in plan.wards]
    forms = [t.rstrip("…") for _, _, t in sorted(labels) if t not in names]
    assert len(forms) == len(plan.forms)
    assert all(f.label.startswith(shown) for f, shown in zip(plan.forms, forms, strict=True))


@pytest.mark.parametrize(("wards", "canvas"), [(14, False), (580, True)])
def test_a_large_matrix_asks_for_the_canvas_and_drops_per_cell_descriptions(wards: int, canvas: bool) -> None:
    """Hundreds of cells: canvas, no ARIA description per cell; a district's matrix stays SVG."""
    from testkit import citywide

    city, _ = citywide.build_plan()
    city = city.model_copy(update={"wards": city.wards[:wards]})
    spec = charts.heatmap_from_counts(city, coverage.forms_by_ward(city, []), "vi").to_dict()
    assert (spec.get("usermeta") == charts.CANVAS) is canvas
    assert {layer["mark"].get("aria", True) for layer in spec["layer"]} == {not canvas}
    rows = spec["data"]["values"]
    assert set(rows[0]) == {"ward", "form", "count", "count_text", "ink"}  # no codes or keys the chart never uses


def test_heatmap_of_nothing_is_all_no_data(plan: Plan) -> None:
    frame = charts.heatmap_frame(plan, [])
    assert len(frame) == len(plan.wards) * len(plan.forms) and frame["count"].sum() == 0
    charts.ward_form_heatmap(plan, []).to_dict()


# --- the timeline -------------------------------------------------------------------------


def timeline_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for layer in layers(spec) for row in rows_of(spec, layer)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_timeline_has_every_phase_and_milestone(plan: Plan, lang: str) -> None:
    spec = charts.timeline(plan, dt.date(2016, 1, 15), lang).to_dict()
    rows = timeline_rows(spec)
    assert {r["key"] for r in rows if r.get("lane", "").startswith("m")} == {m.key for m in plan.milestones}
    assert {r["key"] for r in rows if r.get("lane") == "phase"} == {p.key for p in plan.phases}
    texts = {r.get("text") for r in rows}
    decoration = next(m for m in plan.milestones if m.key == "trang_tri")
    assert f"07/01 · {config.label(decoration, lang)}" in texts  # the plan's words in the page's language
    assert (lang == "vi") == ("07/01 · Hoàn thành trang trí, cổ động trực quan; bắt đầu cao điểm" in texts)
    assert any(r.get("lane") == "peak" for r in rows)
    as_of = [r for r in rows if r.get("lane") == "as_of"]
    assert as_of and as_of[0]["start"].startswith("2016-01-15")
    assert strings.t("chart_as_of", lang, date="15/01/2016") in {r.get("label") for r in rows}


def test_timeline_without_as_of_rule_far_outside_the_plan(plan: Plan, tet_plan: Plan) -> None:
    rows = timeline_rows(charts.timeline(plan, dt.date(2026, 11, 27)).to_dict())
    assert not [r for r in rows if r.get("lane") == "as_of"]
    rows = timeline_rows(charts.timeline(tet_plan, dt.date(2017, 1, 20)).to_dict())
    assert {r["key"] for r in rows if r.get("lane", "").startswith("m")} == {m.key for m in tet_plan.milestones}


def test_phase_end_is_inclusive(plan: Plan) -> None:
    rows = timeline_rows(charts.timeline(plan, dt.date(2016, 1, 15)).to_dict())
    truoc = next(r for r in rows if r.get("key") == "truoc" and r.get("lane") == "phase")
    assert truoc["start"].startswith("2015-12-29") and truoc["end"].startswith("2016-01-20")


# --- specs for pages (reused between reruns) ---------------------------------------------------


def test_specs_equal_the_charts_and_follow_their_inputs(plan: Plan, read_rows: Callable[..., Dataset]) -> None:
    day = dt.date(2016, 1, 15)
    assert chart_specs.timeline(plan, day) == charts.timeline(plan, day).to_dict()
    assert chart_specs.timeline(plan, day) == chart_specs.timeline(plan, day)
    assert chart_specs.timeline(plan, day + dt.timedelta(days=1)) != chart_specs.timeline(plan, day)
    values = {"00115": 3.0}
    assert chart_specs.ward_map(plan, values, "x") == maps.ward_map(plan, values, "x").to_dict()
    assert chart_specs.ward_map(plan, {"00115": 4.0}, "x") != chart_specs.ward_map(plan, values, "x")
    assert chart_specs.ward_map(plan, values, "x", selected="00139") != chart_specs.ward_map(plan, values, "x")
    one = read_rows([{"date": "05/01/2016", "ward": "Bồ Đề", "form": "Pano"}]).activities
    two = read_rows([{"date": "05/01/2016", "ward": "Cự Khối", "form": "Pano"}]).activities
    assert chart_specs.ward_form_heatmap(plan, one) == charts.ward_form_heatmap(plan, one).to_dict()
    assert chart_specs.ward_form_heatmap(plan, two) != chart_specs.ward_form_heatmap(plan, one)
    other = plan.model_copy(update={"wards": plan.wards[:3]})  # another plan object never reuses a spec
    spec = chart_specs.ward_map(other, values, "x")
    assert len(rows_of(spec, only(spec, "square"))) == 3


# --- small coverage helpers the pages show ---------------------------------------------------


def test_district_wide_name_follows_the_plan(plan: Plan, tet_plan: Plan) -> None:
    assert coverage.district_wide_name(plan) == "toàn quận"
    assert coverage.district_wide_name(tet_plan) == "toàn huyện"
    assert coverage.district_wide_name(plan, "en") == strings.t("district_wide", "en").lower()


@pytest.mark.parametrize(
    ("day", "phase", "phase_detail", "countdown", "countdown_detail"),
    [
        (dt.date(2015, 12, 20), "Chưa bắt đầu", "Kế hoạch bắt đầu ngày 29/12/2015", "Còn 9 ngày", "Ban hành Kế hoạch"),
        (
            dt.date(2016, 1, 15),
            "Trước Đại hội",
            "còn 4 ngày của giai đoạn",
            "Còn 5 ngày",
            "Khai mạc Đại hội XII — 20/01/2016",
        ),
        (dt.date(2016, 1, 19), "Trước Đại hội", "hôm nay là ngày cuối", "Còn 1 ngày", "20/01/2016"),
        (dt.date(2016, 1, 20), "Trong Đại hội", "20/01/2016 – 28/01/2016", "Hôm nay", "Khai mạc Đại hội XII"),
        (dt.date(2016, 2, 5), "Đã kết thúc", "29/12/2015 – 04/02/2016", "Kế hoạch đã kết thúc", "04/02/2016"),
    ],
)
def test_standing_in_words(
    plan: Plan, day: dt.date, phase: str, phase_detail: str, countdown: str, countdown_detail: str
) -> None:
    now = coverage.standing(plan, day)
    assert now.phase == phase
    assert phase_detail in now.phase_detail
    assert now.countdown == countdown
    assert countdown_detail in now.countdown_detail


def test_a_citywide_plan_gets_a_matrix_and_an_unlabelled_map() -> None:
    """580 wards: the matrix must not hit Altair's row limit and 580 labels would be noise."""
    from testkit import citywide

    city, _ = citywide.build_plan()
    matrix = charts.heatmap_from_counts(city, coverage.forms_by_ward(city, []), "vi").to_dict()
    assert len(matrix["data"]["values"]) == len(city.wards) * len(city.forms)
    spec = maps.ward_map(city, {w.code: 1.0 for w in city.wards}, "x").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["square"]  # no names, no values: tooltips
