"""The reader applies every rule of docs/reading-contract.md §1-§2 to raw rows from any source."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.core.config import Plan
from services.ingest.reading import reader
from tests.conftest import ACT_HEADER, ACT_KEYS, REP_HEADER, SCHEMA, build_workbook

D = dt.date
Read = Callable[..., reader.Dataset]

BASE: dict[str, Any] = {
    "date": "15/01/2016",
    "unit": "Ban Tuyên giáo Quận ủy",
    "ward": "Bồ Đề",
    "form": "Hội nghị BCV",
    "themes": "ND1.1",
    "title": "Hội nghị báo cáo viên",
    "participants": "120",
}
HEADER_OF = dict(zip(ACT_KEYS, ACT_HEADER, strict=True))


def row(**overrides: Any) -> dict[str, Any]:
    return {**BASE, **overrides}


def problems_of(data: reader.Dataset) -> set[tuple[int, str, str, str]]:
    return {(p.row, p.column, p.severity, p.code) for p in data.problems}


def one(read_rows: Read, **overrides: Any) -> tuple[reader.Activity | None, set[tuple[str, str, str]]]:
    data = read_rows([row(**overrides)])
    assert data.read == 1 and data.valid + data.errors == 1
    found = {(p.column, p.severity, p.code) for p in data.problems}
    assert all(p.row == 2 for p in data.problems)
    return (data.activities[0] if data.activities else None), found


# --- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("01/02/2016", D(2016, 2, 1)),  # 1 February, day first
        ("2/1/2016", D(2016, 1, 2)),
        ("15-01-2016", D(2016, 1, 15)),
        ("15.01.2016", D(2016, 1, 15)),
        ("2016-01-15", D(2016, 1, 15)),
        (D(2016, 1, 15), D(2016, 1, 15)),
        (dt.datetime(2016, 1, 15, 9, 30), D(2016, 1, 15)),
        (42384, D(2016, 1, 15)),
        (42384.6, D(2016, 1, 15)),
        ("42384", D(2016, 1, 15)),
        ("29/12/2015", D(2015, 12, 29)),  # first day of the period
        ("04/02/2016", D(2016, 2, 4)),  # last day of the period
    ],
)
def test_valid_dates(read_rows: Read, cell: Any, day: dt.date) -> None:
    activity, found = one(read_rows, date=cell)
    assert found == set()
    assert activity is not None and activity.date == day


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("31/02/2016", "date_impossible"),
        ("15/01/16", "date_bad"),
        ("Jan 15 2016", "date_bad"),
        ("2016/01/15", "date_bad"),
        ("", "date_empty"),
        (None, "date_empty"),
        ("28/12/2015", "date_outside"),  # the day before the period
        ("05/02/2016", "date_outside"),  # the day after the period
        ("02/01/2016 ", None),  # control: 2 January is inside
        ("12/02/2016", "date_outside"),  # 12 February: day first puts it after the period
        (42000, "date_outside"),
    ],
)
def test_date_errors(read_rows: Read, cell: Any, code: str | None) -> None:
    activity, found = one(read_rows, date=cell)
    if code is None:
        assert activity is not None and found == set()
    else:
        assert activity is None
        assert found == {("Ngày", "error", code)}


def test_date_message_is_vietnamese_and_shows_the_value(read_rows: Read) -> None:
    data = read_rows([row(date="31/02/2016"), row(date="05/02/2016")])
    assert [p.message() for p in data.problems] == [
        "Ngày '31/02/2016' không tồn tại",
        "Ngày 05/02/2016 nằm ngoài thời gian kế hoạch (29/12/2015 – 04/02/2016)",
    ]


# --- wards -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "wards", "district"),
    [
        ("Bồ Đề", ("00139",), False),
        ("bo de ; GIA THUY", ("00139", "00130"), False),
        ("Bồ Đề, Ngọc Thuỵ", ("00139", "00118"), False),
        ("Bồ \u00d0ề", ("00139",), False),
        (unicodedata.normalize("NFD", "Phường Ngọc Thụy"), ("00118",), False),
        ("P.  Bồ   Đề", ("00139",), False),
        ("P Phúc Lợi", ("00136",), False),
        ("Phúc Lợi", ("00136",), False),
        ("Long Biên", ("00145",), False),
        ("Toàn quận", (), True),
        ("Quận Long Biên", (), True),
        ("q. long bien", (), True),
        ("CẤP QUẬN", (), True),
    ],
)
def test_ward_cells(read_rows: Read, cell: str, wards: tuple[str, ...], district: bool) -> None:
    activity, found = one(read_rows, ward=cell)
    assert found == set()
    assert activity is not None and (activity.wards, activity.district_wide) == (wards, district)


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("", {"ward_empty"}),
        (None, {"ward_empty"}),
        (" ; ", {"ward_empty"}),
        ("Bo Dde", {"ward_unknown"}),
        ("Bồ Đề; Hoàn Kiếm", {"ward_unknown"}),  # one unmatched ward spoils the row: never guess
    ],
)
def test_ward_errors(read_rows: Read, cell: Any, codes: set[str]) -> None:
    activity, found = one(read_rows, ward=cell)
    assert activity is None
    assert found == {("Phường", "error", c) for c in codes}


def test_ward_near_miss_suggests_closest_name(read_rows: Read) -> None:
    data = read_rows([row(ward="Bo Dde")])
    (problem,) = data.problems
    assert problem.suggestion == "Bồ Đề"
    assert problem.message() == "Không nhận ra phường 'Bo Dde' — có phải 'Bồ Đề'?"
    assert "Bồ Đề" in problem.message("en")


# --- forms, themes, units, counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "form"),
    [
        ("hoi_nghi_bcv", "hoi_nghi_bcv"),
        ("Hội nghị báo cáo viên, tuyên truyền viên", "hoi_nghi_bcv"),
        ("HN BCV", "hoi_nghi_bcv"),
        ("bang ron", "co_dong_truc_quan"),
        ("Văn hoá – nghệ thuật", "van_hoa_nghe_thuat"),
    ],
)
def test_form_cells(read_rows: Read, cell: str, form: str) -> None:
    activity, found = one(read_rows, form=cell)
    assert found == set()
    assert activity is not None and activity.form == form


@pytest.mark.parametrize(("cell", "code"), [("", "form_empty"), (None, "form_empty"), ("Múa lân", "form_unknown")])
def test_form_errors(read_rows: Read, cell: Any, code: str) -> None:
    activity, found = one(read_rows, form=cell)
    assert activity is None and found == {("Hình thức", "error", code)}


@pytest.mark.parametrize(
    ("cell", "themes", "unknown"),
    [
        ("", (), 0),
        (None, (), 0),
        ("ND1.1; nd1.2", ("ND1.1", "ND1.2"), 0),
        ("ND1.3 – Thành tựu 30 năm đổi mới, PB – Đấu tranh phản bác", ("ND1.3", "PB"), 0),
        ("Các hoạt động của Đại hội", ("ND2.3",), 0),
        ("ND1.12", (), 1),
        ("ND1.1, Chào Xuân, ND7", ("ND1.1",), 2),
    ],
)
def test_theme_cells(read_rows: Read, cell: Any, themes: tuple[str, ...], unknown: int) -> None:
    activity, found = one(read_rows, themes=cell)
    assert activity is not None, "unknown themes are warnings: the row still counts"
    assert activity.themes == themes
    assert found == ({("Nội dung", "warning", "theme_unknown")} if unknown else set())
    assert activity.warnings == unknown


@pytest.mark.parametrize(
    ("cell", "unit", "code"),
    [
        ("BTG Quận ủy", "Ban Tuyên giáo Quận ủy", None),
        ("ban tuyen giao quan uy", "Ban Tuyên giáo Quận ủy", None),
        ("ĐU P. Bồ Đề", "Đảng ủy phường Bồ Đề", None),
        ("Hội Nông dân quận", None, "unit_unknown"),
        ("", None, "unit_empty"),
        (None, None, "unit_empty"),
    ],
)
def test_unit_cells(read_rows: Read, cell: Any, unit: str | None, code: str | None) -> None:
    activity, found = one(read_rows, unit=cell)
    assert activity is not None, "an unknown unit is a warning: the row counts under 'Đơn vị khác'"
    assert activity.unit == unit
    assert found == ({("Đơn vị", "warning", code)} if code else set())


@pytest.mark.parametrize(
    ("cell", "value", "warned"),
    [
        ("1.200", 1200, False),
        ("1,200", 1200, False),
        (1200, 1200, False),
        (1200.0, 1200, False),
        ("0", 0, False),
        ("", None, False),
        (None, None, False),
        ("-5", None, True),
        (-5, None, True),
        ("12.5", None, True),
        (12.5, None, True),
        ("khoảng 200", None, True),
    ],
)
@pytest.mark.parametrize("key", ["participants", "quantity"])
def test_count_cells(read_rows: Read, key: str, cell: Any, value: int | None, warned: bool) -> None:
    activity, found = one(read_rows, **{key: cell})
    assert activity is not None, "a bad count is a warning, never an error"
    assert getattr(activity, key) == value
    assert found == ({(HEADER_OF[key], "warning", "count_bad")} if warned else set())


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (1e19, "1e+19"),
        (1e308, "1e+308"),
        (9_223_372_036_854_775_808, "9223372036854775808"),
        ("9223372036854775808", "9223372036854775808"),
        ("1e19", "1e19"),
        ("inf", "inf"),
        ("nan", "nan"),
        (math.inf, "inf"),
        (math.nan, "nan"),
        (1_000_001, "1000001"),
    ],
)
@pytest.mark.parametrize(("key", "setting"), [("participants", "max_participants"), ("quantity", "max_quantity")])
def test_an_implausible_count_is_a_row_error_naming_value_and_bound(
    read_rows: Read, key: str, setting: str, cell: Any, shown: str
) -> None:
    data = read_rows([row(), row(**{key: cell})])
    assert (data.read, data.valid, data.errors) == (2, 1, 1)
    assert data.read == data.valid + data.errors
    [problem] = [p for p in data.problems if p.row == 3]
    assert (problem.column, problem.severity, problem.code) == (HEADER_OF[key], "error", "count_implausible")
    message = problem.message()
    assert f"'{shown}'" in message and "1.000.000" in message and setting in message
    assert setting in problem.message("en") and "1.000.000" in problem.message("en")


def test_the_count_bound_comes_from_the_settings(plan: Plan) -> None:
    from services.core import config
    from services.ingest.reading import limits

    settings = config.Settings(max_participants=500, max_quantity=20)
    bounds = limits.Limits.from_settings(settings)
    raw = build_workbook([row(participants="500", quantity="20"), row(participants="501"), row(quantity=21)])
    data = reader.read(raw, plan, SCHEMA, bounds)
    assert [a.row for a in data.activities] == [2]
    assert problems_of(data) == {
        (3, HEADER_OF["participants"], "error", "count_implausible"),
        (4, HEADER_OF["quantity"], "error", "count_implausible"),
    }
    assert reader.read(raw, plan, SCHEMA).valid == 3  # the default bound, 1,000,000: the same memo is not reused


def test_several_problems_in_one_row_are_all_listed(read_rows: Read) -> None:
    activity, found = one(read_rows, date="31/02/2016", ward="Bo Dde", form="", unit="X", participants="-1")
    assert activity is None
    assert found == {
        ("Ngày", "error", "date_impossible"),
        ("Phường", "error", "ward_unknown"),
        ("Hình thức", "error", "form_empty"),
        ("Đơn vị", "warning", "unit_unknown"),
        ("Số người tham dự", "warning", "count_bad"),
    }


# --- ids, empty rows, row numbers, invariant --------------------------------------------------------------------


def test_repeated_id_makes_every_later_copy_an_error(read_rows: Read) -> None:
    data = read_rows(
        [row(id=ident, title=f"Hoạt động {n}")  # distinct titles: no probable-duplicate warnings here
         for n, ident in enumerate(["A1", "A2", "A1", "", None, " A1 ", 7, 7.0])]
    )  # fmt: skip
    assert [a.row for a in data.activities] == [2, 3, 5, 6, 8]
    assert problems_of(data) == {(r, "Mã", "error", "id_duplicate") for r in (4, 7, 9)}
    assert data.problems[0].message() == "Mã 'A1' trùng với dòng 2"


def test_empty_rows_are_skipped_and_row_numbers_are_the_sheets(read_rows: Read) -> None:
    blank = dict.fromkeys(ACT_KEYS, "  ")
    last = row(title="Hoạt động khác")  # not a probable duplicate of row 2
    data = read_rows([row(), None, blank, [None] * 12, [], row(date="31/02/2016"), row(ward="x"), last])
    assert data.read == 4
    assert [a.row for a in data.activities] == [2, 9]
    assert {p.row for p in data.problems} == {7, 8}


def test_short_rows_and_missing_optional_columns(read_rows: Read) -> None:
    data = read_rows([["", "15/01/2016", "", "Bồ Đề", "Sinh hoạt"]])
    (activity,) = data.activities
    assert (activity.form, activity.participants, activity.themes, activity.title) == ("sinh_hoat", None, (), "")


@pytest.mark.parametrize(
    ("rows", "read", "valid", "errors", "warned"),
    [
        ([], 0, 0, 0, 0),
        ([row()], 1, 1, 0, 0),
        ([row(), row(ward="")], 2, 1, 1, 0),
        ([row(unit="X"), row(participants="-1", themes="ND9"), row(ward="", unit="X")], 3, 2, 1, 2),
        ([row(date="x")] * 5, 5, 0, 5, 0),
    ],
)
def test_read_equals_valid_plus_errors(
    read_rows: Read, rows: list[Any], read: int, valid: int, errors: int, warned: int
) -> None:
    data = read_rows(rows)
    assert (data.read, data.valid, data.errors, data.warned) == (read, valid, errors, warned)
    assert data.read == data.valid + data.errors
    error_rows = {p.row for p in data.problems if p.severity == "error"}
    assert len(error_rows) == data.errors


def test_fields_are_kept(read_rows: Read) -> None:
    activity, _ = one(
        read_rows, id="HD-1", evidence="https://x/1", entered_by="Lan", notes="<b>ghi chú</b>", quantity="3"
    )
    assert activity is not None
    assert (activity.id, activity.evidence, activity.entered_by, activity.notes, activity.quantity) == (
        "HD-1",
        "https://x/1",
        "Lan",
        "<b>ghi chú</b>",
        3,
    )
    assert (activity.unit_text, activity.title) == ("Ban Tuyên giáo Quận ủy", "Hội nghị báo cáo viên")


# --- headers and tabs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ACT_HEADER,
        [h.upper() for h in ACT_HEADER],
        [unicodedata.normalize("NFD", h) for h in ACT_HEADER],
        [f"  {h.lower()}  " for h in ACT_HEADER],
        [
            "Ma",
            "Ngay",
            "Don vi",
            "Phuong",
            "Hinh thuc",
            "Noi dung",
            "Ten hoat dong",
            "So nguoi tham du",
            "So luong",
            "Minh chung",
            "Nguoi nhap",
            "Ghi chu",
        ],
        [
            "id",
            "date",
            "unit",
            "ward",
            "form",
            "themes",
            "title",
            "participants",
            "quantity",
            "evidence",
            "entered_by",
            "notes",
        ],
        [
            "ID",
            "Date",
            "Unit",
            "Ward",
            "Form",
            "Themes",
            "Title",
            "Participants",
            "Quantity",
            "Evidence",
            "Entered by",
            "Notes",
        ],
        [f"{h} [{k}]" for h, k in zip(ACT_HEADER, ACT_KEYS, strict=True)],
        [f"X [{k}]" for k in ACT_KEYS],  # only the English name in brackets matches
        [
            "Mã",
            "Ngày (dd/mm/yyyy)",
            "Đơn vị",
            "Phường",
            "Hình thức",
            "Nội dung",
            "Tên hoạt động",
            "Số người tham dự",
            "Số lượng",
            "Minh chứng",
            "Người nhập",
            "Ghi chú",
        ],
    ],
)
def test_header_matching_is_tolerant(read_rows: Read, header: list[str]) -> None:
    data = read_rows([row(id="1", quantity="2", notes="n")], act_header=header)
    assert data.problems == []
    (activity,) = data.activities
    assert (activity.id, activity.date, activity.wards, activity.participants, activity.quantity, activity.notes) == (
        "1",
        D(2016, 1, 15),
        ("00139",),
        120,
        2,
        "n",
    )


def test_columns_in_another_order(plan: Plan) -> None:
    order = [3, 1, 4, 2, 0, 5, 6, 7, 8, 9, 10, 11]
    header = [ACT_HEADER[i] for i in order]
    cells = [row().get(ACT_KEYS[i]) for i in order]
    data = reader.read(build_workbook([cells], act_header=header), plan, SCHEMA)
    assert data.problems == [] and data.activities[0].wards == ("00139",)


def test_missing_required_column_is_an_error_in_row_1(read_rows: Read) -> None:
    header = ["Mã", "Ngày bắt đầu", *ACT_HEADER[2:]]
    data = read_rows([row()], act_header=header)
    assert ("Ngày", "error", "missing_column") in {(p.column, p.severity, p.code) for p in data.problems if p.row == 1}
    assert data.valid == 0 and data.errors == 1


@pytest.mark.parametrize(
    ("act", "rep"), [("hoat dong", "BAO CAO"), ("activities", "reports"), (" Hoạt  động ", "Báo cáo")]
)
def test_tab_titles_are_matched_tolerantly(read_rows: Read, act: str, rep: str) -> None:
    data = read_rows([row()], [["Đảng ủy phường Bồ Đề", "01/02/2016"]], act_title=act, rep_title=rep)
    assert (data.valid, len(data.reports), data.problems) == (1, 1, [])


def test_missing_tabs_are_reported(plan: Plan) -> None:
    data = reader.read(build_workbook([row()], act_title="Sheet1", rep_title="Sheet2"), plan, SCHEMA)
    assert {(p.sheet, p.severity, p.code) for p in data.problems} == {
        ("Hoạt động", "error", "missing_tab"),
        ("Báo cáo", "warning", "missing_tab"),
    }


# --- the Báo cáo tab -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "submitted", "code"),
    [
        (["Đảng ủy phường Bồ Đề", "03/02/2016"], D(2016, 2, 3), None),
        (["ĐU P. Bồ Đề", "2016-02-04"], D(2016, 2, 4), None),
        (["dang uy phuong bo de", 42409], D(2016, 2, 9), None),  # after the period: valid, it is late
        (["Đảng ủy phường Bồ Đề", "15/03/2016"], D(2016, 3, 15), None),
        (["Quận đoàn", "01/02/2016"], D(2016, 2, 1), None),  # a known unit not expected to report
        (["Đảng ủy phường Bồ Đề", "31/02/2016"], None, "date_impossible"),
        (["Đảng ủy phường Bồ Đề", "đã nộp"], None, "date_bad"),
        (["Đảng ủy phường Bồ Đề", ""], None, "date_empty"),
        (["Đảng ủy phường Bồ Đề", "28/12/2015"], None, "date_before"),
        (["Đảng ủy phường Hoàn Kiếm", "01/02/2016"], None, "report_unit_unknown"),
        (["", "01/02/2016"], None, "report_unit_empty"),
    ],
)
def test_report_rows(read_rows: Read, cells: list[Any], submitted: dt.date | None, code: str | None) -> None:
    data = read_rows([], [[*cells, "", ""]])
    if code is None:
        assert data.problems == []
        (report,) = data.reports
        assert report.submitted == submitted and report.row == 2
    else:
        assert data.reports == []
        (problem,) = data.problems
        assert (problem.sheet, problem.row, problem.severity, problem.code) == ("Báo cáo", 2, "error", code)
    assert data.read == 0, "report rows are not activity rows"


def test_report_header_in_english(read_rows: Read) -> None:
    data = read_rows([], [["Đảng ủy phường Bồ Đề", "01/02/2016", "link"]], rep_header=["unit", "submitted", "evidence"])
    assert data.problems == [] and data.reports[0].evidence == "link"
    assert REP_HEADER[:2] == ["Đơn vị", "Ngày nộp"]


# --- another campaign -----------------------------------------------------------------------------------------------


def test_reading_with_another_plan(read_rows: Read, tet_plan: Plan) -> None:
    data = read_rows(
        [
            row(date="20/01/2017", ward="Xã Đặng Xá; TT. Trâu Quỳ", form="Tặng quà", themes="T2, AT", unit="BTG HU"),
            row(date="15/01/2017", ward="Toàn huyện", form="Văn nghệ", themes="ND1.1", unit="Huyện đoàn"),
            row(date="15/01/2016", ward="Bồ Đề", form="Hội nghị BCV"),  # a Long Biên row: wrong everywhere
        ],
        with_plan=tet_plan,
    )
    first, second = data.activities
    assert (first.wards, first.form, first.themes, first.unit) == (
        ("10002", "10001"),
        "tang_qua",
        ("T2", "AT"),
        "Ban Tuyên giáo Huyện ủy",
    )
    assert (second.district_wide, second.themes, second.warnings) == (True, (), 1)
    assert {(p.row, p.column, p.code) for p in data.problems} == {
        (3, "Nội dung", "theme_unknown"),
        (4, "Ngày", "date_outside"),
        (4, "Phường", "ward_unknown"),
        (4, "Hình thức", "form_unknown"),
        (4, "Đơn vị", "unit_unknown"),
        (4, "Nội dung", "theme_unknown"),
    }


# --- nothing crashes, nothing is dropped -----------------------------------------------------------------------------

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐÐ ;,.-/:–[]()"
cell_values = st.one_of(
    st.none(),
    st.text(alphabet=VIET, max_size=30),
    st.sampled_from(
        [
            "Bồ Đề",
            "bo de; gia thuy",
            "Toàn quận",
            "Bo Dde",
            "ND1.1, ND1.12",
            "PB – x",
            "Hội nghị BCV",
            "15/01/2016",
            "31/02/2016",
            "1.200",
            "-3",
            "42384",
            "ĐU P. Bồ Đề",
            "",
            "  ",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=D(2015, 12, 1), max_value=D(2016, 3, 1)),
    st.datetimes(min_value=dt.datetime(2015, 12, 1), max_value=dt.datetime(2016, 3, 1)),
    st.booleans(),
    st.text(min_size=500, max_size=3000),
    st.just("Bồ Đề; " * 2500),  # longer than the per-cell limit of settings.yaml
)
rows_strategy = st.lists(st.lists(cell_values, max_size=14), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activities=rows_strategy, reports=st.lists(st.lists(cell_values, max_size=5), max_size=5))
def test_random_cells_never_crash_and_nothing_is_dropped(
    plan: Plan, activities: list[list[Any]], reports: list[list[Any]]
) -> None:
    data = reader.read(build_workbook(activities, reports), plan, SCHEMA)
    non_empty = [r for r in activities if any(not _blank(c) for c in r)]
    assert data.read == len(non_empty)
    assert data.read == data.valid + data.errors
    assert data.errors == len({p.row for p in data.problems if p.severity == "error" and p.sheet == "Hoạt động"})
    assert data.warned <= data.valid
    for problem in data.problems:
        shown = problem.as_dict()
        assert set(shown) == {"sheet", "row", "column", "severity", "message"}
        assert shown["row"] >= 2 and shown["column"] and shown["severity"] in {"error", "warning"}
        assert shown["message"] and problem.message("en")
    for activity in data.activities:
        assert plan.period.contains(activity.date)
        assert activity.wards or activity.district_wide
        assert activity.participants is None or activity.participants >= 0


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def test_missing_optional_columns_read_as_empty(read_rows: Read) -> None:
    header = ["Ngày", "Phường", "Hình thức", "Đơn vị"]
    data = read_rows([["15/01/2016", "Bồ Đề", "Sinh hoạt", "Quận đoàn", "extra", "cells"]], act_header=header)
    assert data.problems == []
    (activity,) = data.activities
    assert (activity.id, activity.participants, activity.themes, activity.notes) == (None, None, (), "")


def test_text_only_in_an_unknown_column_is_a_read_row(read_rows: Read) -> None:
    data = read_rows([[None] * 12 + ["ghi chú lạc cột"]])
    assert (data.read, data.errors) == (1, 1)
    assert {p.code for p in data.problems} == {"date_empty", "ward_empty", "form_empty", "unit_empty"}


def test_each_distinct_value_is_parsed_once(read_rows: Read, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.ingest.reading import cells, vocab

    calls: dict[str, int] = {"date": 0, "ward": 0}
    parse_date, wards = cells.parse_date, vocab.Vocabulary.wards

    def counting_date(value: Any) -> Any:
        calls["date"] += 1
        return parse_date(value)

    def counting_wards(self: vocab.Vocabulary, cell: str) -> Any:
        calls["ward"] += 1
        return wards(self, cell)

    monkeypatch.setattr(cells, "parse_date", counting_date)
    monkeypatch.setattr(vocab.Vocabulary, "wards", counting_wards)
    monkeypatch.setattr(reader, "_INTERPRETERS", {})  # memos outlive a read: start this one empty
    rows = [
        row(date=d, ward=w) for d in ("15/01/2016", 42384, "16/01/2016") for w in ("Bồ Đề", "bo de") for _ in range(50)
    ]
    data = read_rows(rows)
    assert data.valid == 300
    assert calls == {"date": 3, "ward": 2}


@pytest.mark.parametrize(
    ("cells", "counted"),
    [
        ([], False),
        ([None, ""], False),
        ([" ", "\t", "\n"], False),
        ([math.nan, None], False),
        ([" ", math.nan, ""], False),
        ([0], True),  # a zero is data (a row with only a zero is read, and is an error)
        ([False], True),
        ([None, 0.0], True),
        ([None, " x"], True),
        ([" ", 5], True),
        ([math.nan, "a"], True),
        ([D(2016, 1, 1)], True),
    ],
)
def test_which_rows_are_empty(read_rows: Read, cells: list[Any], counted: bool) -> None:
    data = read_rows([cells])
    assert data.read == int(counted)
    assert data.read == data.valid + data.errors


def test_unhashable_cells_are_read_as_text(read_rows: Read) -> None:
    data = read_rows([row(notes=["a", "b"], title={"x": 1}), row(ward=["Bồ Đề"])])
    assert [a.notes for a in data.activities] == ["['a', 'b']"]
    assert {p.code for p in data.problems} == {"ward_unknown"}


def test_a_second_read_reuses_what_the_first_interpreted(read_rows: Read, monkeypatch: pytest.MonkeyPatch) -> None:
    """Districts and refreshes repeat the same cells: they are not interpreted again."""
    from services.ingest.reading import cells

    calls: list[Any] = []
    parse_date = cells.parse_date
    monkeypatch.setattr(reader, "_INTERPRETERS", {})
    monkeypatch.setattr(cells, "parse_date", lambda value: (calls.append(value), parse_date(value))[1])
    first = read_rows([row(date="15/01/2016"), row(date="16/01/2016")])
    second = read_rows([row(date="16/01/2016"), row(date="17/01/2016")])
    assert (first.valid, second.valid) == (2, 2)
    assert calls == ["15/01/2016", "16/01/2016", "17/01/2016"]
