"""The citywide generator: deterministic for a seed, valid plans, the same data in every format."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from services.core import config, text
from services.figures import metrics
from services.ingest.local import files
from services.ingest.raw import RawWorkbook
from services.ingest.raw import table as raw_table
from services.ingest.reading import reader
from testkit import citywide, messy

SCHEMA = config.load_schema()
AS_OF = dt.date(2016, 1, 25)


@pytest.fixture(scope="module")
def city() -> tuple[config.Plan, list[citywide.District]]:
    return citywide.build_plan()


def test_same_seed_same_city_other_seed_other_city() -> None:
    first, _ = citywide.generate(seed=11)
    again, _ = citywide.generate(seed=11)
    other, _ = citywide.generate(seed=12)
    assert first == again
    assert first["wards"] != other["wards"]


def test_city_has_the_size_of_hanoi(city: tuple[config.Plan, list[citywide.District]]) -> None:
    plan, districts = city
    assert len(districts) == 30
    assert len(plan.wards) == 580
    assert 1400 <= len(plan.units) <= 1600
    assert len({text.key(w.name) for w in plan.wards}) == 580
    owners = Counter(code for d in districts for code in d.ward_codes)
    assert set(owners) == {w.code for w in plan.wards} and set(owners.values()) == {1}
    # Centroids stay around Hà Nội.
    assert all(20.5 < w.lat < 21.6 and 105.3 < w.lon < 106.4 for w in plan.wards)


def test_city_keeps_the_plan_s_themes_forms_and_phases(city: tuple[config.Plan, list[citywide.District]]) -> None:
    plan, _ = city
    base = config.load_plan()
    assert plan.themes == base.themes and plan.forms == base.forms and plan.phases == base.phases
    assert plan.milestones == base.milestones
    assert len(plan.expected_reporters) == 580


@pytest.mark.parametrize("seed", [1, 2016])
def test_written_plan_loads_like_any_plan_file(tmp_path: Path, seed: int) -> None:
    path, districts = citywide.write_plan(tmp_path / "city.yaml", seed=seed)
    loaded = config.load_plan(path)
    assert loaded == citywide.build_plan(seed)[0]
    assert [d.name for d in districts][:3] == ["Ba Đình", "Hoàn Kiếm", "Tây Hồ"]


def test_rows_are_deterministic_and_sized(city: tuple[config.Plan, list[citywide.District]]) -> None:
    plan, districts = city
    sheets = messy.generate(plan, districts, 900, seed=3)
    assert messy.generate(plan, districts, 900, seed=3) == sheets
    assert messy.generate(plan, districts, 900, seed=4) != sheets
    assert sum(len(s.activities) for s in sheets) == 900
    assert [s.district for s in sheets] == [d.name for d in districts]


def _read(raw: RawWorkbook, plan: config.Plan) -> reader.Dataset:
    return reader.read(raw, plan, SCHEMA)


def test_mess_is_realistic_and_nothing_is_dropped(city: tuple[config.Plan, list[citywide.District]]) -> None:
    plan, districts = city
    sheet = messy.merged(messy.generate(plan, districts, 3000, seed=5))
    values = messy.sheets_values(sheet)
    raw = RawWorkbook({t: raw_table(t, rows) for t, rows in values.items()}, label="city")
    data = _read(raw, plan)
    blank = sum(1 for r in sheet.activities if all(c is None for c in r))
    assert data.read == len(sheet.activities) - blank
    assert data.read == data.valid + data.errors
    assert 0.005 < data.errors / data.read < 0.08  # some errors, most rows fine
    codes = Counter(p.code for p in data.problems)
    for code in ["ward_unknown", "date_bad", "date_outside", "form_unknown", "unit_unknown", "count_bad"]:
        assert codes[code] > 0, code
    typo = next(p for p in data.problems if p.code == "ward_unknown")
    assert typo.suggestion in plan.ward_names.values()
    assert any(len(a.wards) > 1 for a in data.activities)
    assert any(a.district_wide for a in data.activities)


def test_xlsx_csv_and_sheet_values_give_the_same_summary(
    tmp_path: Path, city: tuple[config.Plan, list[citywide.District]]
) -> None:
    plan, districts = city
    sheet = messy.merged(messy.generate(plan, districts, 600, seed=9))
    xlsx = files.XlsxSource(messy.write_xlsx(sheet, tmp_path / "city.xlsx")).read()
    csv = files.CsvFolderSource(messy.write_csv(sheet, tmp_path / "csv")).read()
    values = messy.sheets_values(sheet)
    google = RawWorkbook({t: raw_table(t, rows) for t, rows in values.items()}, label="city")
    summaries = [metrics.summary(plan, _read(raw, plan), AS_OF) for raw in (xlsx, csv, google)]
    for summary in summaries:  # which source was read differs, of course (issue 10 added the key)
        summary.pop("source")
    assert summaries[0]["rows"]["read"] > 500
    assert summaries[0] == summaries[1] == summaries[2]
