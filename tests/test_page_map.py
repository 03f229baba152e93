"""The ward map page (AppTest): map, matrix, district-wide figures and one ward's activities."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from services.core import config, strings, text
from services.core.config import Plan
from services.core.errors import ConfigError
from services.figures import coverage, metrics
from services.ingest import loader
from services.ingest.reading.reader import Activity, Dataset
from tests.conftest import run_page

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "tests" / "fixtures" / "wards_small.geojson"
DEMO_DAY = dt.date(2016, 1, 15)


def open_map(day: dt.date | None = None) -> AppTest:
    at = run_page("pages/map.py", as_of=day)
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(loader.default_source(), plan, loader.load_config()[1])


def vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def expected(plan: Plan, shown: list[Activity], ward: str) -> dict[str, str]:
    """The page's figures for ``shown`` activities and the selected ``ward``, from services.figures.metrics."""
    tallies = metrics.ward_coverage(plan, shown)
    wide = metrics.district_wide(shown)
    forms = {a.form for a in shown if ward in a.wards}
    return {
        strings.t("map_wards_reached"): f"{sum(1 for t in tallies.values() if t.activities)}/{len(plan.wards)}",
        strings.t("map_district", wide="toàn quận"): vi_int(wide.activities),
        strings.t("map_district_people", wide="toàn quận"): vi_int(wide.participants),
        strings.t("map_ward_activities"): vi_int(tallies[ward].activities),
        strings.t("map_ward_participants"): vi_int(tallies[ward].participants),
        strings.t("map_ward_forms"): f"{len(forms)}/{len(plan.forms)}",
    }


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Each chart's Vega-Lite spec, with the datasets Streamlit sends apart (as Arrow) put back."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["datasets"] = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.proto.datasets
        }
        specs.append(spec)
    return specs


def map_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-ward rows of the map (tiles or shapes), whatever the map kind."""
    rows = [row for data in spec["datasets"].values() for row in data if "grade" in row]
    if rows:
        return rows
    features = [f for layer in spec["layer"] for f in (layer.get("data", {}).get("values") or {}).get("features", [])]
    return [f["properties"] for f in features]


def test_demo_figures_equal_metrics(plan: Plan, demo: Dataset) -> None:
    at = open_map()
    assert at.title[0].value == strings.t("page_map")
    first = plan.wards[0].code
    assert shown_metrics(at) == expected(plan, metrics.counted(demo.activities, DEMO_DAY), first)
    specs = chart_specs(at)
    assert len(specs) == 2  # the map and the ward x form matrix
    counted = metrics.counted(demo.activities, DEMO_DAY)
    values = {r["code"]: r["value"] for r in map_rows(specs[0])}
    assert values == {c: float(t.activities) for c, t in metrics.ward_coverage(plan, counted).items()}
    table = at.dataframe[0].value
    assert len(table) == metrics.ward_coverage(plan, counted)[first].activities


@pytest.mark.parametrize("day", [dt.date(2016, 1, 3), dt.date(2016, 1, 27)])
def test_as_of_date_changes_the_figures(plan: Plan, demo: Dataset, day: dt.date) -> None:
    at = open_map(day)
    first = plan.wards[0].code
    figures = shown_metrics(at)
    assert figures == expected(plan, metrics.counted(demo.activities, day), first)
    assert figures != expected(plan, metrics.counted(demo.activities, DEMO_DAY), first)


def test_current_phase_only_and_another_ward(plan: Plan, demo: Dataset) -> None:
    day = dt.date(2016, 1, 25)
    at = open_map(day)
    at.radio(key="map_scope").set_value("phase").run()
    at.selectbox(key="map_ward").set_value("00139").run()
    assert not at.exception
    trong = plan.phase("trong")
    in_phase = [a for a in metrics.counted(demo.activities, day) if trong.contains(a.date)]
    assert shown_metrics(at) == expected(plan, in_phase, "00139")
    assert len(at.dataframe[0].value) == metrics.ward_coverage(plan, in_phase)["00139"].activities


def test_metric_selector_changes_the_map(plan: Plan, demo: Dataset) -> None:
    at = open_map()
    at.radio(key="map_metric").set_value("participants").run()
    counted = metrics.counted(demo.activities, DEMO_DAY)
    values = {r["code"]: r["value"] for r in map_rows(chart_specs(at)[0])}
    assert values == {c: float(t.participants) for c, t in metrics.ward_coverage(plan, counted).items()}
    at.radio(key="map_metric").set_value("forms").run()
    values = {r["code"]: r["value"] for r in map_rows(chart_specs(at)[0])}
    assert values == coverage.ward_values(plan, counted, "forms")
    assert values["00115"] == len({a.form for a in counted if "00115" in a.wards})


def test_drill_down_dates_and_evidence_links(plan: Plan, demo: Dataset) -> None:
    at = open_map()
    table = at.dataframe[0].value
    assert str(table[strings.t("tbl_date")].dtype).startswith("datetime64")
    links = [v for v in table[strings.t("tbl_evidence_link")] if isinstance(v, str)]
    assert links and all(v.startswith(("http://", "https://")) for v in links)
    config = at.dataframe[0].proto.columns
    assert "DD/MM/YYYY" in config


def test_boundary_geojson_draws_a_choropleth(plan: Plan, demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage, "load_geojson", lambda plan: json.loads(GEOJSON.read_text(encoding="utf-8")))
    at = open_map()
    spec = chart_specs(at)[0]
    assert any("geoshape" in json.dumps(layer.get("mark")) for layer in spec["layer"])
    assert {r["code"] for r in map_rows(spec)} == {"00139", "00133", "00130", "00145"}
    assert any("Thượng Thanh" in c.value for c in at.caption)  # wards the file does not draw are named


def test_broken_geojson_falls_back_to_the_tile_map(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(plan: Plan) -> None:
        raise ConfigError("wards.geojson: không đọc được")

    monkeypatch.setattr(coverage, "load_geojson", broken)
    at = open_map()
    shown = text.md_escape("wards.geojson: không đọc được")  # file names are escaped, paths hidden
    assert [w.value for w in at.main.warning] == [strings.t("map_geojson_error", error=shown)]
    assert len(map_rows(chart_specs(at)[0])) == 14


def test_empty_workbook_is_a_friendly_empty_state(
    plan: Plan, empty_workbook: Path, use_source: Callable[[Path], None]
) -> None:
    use_source(empty_workbook)
    at = open_map(DEMO_DAY)
    assert not at.error
    assert shown_metrics(at) == expected(plan, [], plan.wards[0].code)
    infos = [i.value for i in at.info]
    assert strings.t("map_empty", date="15/01/2016") in infos
    assert strings.t("map_ward_empty", ward=plan.wards[0].name) in infos
    rows = map_rows(chart_specs(at)[0])
    assert len(rows) == len(plan.wards) and {r["grade"] for r in rows} == {strings.t("map_no_data_activities")}


def test_board_day_map_is_graded_with_a_legend_and_follows_the_chosen_ward(plan: Plan, demo: Dataset) -> None:
    """At 24/01/2016: shades by class, a legend of the classes, the chosen ward outlined on the map."""
    day = dt.date(2016, 1, 24)
    at = open_map(day)
    counted = metrics.counted(demo.activities, day)
    activities = {c: t.activities for c, t in metrics.ward_coverage(plan, counted).items()}
    rows = {r["code"]: r for r in map_rows(chart_specs(at)[0])}
    assert {c: r["value"] for c, r in rows.items()} == {c: float(n) for c, n in activities.items()}
    weakest = sorted(activities, key=activities.__getitem__)[:3]
    palest = {c for c, r in rows.items() if r["shade"] == 0}
    assert palest == set(weakest)
    assert [c for c, r in rows.items() if r["selected"]] == [plan.wards[0].code]
    at.selectbox(key="map_ward").set_value("00133").run()
    rows = {r["code"]: r for r in map_rows(chart_specs(at)[0])}
    assert [c for c, r in rows.items() if r["selected"]] == ["00133"]
    assert shown_metrics(at)[strings.t("map_ward_activities")] == vi_int(activities["00133"])
    assert strings.t("map_click_hint") in [c.value for c in at.caption]


def test_themes_metric_counts_the_themes_each_ward_has_an_activity_for(plan: Plan, demo: Dataset) -> None:
    day = dt.date(2016, 1, 24)
    at = open_map(day)
    at.radio(key="map_metric").set_value("themes").run()
    assert not at.exception
    counted = metrics.counted(demo.activities, day)
    values = {r["code"]: r["value"] for r in map_rows(chart_specs(at)[0])}
    spans = {t.code: plan.theme_span(t) for t in plan.themes}
    for ward in plan.wards:  # recounted here from the activities: listed themes, dated inside the theme's phase
        themes = {c for a in counted if ward.code in a.wards for c in a.themes if spans[c].contains(a.date)}
        assert values[ward.code] == float(len(themes)), ward.name
    assert 0 < max(values.values()) <= len(plan.themes)
    assert values == coverage.ward_values(plan, counted, "themes")


# --- the ward × form matrix at city scale: the wards lagging most -------------


@pytest.mark.parametrize(
    ("forms", "activities", "limit", "wanted"),
    [
        ({"a": 2, "b": 1, "c": 3}, {"a": 5, "b": 9, "c": 1}, 5, ["a", "b", "c"]),  # all fit: plan order
        ({"a": 2, "b": 1, "c": 3}, {"a": 5, "b": 9, "c": 1}, 2, ["b", "a"]),  # fewest forms first
        ({"a": 1, "b": 1, "c": 0}, {"a": 5, "b": 2, "c": 7}, 2, ["c", "b"]),  # then fewest activities
        ({"a": 0, "b": 0, "c": 0}, {"a": 0, "b": 0, "c": 0}, 2, ["a", "b"]),  # ties keep plan order
    ],
)
def test_matrix_wards_are_all_or_the_lagging_ones(
    forms: dict[str, int], activities: dict[str, int], limit: int, wanted: list[str]
) -> None:
    from types import SimpleNamespace

    plan: Any = SimpleNamespace(wards=[SimpleNamespace(code=c) for c in "abc"])
    figures = coverage.WardFigures(
        {c: metrics.Tally(activities=n) for c, n in activities.items()},
        {c: {f"f{i}": 1 for i in range(n)} for c, n in forms.items()},
        metrics.Tally(),
    )
    assert coverage.matrix_wards(plan, figures, limit) == wanted


def test_a_city_map_page_shows_the_lagging_wards_matrix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_source: Callable[[str | Path], None]
) -> None:
    """580 wards: the matrix lists the 30 with the fewest forms, worst first, and says so; the map keeps all."""
    from services.core.config import paths
    from testkit import citywide, messy

    plan_path, districts = citywide.write_plan(tmp_path / "city.yaml")
    city = config.load_plan(plan_path)
    source = messy.write_xlsx(messy.merged(messy.generate(city, districts, 3000, seed=3)), tmp_path / "city.xlsx")
    monkeypatch.setenv(paths.PLAN_ENV, str(plan_path))
    use_source(source)
    day = dt.date(2016, 1, 25)
    at = open_map(day)
    data = loader.read_dataset(source, city, loader.load_config()[1])
    figures = coverage.ward_figures(city, metrics.counted(data.activities, day))
    wanted = coverage.matrix_wards(city, figures)
    assert len(wanted) == coverage.MATRIX_MAX_WARDS < len(city.wards)
    matrix = next(s for s in chart_specs(at) if "layer" in s and s["layer"][0]["mark"]["type"] == "rect")
    assert matrix["layer"][0]["encoding"]["y"]["scale"]["domain"] == [city.ward_names[c] for c in wanted]
    forms_used = figures.values("forms")
    assert [forms_used[c] for c in wanted] == sorted(forms_used[c] for c in wanted)
    assert max(forms_used[c] for c in wanted) <= min(v for c, v in forms_used.items() if c not in wanted)
    note = strings.t("map_matrix_lagging", n=30, total=text.format_int(len(city.wards)))
    assert note in [c.value for c in at.caption]
    assert len(map_rows(next(s for s in chart_specs(at) if s is not matrix))) == len(city.wards)


def test_a_district_map_page_shows_every_ward_in_the_matrix(plan: Plan) -> None:
    at = open_map(DEMO_DAY)
    matrix = next(s for s in chart_specs(at) if "layer" in s and s["layer"][0]["mark"]["type"] == "rect")
    assert matrix["layer"][0]["encoding"]["y"]["scale"]["domain"] == [w.name for w in plan.wards]
    assert not [c for c in at.caption if "ít hình thức nhất" in c.value]
