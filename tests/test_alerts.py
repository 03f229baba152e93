"""Alert rules (services.figures.alerts), table-driven over dates of the default plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from services.core import strings
from services.core.config import Milestone, Plan
from services.figures import alerts
from services.ingest.reading.reader import Dataset

D = dt.date
ALL_WARDS = [
    "Thượng Thanh",
    "Ngọc Thụy",
    "Giang Biên",
    "Đức Giang",
    "Việt Hưng",
    "Gia Thụy",
    "Ngọc Lâm",
    "Phúc Lợi",
    "Bồ Đề",
    "Sài Đồng",
    "Long Biên",
    "Thạch Bàn",
    "Phúc Đồng",
    "Cự Khối",
]


def act(day: str, ward: str, form: str = "Sinh hoạt chi bộ", themes: str = "", **extra: Any) -> dict[str, Any]:
    return {"date": day, "ward": ward, "form": form, "themes": themes, "unit": "Quận đoàn", **extra}


def by_kind(found: list[alerts.Alert], kind: str) -> alerts.Alert | None:
    matches = [a for a in found if a.kind == kind]
    assert len(matches) <= 1, f"several {kind} alerts: {matches}"
    return matches[0] if matches else None


def run(read_rows: Callable[..., Dataset], plan: Plan, rows: list, day: D, reports: list = (), lang: str = "vi"):
    data = read_rows(rows, reports)
    assert data.errors == 0, [p.as_dict() for p in data.problems]
    return alerts.compute(plan, data.activities, data.reports, day, lang)


# --- the visual-decoration deadline (trang_tri, form co_dong_truc_quan, 07/01/2016) ---------

DECORATED_BO_DE = [act("02/01/2016", "Bồ Đề", "Băng rôn")]
DECORATED_ALL = [act("03/01/2016", ward, "Pano") for ward in ALL_WARDS]


@pytest.mark.parametrize(
    ("rows", "day", "kind", "severity", "flagged", "not_flagged"),
    [
        # before the deadline: every ward without co_dong_truc_quan is flagged, Bồ Đề is not
        (DECORATED_BO_DE, D(2016, 1, 5), "form_due", "warning", "00154", "00139"),
        # on the deadline day it is still "due" (today is the last day)
        (DECORATED_BO_DE, D(2016, 1, 7), "form_due", "warning", "00115", "00139"),
        # after the deadline the same gap is missed, critical
        (DECORATED_BO_DE, D(2016, 1, 10), "form_missed", "critical", "00154", "00139"),
        # an activity dated after the as-of date does not count yet
        ([act("06/01/2016", "Bồ Đề", "Pano")], D(2016, 1, 5), "form_due", "warning", "00139", None),
        # decoration done after the deadline does not cover the ward for the deadline
        ([act("09/01/2016", "Cự Khối", "Pano")], D(2016, 1, 10), "form_missed", "critical", "00154", None),
        # another form in the ward does not count
        ([act("02/01/2016", "Bồ Đề", "Văn nghệ")], D(2016, 1, 5), "form_due", "warning", "00139", None),
    ],
)
def test_decoration_deadline_flags_wards_lacking_the_form(
    read_rows: Callable[..., Dataset],
    plan: Plan,
    rows: list,
    day: D,
    kind: str,
    severity: str,
    flagged: str,
    not_flagged: str | None,
) -> None:
    found = run(read_rows, plan, rows, day)
    alert = by_kind(found, kind)
    assert alert is not None, [a.text for a in found]
    assert alert.severity == severity
    assert flagged in alert.where
    assert plan.ward_names[flagged] in alert.text
    if not_flagged:
        assert not_flagged not in alert.where
        assert f"{len(plan.wards) - 1}/{len(plan.wards)} phường" in alert.text
    assert "07/01/2016" in alert.text


@pytest.mark.parametrize("day", [D(2016, 1, 5), D(2016, 1, 10), D(2016, 2, 10)])
def test_no_decoration_alert_once_every_ward_is_covered(read_rows: Callable[..., Dataset], plan: Plan, day: D) -> None:
    found = run(read_rows, plan, DECORATED_ALL, day)
    assert by_kind(found, "form_due") is None
    assert by_kind(found, "form_missed") is None


def test_decoration_rule_reads_the_milestone_form_from_config(
    read_rows: Callable[..., Dataset], tet_plan: Plan
) -> None:
    """Another plan names its own deadline and form: the rule follows the config."""
    milestones = [*tet_plan.milestones, Milestone(key="treo_pano", date=D(2017, 1, 20), label="Treo pano", form="pano")]
    other = tet_plan.model_copy(update={"milestones": milestones})
    rows = [{"date": "10/01/2017", "ward": "Trâu Quỳ", "form": "Áp phích", "unit": "Huyện đoàn"}]
    data = read_rows(rows, with_plan=other)
    found = alerts.compute(other, data.activities, data.reports, D(2017, 1, 15))
    alert = by_kind(found, "form_due")
    assert alert is not None
    assert set(alert.where) == {"10002", "10003", "10004"}
    assert "Treo pano" in alert.text and "Pano, áp phích" in alert.text


# --- themes: open with days left in the phase, and overdue ----------------------------------

TRUOC_COVERED_BUT_ND16 = [act("05/01/2016", "Bồ Đề", themes=f"ND1.{i}; PB") for i in range(1, 6)]


@pytest.mark.parametrize(
    ("rows", "day", "open_codes", "overdue_codes", "days_text", "severity"),
    [
        (TRUOC_COVERED_BUT_ND16, D(2016, 1, 10), ["ND1.6"], [], "còn 9 ngày", "info"),
        (TRUOC_COVERED_BUT_ND16, D(2016, 1, 12), ["ND1.6"], [], "còn 7 ngày", "warning"),
        (TRUOC_COVERED_BUT_ND16, D(2016, 1, 19), ["ND1.6"], [], "hôm nay là hạn cuối", "warning"),
        (TRUOC_COVERED_BUT_ND16, D(2016, 1, 20), [], ["ND1.6"], None, "critical"),
        # listing ND1.6 outside its phase does not cover it
        (
            [*TRUOC_COVERED_BUT_ND16, act("21/01/2016", "Bồ Đề", themes="ND1.6")],
            D(2016, 1, 22),
            [],
            ["ND1.6"],
            None,
            "critical",
        ),
        # covered inside its phase: nothing to say about ND1.x
        ([*TRUOC_COVERED_BUT_ND16, act("18/01/2016", "Bồ Đề", themes="ND1.6")], D(2016, 1, 22), [], [], None, None),
    ],
)
def test_truoc_themes_open_then_overdue(
    read_rows: Callable[..., Dataset],
    plan: Plan,
    rows: list,
    day: D,
    open_codes: list[str],
    overdue_codes: list[str],
    days_text: str | None,
    severity: str | None,
) -> None:
    found = run(read_rows, plan, rows, day)
    truoc = [a for a in found if a.kind.startswith("themes") and all(c.startswith("ND1") for c in a.where)]
    opened = [c for a in truoc if a.kind == "themes_open" for c in a.where]
    overdue = [c for a in truoc if a.kind == "themes_overdue" for c in a.where]
    assert opened == open_codes
    assert overdue == overdue_codes
    for alert in truoc:
        assert alert.severity == severity
        assert "Trước Đại hội" in alert.text
    if days_text:
        assert days_text in truoc[0].text


def test_themes_of_phases_not_started_are_not_flagged(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, [], D(2016, 1, 10))
    flagged = {c for a in found if a.kind.startswith("themes") for c in a.where}
    assert flagged == {f"ND1.{i}" for i in range(1, 7)} | {"PB"}


def test_overdue_themes_after_the_campaign(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, [], D(2016, 2, 20))
    overdue = {c for a in found if a.kind == "themes_overdue" for c in a.where}
    assert overdue == {t.code for t in plan.themes}
    assert by_kind(found, "themes_open") is None
    assert by_kind(found, "wards_idle") is None


# --- wards with no activity in the current phase --------------------------------------------


@pytest.mark.parametrize(
    ("day", "severity"),
    [(D(2016, 1, 20), "info"), (D(2016, 1, 22), "warning"), (D(2016, 1, 28), "warning")],
)
def test_wards_without_activity_in_the_current_phase(
    read_rows: Callable[..., Dataset], plan: Plan, day: D, severity: str
) -> None:
    rows = [act("10/01/2016", ward) for ward in ALL_WARDS] + [act("20/01/2016", "Bồ Đề; Cự Khối")]
    alert = by_kind(run(read_rows, plan, rows, day), "wards_idle")
    assert alert is not None
    assert alert.severity == severity
    assert set(alert.where) == {w.code for w in plan.wards} - {"00139", "00154"}
    assert "12/14 phường" in alert.text and "Trong Đại hội" in alert.text


def test_no_idle_alert_when_every_ward_is_active_in_the_phase(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    rows = [act("21/01/2016", ward) for ward in ALL_WARDS]
    assert by_kind(run(read_rows, plan, rows, D(2016, 1, 22)), "wards_idle") is None


# --- unit reports (deadline bao_cao, 04/02/2016) ---------------------------------------------

BO_DE = "Đảng ủy phường Bồ Đề"
CU_KHOI = "Đảng ủy phường Cự Khối"


@pytest.mark.parametrize(
    ("reports", "day", "kind", "severity", "count", "absent"),
    [
        ([], D(2016, 1, 27), None, None, 0, None),  # 8 days before: not yet
        ([], D(2016, 1, 28), "reports_due", "warning", 14, None),  # 7 days before
        ([{"unit": BO_DE, "submitted": "30/01/2016"}], D(2016, 2, 1), "reports_due", "warning", 13, BO_DE),
        ([{"unit": BO_DE, "submitted": "30/01/2016"}], D(2016, 2, 4), "reports_due", "warning", 13, BO_DE),
        ([{"unit": BO_DE, "submitted": "30/01/2016"}], D(2016, 2, 5), "reports_missing", "critical", 13, BO_DE),
        # a report dated after the as-of date is not in yet
        ([{"unit": BO_DE, "submitted": "03/02/2016"}], D(2016, 2, 2), "reports_due", "warning", 14, None),
        ([{"unit": CU_KHOI, "submitted": "06/02/2016"}], D(2016, 2, 10), "reports_missing", "critical", 13, CU_KHOI),
    ],
)
def test_report_deadline_alerts(
    read_rows: Callable[..., Dataset],
    plan: Plan,
    reports: list,
    day: D,
    kind: str | None,
    severity: str | None,
    count: int,
    absent: str | None,
) -> None:
    found = run(read_rows, plan, [], day, reports)
    report_alerts = [a for a in found if a.kind in ("reports_due", "reports_missing")]
    if kind is None:
        assert report_alerts == []
        return
    assert [a.kind for a in report_alerts] == [kind]
    alert = report_alerts[0]
    assert alert.severity == severity
    assert len(alert.where) == count
    assert f"{count}/14 đơn vị" in alert.text and "04/02/2016" in alert.text
    if absent:
        assert absent not in alert.where


def test_late_reports_are_listed_apart(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, [], D(2016, 2, 10), [{"unit": CU_KHOI, "submitted": "06/02/2016"}])
    late = by_kind(found, "reports_late")
    assert late is not None and late.where == (CU_KHOI,) and late.severity == "info"


# --- ordering, language, before the plan ----------------------------------------------------


def test_nothing_before_the_plan_starts(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    assert run(read_rows, plan, [], D(2015, 12, 28)) == []


def test_most_urgent_first_one_line_each(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, DECORATED_BO_DE, D(2016, 2, 2))
    ranks = [alerts.SEVERITY_RANK[a.severity] for a in found]
    assert ranks == sorted(ranks)
    assert found[0].severity == "critical"
    kinds = {a.kind for a in found}
    assert {"form_missed", "themes_overdue", "reports_due", "wards_idle", "themes_open"} <= kinds
    for alert in found:
        assert "\n" not in alert.text and alert.text.strip() == alert.text


def test_alerts_in_english(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, DECORATED_BO_DE, D(2016, 1, 5), lang="en")
    alert = by_kind(found, "form_due")
    assert alert is not None
    assert alert.text.startswith("Deadline") and "(2 days left)" in alert.text
    assert "13/14 wards" in alert.text


@pytest.mark.parametrize(("count", "shown", "more"), [(3, 3, None), (14, 14, None), (20, 20, None), (76, 15, 61)])
def test_a_long_list_of_places_is_cut_to_a_readable_line(count: int, shown: int, more: int | None) -> None:
    names = [f"Phường {i}" for i in range(count)]
    line = alerts._listing(names, "vi")
    assert line.count("Phường") == shown
    if more is None:
        assert "…" not in line
    else:
        assert line.endswith(strings.t("alert_more", "vi", n=more))


def test_theme_alerts_name_the_themes_with_code_and_short_label(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, TRUOC_COVERED_BUT_ND16, D(2016, 1, 20))
    alert = by_kind(found, "themes_overdue")
    assert alert is not None and alert.where == ("ND1.6",)
    assert alert.names == ("ND1.6 (Gương điển hình; công trình chào mừng)",)
    assert alert.text == f"{alert.head}: ND1.6 (Gương điển hình; công trình chào mừng)"


def test_alert_names_are_the_full_list_even_when_the_line_is_cut(read_rows: Callable[..., Dataset], plan: Plan) -> None:
    found = run(read_rows, plan, [], D(2016, 1, 10))
    idle = by_kind(found, "wards_idle")
    assert idle is not None and list(idle.names) == ALL_WARDS
    assert idle.text == f"{idle.head}: {', '.join(ALL_WARDS)}"
