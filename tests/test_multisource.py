"""Several district sources in one plan: isolation, merging, district figures, the city map."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pytest
import yaml

from services.core import config, text
from services.core.errors import ConfigError
from services.figures import metrics
from services.ingest import google as sheets
from services.ingest import multisource
from services.ingest.google import client
from services.ingest.local import files
from services.ingest.raw import RawWorkbook, Source
from services.ingest.raw import table as raw_table
from services.ingest.reading import reader
from services.render import maps
from testkit import citywide, fake_sheets, messy

SCHEMA = config.load_schema()
AS_OF = dt.date(2016, 1, 25)


@pytest.fixture(scope="module")
def city() -> tuple[config.Plan, list[citywide.District], list[messy.Sheet]]:
    plan, districts = citywide.build_plan()
    return plan, districts, messy.generate(plan, districts, 1200, seed=21)


def _write_config(folder: Path, rows: list[dict[str, Any]]) -> Path:
    path = folder / "districts.yaml"
    path.write_text(yaml.safe_dump({"districts": rows}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def two_districts(tmp_path: Path, city: tuple) -> tuple[Path, list[messy.Sheet]]:
    """Ba Đình as a workbook, Hoàn Kiếm as a CSV folder (paths relative to the config)."""
    _, districts, sheets_ = city
    messy.write_xlsx(sheets_[0], tmp_path / "ba-dinh.xlsx")
    messy.write_csv(sheets_[1], tmp_path / "hoan-kiem")
    rows = [
        {"name": "Ba Đình", "source": "ba-dinh.xlsx", "wards": list(districts[0].ward_codes)},
        {"name": "Hoàn Kiếm", "source": "hoan-kiem", "wards": list(districts[1].ward_codes)},
    ]
    return _write_config(tmp_path, rows), sheets_[:2]


def _separate(plan: config.Plan, sheet: messy.Sheet) -> reader.Dataset:
    values = messy.sheets_values(sheet)
    raw = RawWorkbook({t: raw_table(t, rows) for t, rows in values.items()}, label=sheet.district)
    return reader.read(raw, plan, SCHEMA)


def test_merged_figures_are_the_sum_of_each_district(city: tuple, two_districts: tuple) -> None:
    plan = city[0]
    path, parts = two_districts
    result = multisource.CitySource.from_file(path, plan).read(plan, SCHEMA)
    assert [s.state for s in result.statuses] == ["ok", "ok"]
    merged = metrics.summary(plan, result.data, AS_OF)
    alone = [metrics.summary(plan, _separate(plan, sheet), AS_OF) for sheet in parts]
    for key in ["read", "valid", "errors", "warnings", "after_as_of"]:
        assert merged["rows"][key] == sum(s["rows"][key] for s in alone), key
    for code, ward in merged["wards"].items():
        assert ward["activities"] == sum(s["wards"][code]["activities"] for s in alone)
        assert ward["participants"] == sum(s["wards"][code]["participants"] for s in alone)
    for key in ["activities", "participants"]:
        assert merged["district_wide"][key] == sum(s["district_wide"][key] for s in alone)
    for form, n in merged["forms"].items():
        assert n == sum(s["forms"][form] for s in alone)
    for code, theme in merged["themes"].items():
        assert theme["activities"] == sum(s["themes"][code]["activities"] for s in alone)
    assert len(merged["problems"]) == sum(len(s["problems"]) for s in alone) > 0
    assert merged["rows"]["read"] > 50


def test_problems_name_the_district_s_sheet(city: tuple, two_districts: tuple) -> None:
    plan = city[0]
    path, _ = two_districts
    result = multisource.CitySource.from_file(path, plan).read(plan, SCHEMA)
    sheets_named = {p.sheet for p in result.data.problems}
    assert sheets_named <= {"Ba Đình / Hoạt động", "Ba Đình / Báo cáo", "Hoàn Kiếm / Hoạt động", "Hoàn Kiếm / Báo cáo"}
    assert {"Ba Đình / Hoạt động", "Hoàn Kiếm / Hoạt động"} <= sheets_named


@pytest.mark.parametrize("broken", ["missing", "corrupt", "empty folder"])
def test_a_broken_district_degrades_only_itself(tmp_path: Path, city: tuple, broken: str) -> None:
    plan, _, sheets_ = city
    messy.write_xlsx(sheets_[0], tmp_path / "ba-dinh.xlsx")
    if broken == "corrupt":
        (tmp_path / "hoan-kiem.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    source = {"missing": "hoan-kiem.xlsx", "corrupt": "hoan-kiem.xlsx", "empty folder": "empty"}[broken]
    (tmp_path / "empty").mkdir()
    path = _write_config(
        tmp_path, [{"name": "Ba Đình", "source": "ba-dinh.xlsx"}, {"name": "Hoàn Kiếm", "source": source}]
    )
    result = multisource.CitySource.from_file(path, plan).read(plan, SCHEMA)
    ok, bad = result.statuses
    assert ok.state == "ok" and ok.read == result.data.read > 0
    assert result.data.valid == _separate(plan, sheets_[0]).valid
    if broken == "empty folder":
        # A readable source without the tab is not a failure of the source: the reader says what is missing.
        assert bad.state == "ok"
        assert any(p.sheet == "Hoàn Kiếm / Hoạt động" and p.code == "missing_tab" for p in result.data.problems)
        return
    assert bad.state == "failed" and "Hoàn Kiếm" in (bad.message or "")
    assert [s.name for s in result.degraded] == ["Hoàn Kiếm"]
    assert "Hoàn Kiếm" not in result.parts


def test_a_district_that_breaks_later_keeps_its_last_data_marked_stale(tmp_path: Path, city: tuple) -> None:
    plan, _, sheets_ = city
    for index, name in enumerate(["a", "b"]):
        messy.write_xlsx(sheets_[index], tmp_path / f"{name}.xlsx")
    path = _write_config(tmp_path, [{"name": "Ba Đình", "source": "a.xlsx"}, {"name": "Hoàn Kiếm", "source": "b.xlsx"}])
    city_source = multisource.CitySource.from_file(path, plan)
    before = city_source.read(plan, SCHEMA)
    (tmp_path / "b.xlsx").write_bytes(b"garbage")
    after = city_source.read(plan, SCHEMA)
    assert [s.state for s in after.statuses] == ["ok", "stale"]
    assert "Hoàn Kiếm" in (after.statuses[1].message or "")
    assert after.data.valid == before.data.valid


def test_unchanged_sources_are_not_read_again(tmp_path: Path, city: tuple) -> None:
    plan, _, sheets_ = city
    messy.write_xlsx(sheets_[0], tmp_path / "a.xlsx")
    reads: list[str] = []

    class Counting(files.XlsxSource):
        def read(self) -> RawWorkbook:
            reads.append(self.label)
            return super().read()

    cfg = multisource.load_districts(_write_config(tmp_path, [{"name": "Ba Đình", "source": "a.xlsx"}]))
    city_source = multisource.CitySource(cfg, base=tmp_path, opener=Counting)
    first = city_source.read(plan, SCHEMA)
    second = city_source.read(plan, SCHEMA)
    assert reads == ["a.xlsx"] and second is first  # the same object: pages' caches stay warm
    city_source.read(plan, SCHEMA, force=True)
    assert reads == ["a.xlsx", "a.xlsx"]
    city_source.request_refresh()  # the refresh button: the next read fetches again, once
    refreshed = city_source.read(plan, SCHEMA)
    assert reads == ["a.xlsx", "a.xlsx", "a.xlsx"] and refreshed is not first
    assert city_source.read(plan, SCHEMA) is refreshed and len(reads) == 3


def test_a_source_read_again_with_the_same_cells_is_not_parsed_again(
    tmp_path: Path, city: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, _, sheets_ = city
    path = messy.write_xlsx(sheets_[0], tmp_path / "a.xlsx")
    parsed: list[int] = []
    real_read = reader.read

    def counting(raw: RawWorkbook, *args: Any) -> reader.Dataset:
        parsed.append(1)
        return real_read(raw, *args)

    monkeypatch.setattr(reader, "read", counting)
    cfg = multisource.load_districts(_write_config(tmp_path, [{"name": "Ba Đình", "source": "a.xlsx"}]))
    city_source = multisource.CitySource(cfg, base=tmp_path)
    first = city_source.read(plan, SCHEMA)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # saved again, same cells
    again = city_source.read(plan, SCHEMA)
    assert len(parsed) == 1 and again is not first
    assert again.parts["Ba Đình"].activities is first.parts["Ba Đình"].activities
    messy.write_xlsx(sheets_[1], path)  # other cells: parsed again
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2 * 10**9))
    changed = city_source.read(plan, SCHEMA)
    assert len(parsed) == 2 and changed.data.read == _separate(plan, sheets_[1]).read


def test_district_tallies_count_each_district_s_own_rows(city: tuple, two_districts: tuple) -> None:
    plan, districts, _ = city
    path, parts = two_districts
    cfg = multisource.load_districts(path, plan)
    result = multisource.CitySource.from_file(path, plan).read(plan, SCHEMA)
    counted = metrics.counted(result.data.activities, AS_OF)
    tallies = multisource.district_tallies(result, cfg, plan, counted)
    assert [t.name for t in tallies] == ["Ba Đình", "Hoàn Kiếm"]
    for tally, sheet in zip(tallies, parts, strict=True):
        alone = metrics.counted(_separate(plan, sheet).activities, AS_OF)
        assert tally.activities == len(alone)
        assert tally.participants == sum(a.participants or 0 for a in alone)
        assert tally.wards_reached == len({c for a in alone for c in a.wards})
    assert tallies[0].wards_total == len(districts[0].ward_codes)
    assert tallies[0].lat is not None and 20.5 < tallies[0].lat < 21.6
    # Sidebar filters narrow the figures: tallies follow the activities they are given.
    only = [a for a in counted if a.form == "sinh_hoat"]
    assert sum(t.activities for t in multisource.district_tallies(result, cfg, plan, only)) == len(only)
    assert multisource.ward_districts(cfg)[districts[1].ward_codes[0]] == "Hoàn Kiếm"


@pytest.mark.parametrize(
    ("districts", "problem"),
    [
        ([{"name": "A", "source": "a.xlsx", "sheet": "x"}], "districts[0].sheet: khóa không được phép"),
        ([{"name": "A", "source": "a.xlsx"}, {"name": "a", "source": "b.xlsx"}], "'a' bị trùng"),
        ([{"name": "A", "source": "a.xlsx", "wards": ["00001"]}, {"name": "B", "source": "b", "wards": ["00001"]}],
         "'00001' thuộc cả 'A' và 'B'"),
        ([{"name": "A", "source": "a.xlsx", "wards": ["99999"]}], "mã phường '99999' không có trong kế hoạch"),
        ([], "districts: danh sách không được rỗng"),
        ([{"name": "A"}], "districts[0].source: thiếu khóa bắt buộc"),
    ],
)  # fmt: skip
def test_a_bad_districts_file_names_the_key_and_problem(
    tmp_path: Path, city: tuple, districts: list[dict[str, Any]], problem: str
) -> None:
    path = _write_config(tmp_path, districts)
    with pytest.raises(ConfigError) as err:
        multisource.load_districts(path, city[0])
    assert str(path) in str(err.value) and problem in str(err.value)


def test_the_city_map_draws_580_wards(city: tuple) -> None:
    import vl_convert

    plan = city[0]
    values = {w.code: float(i % 7) for i, w in enumerate(plan.wards)}
    spec = maps.ward_map(plan, values, "Số hoạt động").to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    groups = [g.split("</g>", 1)[0] for g in svg.split('class="mark-symbol role-mark')[1:]]
    assert sorted(g.count("<path") for g in groups)[-1] == 580  # one symbol per ward (plus the frame's corners)


# ---------------------------------------------------------------- 30 district sheets on the fake Sheets server


class _Fake(fake_sheets.FakeSheets):
    """The fake, with sheets that answer 500 to everything, forever."""

    broken: ClassVar[set[str]] = set()

    def metadata(self, key: str, query: dict[str, list[str]]) -> dict[str, Any]:
        if key in self.broken:
            raise fake_sheets._ApiError(500, "Internal error")
        return super().metadata(key, query)

    def values(self, key: str, text: str) -> dict[str, Any]:
        if key in self.broken:
            raise fake_sheets._ApiError(500, "Internal error")
        return super().values(key, text)


class _Sheet(sheets.GoogleSheetSource):
    def version(self) -> str:
        return "fixed"  # a refresh is the button (force=True), never the clock


def _sheet_key(index: int) -> str:
    return f"district{index:02d}" + "k" * 30


@pytest.fixture
def thirty_sheets(tmp_path: Path, city: tuple, monkeypatch: pytest.MonkeyPatch):
    plan, districts, _ = city
    monkeypatch.setattr(client, "_sleep", lambda seconds: None)
    data = messy.generate(plan, districts, 1500, seed=30)
    with _Fake() as fake:
        fake.broken = {_sheet_key(7)}
        for index, sheet in enumerate(data):
            fake.add_book(_sheet_key(index), title=f"Hoạt động {sheet.district}")
            for title, rows in messy.sheets_values(sheet).items():
                fake.add_tab(_sheet_key(index), title, rows)
        rows = [{"name": d.name, "source": _sheet_key(i), "wards": list(d.ward_codes)} for i, d in enumerate(districts)]
        cfg = multisource.load_districts(_write_config(tmp_path, rows), plan)
        settings = config.Settings(cache_dir=str(tmp_path / "cache"), open_mode=True)

        def opener(spec: str) -> Source:
            return _Sheet(spec, connection=fake.connection(tries=3), settings=settings, snapshot_dir=tmp_path / "snap")

        yield fake, multisource.CitySource(cfg, base=tmp_path, opener=opener), data


def _requests_per_sheet(fake: fake_sheets.FakeSheets, kind: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for call_kind, _, path in fake.calls:
        if call_kind == kind:
            key = path.split("/v4/spreadsheets/", 1)[1].split("/", 1)[0].split("?", 1)[0]
            out[key] = out.get(key, 0) + 1
    return out


def test_thirty_sheets_one_request_each_per_refresh_whatever_the_viewers(city: tuple, thirty_sheets: tuple) -> None:
    plan = city[0]
    fake, city_source, _ = thirty_sheets
    healthy = {_sheet_key(i) for i in range(30)} - fake.broken
    results: list[multisource.CityData] = []
    viewers = [threading.Thread(target=lambda: results.append(city_source.read(plan, SCHEMA))) for _ in range(6)]
    for viewer in viewers:
        viewer.start()
    for viewer in viewers:
        viewer.join()
    assert len(results) == 6
    gets = _requests_per_sheet(fake, "batchGet")
    assert {k: v for k, v in gets.items() if k in healthy} == dict.fromkeys(healthy, 1)
    assert gets.get(_sheet_key(7), 0) == 0  # its metadata request already failed, with bounded retries
    assert _requests_per_sheet(fake, "metadata")[_sheet_key(7)] == 3  # 3 tries, shared by the 6 viewers
    fake.reset_counts()
    city_source.read(plan, SCHEMA, force=True)  # the refresh button
    assert _requests_per_sheet(fake, "batchGet") == dict.fromkeys(healthy, 1)
    assert _requests_per_sheet(fake, "metadata") == {_sheet_key(7): 3}  # tabs are known: only data is fetched


def test_one_sheet_failing_forever_leaves_the_other_29_read(city: tuple, thirty_sheets: tuple) -> None:
    plan, districts, _ = city
    _, city_source, data = thirty_sheets
    result = city_source.read(plan, SCHEMA)
    failed = [s for s in result.statuses if s.state != "ok"]
    assert [s.name for s in failed] == [districts[7].name]
    assert districts[7].name in (failed[0].message or "") and "500" in (failed[0].message or "")
    expected = sum(len([r for r in sheet.activities if any(c is not None for c in r)]) for sheet in data)
    expected -= len([r for r in data[7].activities if any(c is not None for c in r)])
    assert result.data.read == expected
    assert len(result.parts) == 29


# ---------------------------------------------------------------- the dashboard over several districts


DEMO_DAY = dt.date(2016, 1, 15)


@pytest.fixture
def city_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app over two districts: Long Biên (the demo workbook) and Gia Lâm (a file that is not there)."""
    from streamlit.testing.v1 import AppTest

    demo = config.resolve(config.load_settings().demo_source)
    long_bien = [w.code for w in config.load_plan().wards]
    rows = [
        {"name": "Long Biên", "source": str(demo), "wards": long_bien},
        {"name": "Gia Lâm", "source": "gia-lam.xlsx"},
    ]
    settings = config.load_settings().model_copy(update={"districts": str(_write_config(tmp_path, rows))})
    monkeypatch.setattr(config, "load_settings", lambda path=None: settings)

    def open_page(page: str) -> AppTest:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
        at.session_state["_kept_as_of"] = DEMO_DAY
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    plan = config.load_plan()
    yield open_page, plan, reader.read(files.XlsxSource(demo).read(), plan, SCHEMA)


def test_the_dashboard_reads_every_district_and_names_the_broken_one(city_app: tuple) -> None:
    from services.core import strings

    open_page, _, alone = city_app
    at = open_page("pages/overview.py")
    banners = [w.value for w in at.warning]
    assert any("Gia Lâm" in b and text.md_escape("gia-lam.xlsx") in b for b in banners), banners  # escaped
    shown = {m.label: m.value for m in at.metric}
    assert shown[strings.t("kpi_activities")] == str(len(metrics.counted(alone.activities, DEMO_DAY)))


def test_the_map_switches_to_one_symbol_per_district(city_app: tuple) -> None:
    from services.core import strings

    open_page, _, alone = city_app
    at = open_page("pages/map.py")
    at.radio(key="city_level").set_value("district").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    counted = metrics.counted(alone.activities, DEMO_DAY)
    rows = {r[strings.t("city_col_district")]: r for r in table.to_dict("records")}
    assert rows["Long Biên"][strings.t("city_col_activities")] == len(counted)
    assert rows["Long Biên"][strings.t("city_col_participants")] == sum(a.participants or 0 for a in counted)
    reached = len({c for a in counted for c in a.wards})
    assert rows["Long Biên"][strings.t("city_col_wards")] == f"{reached}/14"
    assert rows["Gia Lâm"][strings.t("city_col_state")] == strings.t("city_state_failed")
    assert rows["Gia Lâm"][strings.t("city_col_activities")] == 0
    (chart,) = at.get("vega_lite_chart")  # the district map: one symbol per district with a position
    names = {
        row.get("name") for d in chart.proto.datasets for row in pa.ipc.open_stream(d.data.data).read_all().to_pylist()
    }
    assert {"Long Biên"} <= names and "Gia Lâm" not in names  # Gia Lâm lists no wards: no position
    at.radio(key="city_level").set_value("ward").run()  # back to wards: the ward map and matrix
    assert not at.exception and len(at.get("vega_lite_chart")) >= 2
    at.radio(key="map_metric").set_value("themes").run()  # themes are counted per ward only
    at.radio(key="city_level").set_value("district").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="map_metric").value == "activities" and "themes" not in at.radio(key="map_metric").options


def test_district_points_sit_at_their_wards_centroid(city: tuple) -> None:
    plan, districts, _ = city
    cfg = multisource.DistrictsConfig(
        districts=[multisource.District(name=d.name, source=f"{i}.xlsx", wards=list(d.ward_codes)) for i, d in
                   enumerate(districts)]
    )  # fmt: skip
    points = multisource.district_plan(plan, cfg)
    assert points is not None and len(points.wards) == 30
    assert multisource.district_plan(plan, cfg) is points  # built once per plan and file
    first = [w for w in plan.wards if w.code in districts[0].ward_codes]
    assert points.wards[0].lat == pytest.approx(sum(w.lat for w in first) / len(first))
    spec = maps.ward_map(points, dict.fromkeys((w.code for w in points.wards), 1.0), "Số hoạt động").to_dict()
    assert any(len(rows) == 30 for rows in spec["datasets"].values())


def test_the_example_districts_file_is_valid() -> None:
    cfg = multisource.load_districts(config.CONFIG_DIR / "districts.example.yaml", config.load_plan())
    assert [d.name for d in cfg.districts] == ["Long Biên"] and len(cfg.districts[0].wards) == 14
