"""The meeting brief: the same figures as the summary CLI, for any date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.core.config import Plan
from services.figures import alerts, brief, reporting
from services.ingest.reading.reader import Dataset

DAYS = [
    dt.date(2015, 12, 20),  # before the plan
    dt.date(2016, 1, 7),  # on a milestone
    dt.date(2016, 1, 15),  # the demo date
    dt.date(2016, 1, 25),  # during the congress
    dt.date(2016, 2, 4),  # report deadline
    dt.date(2016, 2, 10),  # after the plan
]


def _expected_figures(summary: dict[str, Any], deadline: dt.date) -> dict[str, tuple[int, int | None]]:
    return {
        "activities": (sum(summary["forms"].values()), None),
        "wards": (sum(1 for w in summary["wards"].values() if w["activities"]), len(summary["wards"])),
        "themes": (sum(1 for t in summary["themes"].values() if t["covered"]), len(summary["themes"])),
        "reports": (
            sum(1 for s in summary["reports"].values() if s in ("on_time", "late")),
            None if summary["as_of"] <= deadline.isoformat() else len(summary["reports"]),  # no "0/14" before it
        ),
    }


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_figures_are_the_summary_figures(plan: Plan, demo_data: Dataset, cli_summary: Any, day: dt.date) -> None:
    summary = cli_summary(day)
    made = brief.build(plan, demo_data.activities, demo_data.reports, day)
    assert {f.key: (f.value, f.total) for f in made.figures} == _expected_figures(summary, plan.report_deadline)
    assert summary["rows"]["valid"] - summary["rows"]["after_as_of"] == made.figure("activities").value
    assert made.phase_key == summary["phase"]
    expected_days = summary["next_milestone"]["days_left"] if summary["next_milestone"] else None
    assert made.days_left == expected_days
    assert {code: t.activities for code, t in made.wards.items()} == {
        code: w["activities"] for code, w in summary["wards"].items()
    }


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_theme_states_follow_the_summary(plan: Plan, demo_data: Dataset, cli_summary: Any, day: dt.date) -> None:
    summary = cli_summary(day)
    made = brief.build(plan, demo_data.activities, demo_data.reports, day)
    assert [t.code for t in made.themes] == [t.code for t in plan.themes]
    for item in made.themes:
        status = summary["themes"][item.code]
        assert item.activities == status["activities"]
        assert (item.state == "covered") == status["covered"]
        assert (item.state == "overdue") == status["overdue"]
        started = day >= plan.theme_span(next(t for t in plan.themes if t.code == item.code)).start
        if item.state in ("open", "upcoming"):
            assert (item.state == "open") == started


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_top_five_alerts_are_the_most_urgent(plan: Plan, demo_data: Dataset, day: dt.date) -> None:
    made = brief.build(plan, demo_data.activities, demo_data.reports, day)
    everything = alerts.compute(plan, demo_data.activities, demo_data.reports, day)
    assert made.alerts == everything[: brief.TOP_ALERTS]
    assert len(made.alerts) <= 5


@pytest.mark.parametrize(
    ("day", "phase", "countdown"),
    [
        (dt.date(2015, 12, 20), "Chưa bắt đầu", "Còn 9 ngày đến: Ban hành Kế hoạch 17-KH/QU (29/12/2015)"),
        (dt.date(2016, 1, 7), "Trước Đại hội", "Hôm nay: Hoàn thành trang trí, cổ động trực quan"),
        (dt.date(2016, 1, 15), "Trước Đại hội", "Còn 5 ngày đến: Khai mạc Đại hội XII (20/01/2016)"),
        (dt.date(2016, 1, 28), "Trong Đại hội", "Hôm nay: Bế mạc Đại hội XII (28/01/2016)"),
        (dt.date(2016, 2, 5), "Đã kết thúc", "Đã qua mốc cuối cùng của kế hoạch"),
    ],
)
def test_phase_and_countdown_in_words(plan: Plan, day: dt.date, phase: str, countdown: str) -> None:
    made = brief.build(plan, [], [], day)
    assert made.phase_label == phase
    assert made.countdown.startswith(countdown)


def test_figures_count_only_what_is_passed_and_dated_by_d(plan: Plan, read_rows: Any) -> None:
    data = read_rows(
        [
            {"date": "05/01/2016", "ward": "Bồ Đề", "form": "Hội nghị BCV", "themes": "ND1.1", "participants": "1.200"},
            {"date": "06/01/2016", "ward": "Toàn quận", "form": "Pano", "themes": "PB", "participants": 30},
            {"date": "20/01/2016", "ward": "Cự Khối", "form": "Văn nghệ", "themes": "ND2.1", "participants": 500},
        ],
        [{"unit": "ĐU Bồ Đề", "submitted": "02/02/2016"}],
    )
    made = brief.build(plan, data.activities, data.reports, dt.date(2016, 1, 10))
    assert made.figure("activities").value == 2
    assert made.figure("activities").detail == "1.230 lượt tham dự"
    assert (made.figure("wards").value, made.figure("wards").detail) == (1, "Cấp quận: 1 hoạt động")
    assert made.figure("themes").text() == "2/17"
    assert made.figure("reports").text() == "0"  # before the deadline 04/02: what was sent, not "0/14"
    assert made.figure("reports").detail == "chưa đến hạn 04/02 · 0 đã nộp"
    later = brief.build(plan, data.activities, data.reports, dt.date(2016, 2, 5))
    assert later.figure("activities").text() == "3"
    assert later.figure("reports").text() == "1/14"
    assert later.figure("reports").detail == "1 đúng hạn · 0 muộn"
    only_first = brief.build(plan, data.activities[:1], data.reports, dt.date(2016, 1, 10))
    assert only_first.figure("activities").value == 1


def test_english_brief(plan: Plan) -> None:
    made = brief.build(plan, [], [], dt.date(2016, 1, 15), lang="en")
    assert made.countdown == "5 days to: 12th Congress opens (20/01/2016)"  # the plan's label_en
    assert made.figure("reports").label == "Reports submitted"


def test_another_campaign_needs_no_code(tet_plan: Plan, read_rows: Any) -> None:
    data = read_rows(
        [{"date": "10/01/2017", "ward": "Xã Đặng Xá", "form": "Văn nghệ", "themes": "T1", "participants": 80}],
        with_plan=tet_plan,
    )
    made = brief.build(tet_plan, data.activities, data.reports, dt.date(2017, 1, 20))
    assert made.title == "Họp nhanh — KH 05-KH/HU"
    assert made.phase_label == "Chuẩn bị đón Tết"
    assert made.countdown == "Còn 7 ngày đến: Đêm Giao thừa (27/01/2017)"
    assert made.figure("wards").text() == "1/4"
    done = reporting.completeness(tet_plan, data.reports, dt.date(2017, 1, 20))
    assert done.expected == 4  # three communes and the district youth union
    assert made.figure("reports").text() == done.value()
