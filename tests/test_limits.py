"""Size limits on a sheet: rows, columns and cell length are bounded, and the cut is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core import config
from services.core.errors import ConfigError
from services.figures import metrics
from services.ingest import loader
from services.ingest.google import client
from services.ingest.raw import RawTab
from services.ingest.reading import limits, reader
from tests.conftest import SCHEMA, build_workbook, save_csv_folder, save_xlsx

SMALL = limits.Limits(rows=5, columns=14, cell_chars=100)


def row(day: str = "15/01/2016", **extra: object) -> dict[str, object]:
    return {"date": day, "unit": "Đảng ủy phường Bồ Đề", "ward": "Bồ Đề", "form": "Cổ động trực quan", **extra}


def test_rows_beyond_the_limit_are_not_read_and_the_message_says_so(plan: config.Plan) -> None:
    data = reader.read(build_workbook([row(id=f"R{i}") for i in range(8)]), plan, SCHEMA, SMALL)
    assert data.read == 5 and data.valid == 5
    cut = [p for p in data.problems if p.code == "limit_rows"]
    assert len(cut) == 1
    assert (cut[0].severity, cut[0].row) == ("error", 7)  # the first row not read
    message = cut[0].message()
    assert "hơn 5 dòng" in message and "đến dòng 6" in message and "max_rows" in message


def test_blank_rows_count_towards_the_row_limit(plan: config.Plan) -> None:
    blank = [None] * 12  # as an .xlsx source yields an empty sheet row
    rows = [row(), blank, blank, blank, blank, row(), row()]
    data = reader.read(build_workbook(rows), plan, SCHEMA, SMALL)
    assert data.read == 1  # sheet rows 2-6 are read; only row 2 has data
    assert any(p.code == "limit_rows" for p in data.problems)


def test_extra_columns_are_ignored_with_a_warning(plan: config.Plan) -> None:
    wide = build_workbook([[*build_workbook([row()]).tabs["Hoạt động"].rows[0][1], *(["x"] * 20)]])
    data = reader.read(wide, plan, SCHEMA, SMALL)
    assert data.valid == 1
    cut = [p for p in data.problems if p.code == "limit_columns"]
    assert [(p.row, p.severity) for p in cut] == [(1, "warning")]
    assert "32 cột" in cut[0].message() and "giới hạn 14" in cut[0].message()


@pytest.mark.parametrize(
    ("column", "header"),
    [("title", "Tên hoạt động"), ("notes", "Ghi chú"), ("evidence", "Minh chứng")],
)
def test_long_cells_are_cut_with_a_warning_on_their_row(plan: config.Plan, column: str, header: str) -> None:
    second = row(**{"title": "Hoạt động khác", column: "<b>" + "x" * 500})  # not a probable duplicate of row 2
    data = reader.read(build_workbook([row(), second]), plan, SCHEMA, SMALL)
    assert data.valid == 2
    activity = data.activities[1]
    assert len(getattr(activity, column)) == 100 and getattr(activity, column).startswith("<b>xx")
    assert activity.warnings == 1 and data.warned == 1
    (cut,) = [p for p in data.problems if p.code == "limit_cell"]
    assert (cut.row, cut.column, cut.severity) == (3, header, "warning")
    assert "503 ký tự" in cut.message() and "100 ký tự đầu" in cut.message()


def test_summary_counts_a_cut_cell_as_a_warned_row(plan: config.Plan) -> None:
    data = reader.read(build_workbook([row(notes="y" * 101)]), plan, SCHEMA, SMALL)
    summary = metrics.summary(plan, data, plan.period.end)
    assert summary["rows"] == {"read": 1, "valid": 1, "errors": 0, "warnings": 1, "after_as_of": 0}


def test_a_tab_within_limits_is_passed_through_untouched() -> None:
    tab = RawTab("Hoạt động", ["a", "b"], [(2, ["x", 1]), (3, ["y" * 100, None])])
    bounded = limits.bound(tab, "Hoạt động", SMALL)
    assert bounded.tab is tab and bounded.cuts == [] and bounded.shortened == {}


def test_defaults_come_from_settings(plan: config.Plan) -> None:
    settings = config.load_settings()
    assert limits.Limits.from_settings(settings) == limits.Limits(
        rows=settings.max_rows, columns=settings.max_columns, cell_chars=settings.max_cell_chars
    )
    data = reader.read(build_workbook([row(notes="z" * (settings.max_cell_chars + 1))]), plan, SCHEMA)
    assert [p.code for p in data.problems] == ["limit_cell"]


@pytest.mark.parametrize(("key", "value"), [("max_rows", 0), ("max_cell_chars", 10), ("max_columns", "nhiều")])
def test_bad_limits_in_settings_are_config_errors(tmp_path: Path, key: str, value: object) -> None:
    file = tmp_path / "settings.yaml"
    file.write_text(f"{key}: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=key):
        config.load_settings(file)


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (11, "L"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index: int, letter: str) -> None:
    assert client.column_letter(index) == letter


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_local_sources_stop_reading_past_the_limit(
    plan: config.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(config, "load_settings", lambda path=None: config.Settings(max_rows=5, open_mode=True))
    raw = build_workbook([row(id=f"R{i}") for i in range(40)])
    spec = save_xlsx(raw, tmp_path / "big.xlsx") if kind == "xlsx" else save_csv_folder(raw, tmp_path / "csv")
    read = loader.open_source(spec).read()
    assert len(read.tabs["Hoạt động"].rows) == 6  # five rows and one more, never the whole tab
    data = reader.read(read, plan, SCHEMA)
    assert data.read == 5
    (cut,) = [p for p in data.problems if p.code == "limit_rows"]
    assert cut.row == 7 and "hơn 5 dòng" in cut.message()
