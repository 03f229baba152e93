"""Figures as of a date D (docs/reading-contract.md §3), checked at every boundary date of the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.core.config import Plan
from services.figures import metrics
from services.ingest.reading.reader import Activity, Dataset, Report

D = dt.date


def act(
    day: dt.date,
    *,
    wards: tuple[str, ...] = ("00139",),
    district: bool = False,
    form: str = "sinh_hoat",
    themes: tuple[str, ...] = (),
    participants: int | None = None,
    row: int = 2,
) -> Activity:
    return Activity(
        row=row,
        id=None,
        date=day,
        unit=None,
        unit_text="",
        wards=wards,
        district_wide=district,
        form=form,
        themes=themes,
        title="",
        participants=participants,
        quantity=None,
        evidence="",
        entered_by="",
        notes="",
        warnings=0,
    )


# --- phase and next milestone ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (D(2015, 1, 1), "chua_bat_dau"),
        (D(2015, 12, 28), "chua_bat_dau"),
        (D(2015, 12, 29), "truoc"),
        (D(2016, 1, 19), "truoc"),
        (D(2016, 1, 20), "trong"),
        (D(2016, 1, 28), "trong"),
        (D(2016, 1, 29), "sau"),
        (D(2016, 2, 4), "sau"),
        (D(2016, 2, 5), "ket_thuc"),
        (D(2026, 11, 27), "ket_thuc"),
    ],
)
def test_phase_at(plan: Plan, day: dt.date, phase: str) -> None:
    assert metrics.phase_at(plan, day) == phase


@pytest.mark.parametrize(
    ("day", "key", "days_left"),
    [
        (D(2015, 12, 1), "ban_hanh", 28),
        (D(2015, 12, 28), "ban_hanh", 1),
        (D(2015, 12, 29), "ban_hanh", 0),
        (D(2015, 12, 30), "trang_tri", 8),
        (D(2016, 1, 6), "trang_tri", 1),
        (D(2016, 1, 7), "trang_tri", 0),
        (D(2016, 1, 8), "khai_mac", 12),
        (D(2016, 1, 15), "khai_mac", 5),
        (D(2016, 1, 19), "khai_mac", 1),
        (D(2016, 1, 20), "khai_mac", 0),
        (D(2016, 1, 21), "be_mac", 7),
        (D(2016, 1, 27), "be_mac", 1),
        (D(2016, 1, 28), "be_mac", 0),
        (D(2016, 1, 29), "bao_cao", 6),
        (D(2016, 2, 3), "bao_cao", 1),
        (D(2016, 2, 4), "bao_cao", 0),
        (D(2016, 2, 5), None, None),
        (D(2017, 1, 1), None, None),
    ],
)
def test_next_milestone(plan: Plan, day: dt.date, key: str | None, days_left: int | None) -> None:
    upcoming = metrics.next_milestone(plan, day)
    if key is None:
        assert upcoming is None
    else:
        assert upcoming is not None
        assert (upcoming.milestone.key, upcoming.days_left) == (key, days_left)


@pytest.mark.parametrize(
    ("day", "phase", "milestone"),
    [
        (D(2017, 1, 2), "chua_bat_dau", ("phat_dong", 1)),
        (D(2017, 1, 3), "chuan_bi", ("phat_dong", 0)),
        (D(2017, 1, 26), "chuan_bi", ("giao_thua", 1)),
        (D(2017, 1, 27), "tet", ("giao_thua", 0)),
        (D(2017, 2, 3), "sau_tet", ("hoan_thanh", 7)),
        (D(2017, 2, 11), "sau_tet", None),
        (D(2017, 2, 16), "ket_thuc", None),
    ],
)
def test_another_plan_phases_and_milestones(tet_plan: Plan, day: dt.date, phase: str, milestone: Any) -> None:
    upcoming = metrics.next_milestone(tet_plan, day)
    assert metrics.phase_at(tet_plan, day) == phase
    assert (None if upcoming is None else (upcoming.milestone.key, upcoming.days_left)) == milestone


# --- themes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "dated", "counts"),
    [
        ("ND1.1", D(2015, 12, 29), True),
        ("ND1.1", D(2016, 1, 19), True),
        ("ND1.1", D(2016, 1, 20), False),  # after its phase
        ("ND2.1", D(2016, 1, 19), False),  # listed in phase truoc: not counted for a trong theme
        ("ND2.1", D(2016, 1, 20), True),
        ("ND2.1", D(2016, 1, 28), True),
        ("ND2.1", D(2016, 1, 29), False),
        ("ND3.2", D(2016, 1, 28), False),
        ("ND3.2", D(2016, 1, 29), True),
        ("ND3.2", D(2016, 2, 4), True),
        ("PB", D(2015, 12, 29), True),  # PB counts anywhere in the period
        ("PB", D(2016, 1, 20), True),
        ("PB", D(2016, 2, 4), True),
    ],
)
def test_theme_counts_only_inside_its_phase(plan: Plan, code: str, dated: dt.date, counts: bool) -> None:
    status = metrics.theme_status(plan, [act(dated, themes=(code,))], D(2016, 3, 1))[code]
    assert status.activities == int(counts)
    assert status.covered is counts


@pytest.mark.parametrize(
    ("code", "last_day"),
    [
        ("ND1.1", D(2016, 1, 19)),
        ("ND1.6", D(2016, 1, 19)),
        ("ND2.6", D(2016, 1, 28)),
        ("ND3.4", D(2016, 2, 4)),
        ("PB", D(2016, 2, 4)),
    ],
)
def test_uncovered_theme_turns_overdue_the_day_after_its_phase(plan: Plan, code: str, last_day: dt.date) -> None:
    one_day = dt.timedelta(days=1)
    on_last = metrics.theme_status(plan, [], last_day)[code]
    after = metrics.theme_status(plan, [], last_day + one_day)[code]
    assert (on_last.covered, on_last.overdue) == (False, False)
    assert (after.covered, after.overdue) == (False, True)
    covered = metrics.theme_status(plan, [act(last_day, themes=(code,))], last_day + one_day)[code]
    assert (covered.activities, covered.covered, covered.overdue) == (1, True, False)


def test_theme_needs_min_activities(tet_plan: Plan) -> None:
    one = [act(D(2017, 1, 10), themes=("T2", "T1"), wards=("10001",))]
    status = metrics.theme_status(tet_plan, one, D(2017, 1, 27))
    assert (status["T1"].covered, status["T1"].overdue) == (True, False)
    assert (status["T2"].activities, status["T2"].covered, status["T2"].overdue) == (1, False, True)
    two = [*one, act(D(2017, 1, 26), themes=("T2",), wards=("10002",))]
    assert metrics.theme_status(tet_plan, two, D(2017, 1, 27))["T2"].covered is True


def test_summary_counts_only_rows_up_to_as_of(plan: Plan) -> None:
    data = Dataset(
        activities=[act(D(2016, 1, 10), themes=("ND1.1",), participants=50)], reports=[], problems=[], read=1, errors=0
    )
    before = metrics.summary(plan, data, D(2016, 1, 9))
    on_day = metrics.summary(plan, data, D(2016, 1, 10))
    assert before["themes"]["ND1.1"]["activities"] == 0 and before["rows"]["after_as_of"] == 1
    assert before["wards"]["00139"] == {"name": "Bồ Đề", "activities": 0, "participants": 0}
    assert on_day["themes"]["ND1.1"]["activities"] == 1 and on_day["rows"]["after_as_of"] == 0
    assert on_day["wards"]["00139"] == {"name": "Bồ Đề", "activities": 1, "participants": 50}


# --- wards, district-wide, forms ------------------------------------------------------------------------------------


def test_multi_ward_row_counts_full_participants_for_each_ward(plan: Plan) -> None:
    rows = [
        act(D(2016, 1, 5), wards=("00139", "00130"), participants=100),
        act(D(2016, 1, 6), wards=("00139",), participants=None),
        act(D(2016, 1, 7), wards=(), district=True, participants=500),
        act(D(2016, 1, 8), wards=("00130",), district=True, participants=30),
    ]
    wards = metrics.ward_coverage(plan, rows)
    assert list(wards) == [w.code for w in plan.wards]
    assert wards["00139"] == metrics.Tally(2, 100)
    assert wards["00130"] == metrics.Tally(2, 130)
    assert wards["00145"] == metrics.Tally(0, 0)
    assert metrics.district_wide(rows) == metrics.Tally(2, 530)


def test_form_counts_list_every_form(plan: Plan) -> None:
    counts = metrics.form_counts(plan, [act(D(2016, 1, 5)), act(D(2016, 1, 6)), act(D(2016, 1, 6), form="ban_tin")])
    assert list(counts) == [f.key for f in plan.forms]
    assert counts["sinh_hoat"] == 2 and counts["ban_tin"] == 1 and sum(counts.values()) == 3


# --- unit reports ----------------------------------------------------------------------------------------------------

UNIT = "Đảng ủy phường Bồ Đề"


@pytest.mark.parametrize(
    ("submitted", "day", "status"),
    [
        ([], D(2016, 1, 15), "pending"),
        ([], D(2016, 2, 4), "pending"),  # the deadline day itself: still time
        ([], D(2016, 2, 5), "missing"),
        ([D(2016, 2, 1)], D(2016, 1, 31), "pending"),  # dated after D: not counted yet
        ([D(2016, 2, 1)], D(2016, 2, 1), "on_time"),
        ([D(2016, 2, 4)], D(2016, 2, 4), "on_time"),
        ([D(2016, 2, 4)], D(2016, 2, 3), "pending"),
        ([D(2016, 2, 5)], D(2016, 2, 4), "pending"),
        ([D(2016, 2, 5)], D(2016, 2, 5), "late"),
        ([D(2016, 2, 10)], D(2016, 2, 6), "missing"),
        ([D(2016, 2, 10)], D(2016, 2, 10), "late"),
        ([D(2016, 2, 10), D(2016, 2, 2)], D(2016, 2, 10), "on_time"),  # the earliest submission counts
        ([D(2016, 2, 10), D(2016, 2, 7)], D(2016, 3, 1), "late"),
    ],
)
def test_report_status(plan: Plan, submitted: list[dt.date], day: dt.date, status: str) -> None:
    reports = [Report(row=i + 2, unit=UNIT, submitted=s, evidence="", notes="") for i, s in enumerate(submitted)]
    result = metrics.report_status(plan, reports, day)
    assert list(result) == [f"Đảng ủy phường {w.name}" for w in plan.wards]
    assert result[UNIT].status == status
    assert all(r.status in {"pending", "missing"} for u, r in result.items() if u != UNIT)


def test_report_status_of_another_plan(tet_plan: Plan) -> None:
    reports = [
        Report(2, "Huyện đoàn", D(2017, 2, 11), "", ""),
        Report(3, "Ban Tuyên giáo Huyện ủy", D(2017, 2, 1), "", ""),
    ]
    result = {u: r.status for u, r in metrics.report_status(tet_plan, reports, D(2017, 2, 11)).items()}
    assert result == {
        "Đảng ủy thị trấn Trâu Quỳ": "missing",
        "Đảng ủy xã Đặng Xá": "missing",
        "Đảng ủy xã Phú Thị": "missing",
        "Huyện đoàn": "late",
    }


# --- the summary's shape ---------------------------------------------------------------------------------------------


def test_summary_shape(plan: Plan) -> None:
    data = Dataset(activities=[act(D(2016, 1, 10))], reports=[], problems=[], read=3, errors=2)
    result = metrics.summary(plan, data, D(2016, 2, 5))
    assert list(result) == [
        "as_of",
        "phase",
        "next_milestone",
        "rows",
        "wards",
        "district_wide",
        "themes",
        "forms",
        "reports",
        "problems",
        "district_total",  # issue 10: added after SPEC's keys, never among them
        "source",
    ]
    assert result["next_milestone"] is None
    assert result["rows"] == {"read": 3, "valid": 1, "errors": 2, "warnings": 0, "after_as_of": 0}
    assert set(result["themes"]) == {t.code for t in plan.themes}
    assert result["themes"]["ND2.1"] == {"phase": "trong", "activities": 0, "covered": False, "overdue": True}
    assert result["themes"]["PB"]["phase"] == "all"


def test_district_total_counts_each_activity_once(plan: Plan) -> None:
    three_wards = act(D(2016, 1, 10), wards=("00139", "00130", "00133"), participants=100)
    wide = act(D(2016, 1, 11), wards=(), district=True, participants=50, row=3)
    later = act(D(2016, 3, 1), participants=7, row=4)
    data = Dataset(activities=[three_wards, wide, later], reports=[], problems=[], read=3, errors=0)
    result = metrics.summary(plan, data, D(2016, 2, 5))
    assert result["district_total"] == {"activities": 2, "participants": 150}
    per_ward = sum(w["participants"] for w in result["wards"].values()) + result["district_wide"]["participants"]
    assert per_ward == 350  # the three-ward activity counts in each ward: more than the total, by design


@pytest.mark.parametrize(
    ("kind", "label", "read_at", "stale_reason", "expected"),
    [
        ("local", "demo.xlsx", dt.datetime(2016, 1, 2, 3, 4, tzinfo=dt.UTC), None,
         {"kind": "local", "name": "demo.xlsx", "read_at": "2016-01-02T03:04:00+00:00", "stale": False}),
        ("google", "Kế hoạch 17", dt.datetime(2016, 1, 2, 3, 4, tzinfo=dt.UTC), "mã 503",
         {"kind": "google", "name": "Kế hoạch 17", "read_at": "2016-01-02T03:04:00+00:00", "stale": True}),
        ("local", "x", None, None, {"kind": "local", "name": "x", "read_at": None, "stale": False}),
    ],
)  # fmt: skip
def test_summary_says_which_source_was_read(
    plan: Plan, kind: str, label: str, read_at: dt.datetime | None, stale_reason: str | None, expected: dict
) -> None:
    data = Dataset(activities=[], reports=[], problems=[], read=0, errors=0, label=label, kind=kind,
                   read_at=read_at, stale_reason=stale_reason)  # fmt: skip
    assert metrics.summary(plan, data, D(2016, 2, 5))["source"] == expected
