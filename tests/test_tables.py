"""The tables pages show agree with services.figures.metrics and with hand-worked figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core import strings, text
from services.core.config import Plan
from services.figures import filters, metrics, quality, reporting, tables
from services.ingest.reading import reader
from tests.conftest import SCHEMA, build_workbook
from tests.fixtures import acceptance

DAYS = [dt.date(2015, 12, 28), dt.date(2016, 1, 15), dt.date(2016, 1, 25), dt.date(2016, 2, 4), dt.date(2016, 2, 10)]


@pytest.fixture(scope="module")
def data(plan: Plan) -> reader.Dataset:
    return reader.read(acceptance.workbook(), plan, SCHEMA)


def col(key: str, lang: str = "vi") -> str:
    return strings.t(key, lang)


# --- activities ---------------------------------------------------------------


def test_activities_table_has_one_row_per_activity_newest_first(plan: Plan, data: reader.Dataset) -> None:
    df = tables.activities_table(plan, data.activities)
    assert len(df) == data.valid == 12
    assert list(df[col("tbl_row")])[:2] == [17, 18]  # 02/02 then 01/02
    assert df[col("tbl_date")].is_monotonic_decreasing
    assert pd.api.types.is_datetime64_any_dtype(df[col("tbl_date")])


@pytest.mark.parametrize(
    ("row", "unit", "wards", "form", "themes", "participants"),
    [
        (2, "Ban Tuyên giáo Quận ủy", "Toàn quận", "Hội nghị báo cáo viên, tuyên truyền viên", "ND1.1, ND1.2", 350),
        (4, "Phòng Văn hóa - Thông tin", "Bồ Đề; Gia Thụy", "Cổ động trực quan", "ND1.1, PB", None),
        (9, "Hội Nông dân quận", "Phúc Lợi", "Văn hóa - nghệ thuật", "ND1.5", 1200),
        (18, "Ban Dân vận Quận ủy", "Toàn quận; Đức Giang", "Nắm bắt, định hướng dư luận xã hội", "ND3.4", None),
        (20, "Đơn vị khác", "Ngọc Thụy", "Cổ động trực quan", "", None),
    ],
)
def test_activities_table_shows_rows_in_words(
    plan: Plan, data: reader.Dataset, row: int, unit: str, wards: str, form: str, themes: str, participants: int | None
) -> None:
    df = tables.activities_table(plan, data.activities).set_index(col("tbl_row"))
    line = df.loc[row]
    assert (line[col("tbl_unit")], line[col("tbl_wards")], line[col("tbl_form")]) == (unit, wards, form)
    assert line[col("tbl_themes")] == themes
    got = line[col("tbl_participants")]
    assert (None if pd.isna(got) else int(got)) == participants


@pytest.mark.parametrize(
    ("evidence", "link", "text"),
    [
        ("https://longbien.gov.vn/tin/1", "https://longbien.gov.vn/tin/1", ""),
        ("HTTP://x.vn/a", "HTTP://x.vn/a", ""),
        ("javascript:alert(1)", None, "javascript:alert(1)"),
        ("Ảnh lưu tại phường", None, "Ảnh lưu tại phường"),
        ("", None, ""),
    ],
)
def test_only_http_links_become_links(
    plan: Plan, data: reader.Dataset, evidence: str, link: str | None, text: str
) -> None:
    activity = replace(data.activities[0], evidence=evidence)
    line = tables.activities_table(plan, [activity]).iloc[0]
    assert line[col("tbl_evidence_link")] == link
    assert line[col("tbl_evidence")] == text


def test_english_column_names(plan: Plan, data: reader.Dataset) -> None:
    df = tables.activities_table(plan, data.activities, "en")
    assert {"Date", "Unit", "Wards", "Form", "Participants"} <= set(df.columns)


# --- themes -------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS)
def test_theme_rows_match_metrics(plan: Plan, data: reader.Dataset, day: dt.date) -> None:
    counted = metrics.counted(data.activities, day)
    expected = metrics.theme_status(plan, counted, day)
    df = tables.theme_rows(plan, counted, day).set_index(col("tbl_code"))
    assert list(df.index) == [t.code for t in plan.themes]
    for code, status in expected.items():
        assert df.loc[code, col("tbl_activities")] == status.activities
    lines = {x.code: x for x in tables.theme_lines(plan, counted, day)}
    for code, status in expected.items():
        assert (lines[code].state == tables.COVERED) == status.covered
        assert (lines[code].state == tables.OVERDUE) == status.overdue
        assert len(tables.theme_activities(plan, counted, code)) == status.activities


@pytest.mark.parametrize(
    ("day", "code", "state", "text"),
    [
        (dt.date(2016, 1, 15), "ND1.1", "covered", "Đã có"),
        (dt.date(2016, 1, 15), "ND1.4", "uncovered", "Chưa có · còn 4 ngày"),
        (dt.date(2016, 1, 15), "ND2.2", "uncovered", "Chưa đến giai đoạn"),
        (dt.date(2016, 1, 20), "ND1.4", "overdue", "Quá hạn"),
        (dt.date(2016, 1, 20), "ND2.1", "uncovered", "Chưa có · còn 8 ngày"),
        (dt.date(2016, 1, 25), "ND2.1", "covered", "Đã có"),
        (dt.date(2016, 2, 5), "ND3.3", "overdue", "Quá hạn"),
    ],
)
def test_theme_states_by_hand(plan: Plan, data: reader.Dataset, day: dt.date, code: str, state: str, text: str) -> None:
    # ND1.4 only appears on error rows; ND2.1 on row 10 is dated in `truoc` and does not count.
    line = next(x for x in tables.theme_lines(plan, metrics.counted(data.activities, day), day) if x.code == code)
    assert (line.state, line.state_text()) == (state, text)


@pytest.mark.parametrize("day", DAYS)
def test_phase_coverage_adds_up(plan: Plan, data: reader.Dataset, day: dt.date) -> None:
    counted = metrics.counted(data.activities, day)
    statuses = metrics.theme_status(plan, counted, day)
    coverage = tables.phase_coverage(plan, counted, day)
    assert [c.key for c in coverage] == ["truoc", "trong", "sau", "all"]
    assert sum(c.total for c in coverage) == len(plan.themes)
    assert sum(c.covered for c in coverage) == sum(s.covered for s in statuses.values())
    assert sum(c.overdue for c in coverage) == sum(s.overdue for s in statuses.values())


# --- units --------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS)
def test_unit_rows_match_metrics(plan: Plan, data: reader.Dataset, day: dt.date) -> None:
    counted = metrics.counted(data.activities, day)
    df = tables.unit_rows(plan, counted, data.reports, day)
    assert df[col("tbl_activities")].sum() == len(counted)  # every counted activity is under one unit
    assert df[col("tbl_participants")].sum() == sum(a.participants or 0 for a in counted)
    by_unit = df.set_index(col("tbl_unit"))
    for unit, report in metrics.report_status(plan, data.reports, day).items():
        assert by_unit.loc[unit, col("tbl_report")] == strings.t(f"report_{report.status}")
    rate = reporting.completeness(plan, data.reports, day)
    assert rate.expected == len(plan.expected_reporters) == rate.on_time + rate.late + rate.pending + rate.missing


@pytest.mark.parametrize(
    ("day", "on_time", "late", "pending", "missing"),
    [
        (dt.date(2016, 1, 15), 0, 0, 14, 0),
        (dt.date(2016, 2, 4), 2, 0, 12, 0),  # Bồ Đề (01/02) and Long Biên (04/02)
        (dt.date(2016, 2, 10), 2, 1, 0, 11),  # Ngọc Lâm late on 06/02
    ],
)
def test_reporting_rate_by_hand(
    plan: Plan, data: reader.Dataset, day: dt.date, on_time: int, late: int, pending: int, missing: int
) -> None:
    rate = reporting.completeness(plan, data.reports, day)
    assert (rate.on_time, rate.late, rate.pending, rate.missing) == (on_time, late, pending, missing)
    assert rate.submitted == on_time + late


def test_unit_rows_detail(plan: Plan, data: reader.Dataset) -> None:
    day = dt.date(2016, 2, 10)
    df = tables.unit_rows(plan, metrics.counted(data.activities, day), data.reports, day).set_index(col("tbl_unit"))
    youth = df.loc["Quận đoàn"]
    assert youth[col("tbl_activities")] == 1  # row 10 (rows 11 and 16 are errors)
    assert youth[col("tbl_last_activity")] == pd.Timestamp(2016, 1, 15)
    assert youth[col("tbl_forms_used")] == "Thể dục - thể thao"
    assert youth[col("tbl_report")] == strings.t("report_not_expected")  # it reported but is not expected to
    assert df.loc["Đảng ủy phường Bồ Đề", col("tbl_submitted")] == pd.Timestamp(2016, 2, 1)  # earliest counts
    others = df[df[col("tbl_group")] == strings.t("other_unit")]
    assert dict(zip(others.index, others[col("tbl_activities")], strict=True)) == {
        "(không ghi đơn vị)": 1,
        "Hội Nông dân quận": 1,
    }


def test_unit_rows_limited_to_groups(plan: Plan, data: reader.Dataset) -> None:
    day = dt.date(2016, 2, 10)
    counted = metrics.counted(data.activities, day)
    wards_only = tables.unit_rows(plan, counted, data.reports, day, groups=["co_so_dang"])
    assert len(wards_only) == 14
    others = tables.unit_rows(plan, counted, data.reports, day, groups=[filters.OTHER])
    assert set(others[col("tbl_group")]) == {strings.t("other_unit")}


# --- problems -----------------------------------------------------------------


def test_problem_rows_list_every_problem_with_suggestion(plan: Plan, data: reader.Dataset) -> None:
    df = quality.problem_rows(data, data.problems)
    assert len(df) == len(data.problems)
    assert col("tbl_open") not in df.columns  # a local workbook has no sheet links
    near_miss = df[(df[col("tbl_row")] == 11) & (df[col("tbl_column")] == "Phường")].iloc[0]
    assert near_miss[col("tbl_suggestion")] == "Bồ Đề"
    assert near_miss[col("tbl_severity")] == "Lỗi"
    assert "Bo Dde" in near_miss[col("tbl_message")]


def test_problem_counts_add_up(data: reader.Dataset) -> None:
    errors = sum(p.severity == "error" for p in data.problems)
    for by in ("kind", "column"):
        df = quality.problem_counts(data.problems, by)
        assert df[col("tbl_errors")].sum() == errors
        assert df[col("tbl_warnings")].sum() == len(data.problems) - errors
    by_column = quality.problem_counts(data.problems, "column").set_index([col("tbl_sheet"), col("tbl_column")])
    assert by_column.loc[("Báo cáo", "Ngày nộp"), col("tbl_errors")] == 1


def test_problem_counts_empty() -> None:
    assert quality.problem_counts([], "kind").empty


@pytest.mark.parametrize(
    ("sheets", "severities", "columns"),
    [((), (), ()), (("Báo cáo",), (), ()), ((), ("warning",), ()), (("Hoạt động",), ("error",), ("Ngày",))],
)
def test_filter_problems(data: reader.Dataset, sheets: tuple, severities: tuple, columns: tuple) -> None:
    kept = quality.filter_problems(data.problems, sheets, severities, columns)
    expected = [
        p
        for p in data.problems
        if (not sheets or p.sheet in sheets)
        and (not severities or p.severity in severities)
        and (not columns or p.column in columns)
    ]
    assert kept == expected and kept


@pytest.mark.parametrize(
    ("url", "gids", "sheet", "row", "expected"),
    [
        ("https://docs.google.com/spreadsheets/d/K/edit", {"Hoạt động": 0, "Báo cáo": 77}, "Báo cáo", 5,
         "https://docs.google.com/spreadsheets/d/K/edit#gid=77&range=A5"),
        ("https://docs.google.com/spreadsheets/d/K/edit#gid=0", {"hoat dong": 12}, "Hoạt động", 9,
         "https://docs.google.com/spreadsheets/d/K/edit#gid=12&range=A9"),
        ("https://docs.google.com/spreadsheets/d/K/edit", {"Báo cáo": 77}, "Hoạt động", 9, None),
    ],
)  # fmt: skip
def test_sheet_links_open_the_row(url: str, gids: dict, sheet: str, row: int, expected: str | None) -> None:
    data = reader.Dataset([], [], [], 0, 0, kind="google", url=url, gids=gids)
    assert quality.sheet_link(data, sheet, row) == expected


def test_problem_rows_link_column_for_google_sheets(data: reader.Dataset) -> None:
    sheet = replace(data, kind="google", url="https://docs.google.com/spreadsheets/d/K/edit", gids={"Hoạt động": 3})
    df = quality.problem_rows(sheet, sheet.problems)
    first = sheet.problems[0]
    assert df.iloc[0][col("tbl_open")] == f"https://docs.google.com/spreadsheets/d/K/edit#gid=3&range=A{first.row}"


# --- filters and search -------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "rows"),
    [
        ({"phases": ["sau"]}, [15, 17, 18]),
        ({"wards": ["00139"]}, [3, 4]),
        ({"wards": [filters.DISTRICT]}, [2, 12, 18]),
        ({"forms": ["co_dong_truc_quan"]}, [4, 20]),
        ({"units": [filters.OTHER]}, [9, 20]),
        ({"units": ["Quận đoàn"], "phases": ["truoc"]}, [10]),
        ({}, [2, 3, 4, 7, 9, 10, 12, 13, 15, 17, 18, 20]),
    ],
)
def test_by_fields(plan: Plan, data: reader.Dataset, kw: dict, rows: list[int]) -> None:
    assert sorted(a.row for a in filters.by_fields(plan, data.activities, **kw)) == rows


@pytest.mark.parametrize(
    ("groups", "forms", "rows"),
    [
        (["co_so_dang"], [], [3, 7, 13, 17]),
        ([filters.OTHER], [], [9, 20]),
        ([], ["ban_tin"], [15]),
        (["mttq_doan_the"], ["the_thao"], [10]),
    ],
)
def test_by_sidebar(plan: Plan, data: reader.Dataset, groups: list, forms: list, rows: list[int]) -> None:
    assert sorted(a.row for a in filters.by_sidebar(plan, data.activities, groups, forms)) == rows


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("bo de", [3, 4]),
        ("BỒ ĐỀ", [3, 4]),
        ("hn bcv", [2]),
        ("hội nông", [9]),
        ("gia thuy; bo de", [4]),
        ("gia thuy bo de", []),  # a phrase, not loose words
        ("chi bo", []),
        ("không có", []),
        ("  ", None),
    ],
)
def test_search_ignores_case_and_diacritics(plan: Plan, data: reader.Dataset, query: str, rows: list | None) -> None:
    found = filters.search(plan, data.activities, query, universe=data.activities)
    assert sorted(a.row for a in found) == (rows if rows is not None else sorted(a.row for a in data.activities))


@settings(max_examples=60, deadline=None)
@given(query=st.text(max_size=12), more=st.text(max_size=6))
def test_search_narrows_as_words_are_added(plan: Plan, data: reader.Dataset, query: str, more: str) -> None:
    found = filters.search(plan, data.activities, query, universe=data.activities)
    narrower = filters.search(plan, data.activities, f"{query} {more}", universe=data.activities)
    assert set(narrower) <= set(found) <= set(data.activities)
    assert filters.search(plan, data.activities, query.upper(), universe=data.activities) == filters.search(
        plan, data.activities, query.upper().lower(), universe=data.activities
    )


def test_format_int() -> None:
    assert (text.format_int(1234567), text.format_int(1234567, "en"), text.format_int(12)) == (
        "1.234.567",
        "1,234,567",
        "12",
    )


def test_problem_counts_keep_notices_apart_from_warnings(plan: Plan) -> None:
    """A probable duplicate is a notice: counted in its own column, never among the contract's warnings."""
    row = ["X1", "05/01/2016", "Quận đoàn", "Bồ Đề", "Sinh hoạt", "ND1.1", "Họp", "10", "", "", "", ""]
    data = reader.read(build_workbook([row, ["X2", *row[1:]]]), plan, SCHEMA)
    df = quality.problem_counts(data.problems, "kind")
    assert (df[col("tbl_notices")].sum(), df[col("tbl_warnings")].sum(), df[col("tbl_errors")].sum()) == (1, 0, 0)
    assert col("tbl_notices") not in quality.problem_counts([], "kind").columns
