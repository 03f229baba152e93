"""The meeting page (AppTest): it runs, and shows the figures services.figures.metrics computes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
import pytest

from services.core import config, strings
from services.core.config import Plan
from services.figures import brief, filters
from services.ingest.reading.reader import Dataset
from tests.conftest import reports_value
from ui.views import brief_view

PAGE = "pages/meeting.py"


def markdown_text(at: Any) -> str:
    """Markdown shown on the page with its escapes removed."""
    return "\n".join(m.value.replace("\\", "") for m in at.markdown)


def chart_data(chart: Any) -> list[list[dict[str, Any]]]:
    """The datasets Streamlit sends beside a chart's spec (as Arrow)."""
    return [pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.proto.datasets]


def expected_figures(summary: dict[str, Any], plan: Plan) -> list[str]:
    wards = summary["wards"].values()
    themes = summary["themes"].values()
    reports = list(summary["reports"].values())
    return [
        f"{sum(summary['forms'].values()):,}".replace(",", "."),
        f"{sum(1 for w in wards if w['activities'])}/{len(wards)}",
        f"{sum(1 for t in themes if t['covered'])}/{len(themes)}",
        reports_value(reports, dt.date.fromisoformat(summary["as_of"]), plan.report_deadline),
    ]


@pytest.mark.parametrize("day", [None, dt.date(2015, 12, 20), dt.date(2016, 1, 25), dt.date(2016, 2, 10)], ids=str)
def test_figures_equal_the_metrics(
    open_page: Any, plan: Plan, demo_data: Dataset, cli_summary: Any, day: dt.date | None
) -> None:
    at = open_page(PAGE, as_of=day)
    assert not at.exception
    shown = day or config.load_settings().demo_as_of
    summary = cli_summary(shown)
    assert [m.value for m in at.metric] == expected_figures(summary, plan)
    made = brief.build(plan, demo_data.activities, demo_data.reports, shown)
    assert [(m.label, m.value) for m in at.metric] == [(f.label, f.text()) for f in made.figures]
    text = markdown_text(at)
    assert made.countdown in text and made.phase_label in text
    for alert in made.alerts:  # every alert in full: its sentence, its first names, the rest behind "+N"
        names = brief.name_list(alert.names)
        prefix = f"{names.prefix}: " if names.prefix else ""
        assert f"{alert.head}: {prefix}{', '.join(names.shown)}" in text
        if names.hidden:
            assert ", ".join(n.removeprefix(f"{names.prefix} ") for n in alert.names) in text
    if not made.alerts:
        assert strings.t("brief_no_alerts") in text
    for item in made.themes:  # codes, with the short name where the theme still needs work
        shown = plan.theme_names[item.code] if item.state in ("open", "overdue") else item.code
        assert f":{brief_view.STATE_BADGES[item.state]}-badge[{shown}]" in text
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    assert len(charts) == 1
    rows = [r for d in chart_data(charts[0]) for r in d if "grade" in r]
    assert {r["code"]: r["value"] for r in rows} == {c: float(t.activities) for c, t in made.wards.items()}


def test_downloads_are_offered(open_page: Any) -> None:
    at = open_page(PAGE)
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {"meeting_pdf": "Bản tin PDF", "meeting_docx": "Báo cáo Word", "meeting_xlsx": "Số liệu Excel"}


def test_sidebar_filters_narrow_the_brief_and_say_so(open_page: Any, plan: Plan, demo_data: Dataset) -> None:
    at = open_page(PAGE)
    at.sidebar.multiselect(key="f_forms").set_value(["hoi_nghi_bcv"]).run()
    assert not at.exception
    day = config.load_settings().demo_as_of
    kept = filters.by_sidebar(plan, demo_data.activities, forms=["hoi_nghi_bcv"])
    made = brief.build(plan, kept, demo_data.reports, day)
    assert [m.value for m in at.metric] == [f.text() for f in made.figures]
    assert at.metric[0].value != str(len([a for a in demo_data.activities if a.date <= day]))
    assert strings.t("meeting_filtered") in [c.value for c in at.caption]


def test_english(open_page: Any) -> None:
    at = open_page(PAGE, lang="en")
    assert not at.exception
    assert [m.label for m in at.metric] == [
        "Activities",
        "Wards with activities",
        "Themes covered",
        "Reports submitted",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("[bấm](http://evil.example)", "\\[bấm\\]\\(http\u2060\\://evil\\.example\\)"),  # no autolink
        (":red[Lỗi] **đậm**", "\\:red\\[Lỗi\\] \\*\\*đậm\\*\\*"),
        ("Đảng ủy phường Bồ Đề", "Đảng ủy phường Bồ Đề"),
        ("dòng 1\ndòng 2", "dòng 1 dòng 2"),
    ],
)
def test_plain_escapes_markdown(value: str, shown: str) -> None:
    assert brief_view.plain(value) == shown


def test_data_freshness_is_on_screen(open_page: Any) -> None:
    """The time the app's own read was made (the shared store may have read before this test)."""
    import re

    from ui import store

    at = open_page(PAGE)
    shown = re.search(r"dữ liệu lúc (\d\d:\d\d)", markdown_text(at))
    assert shown, "no freshness line"
    made = {d.read_at.strftime("%H:%M") for d in store.DATASETS.values() if getattr(d, "read_at", None)}
    assert shown.group(1) in made


@pytest.mark.parametrize(
    ("names", "prefix", "shown", "hidden"),
    [
        (["Đảng ủy phường Gia Thụy", "Đảng ủy phường Cự Khối"], "Đảng ủy phường", ["Gia Thụy", "Cự Khối"], []),
        (["Phúc Lợi", "Phúc Đồng"], "", ["Phúc Lợi", "Phúc Đồng"], []),  # one shared word is no prefix
        (["Đảng ủy phường Bồ Đề"], "", ["Đảng ủy phường Bồ Đề"], []),  # a single name stays whole
        (["A", "B", "C", "D"], "", ["A", "B", "C", "D"], []),
        (["A", "B", "C", "D", "E"], "", ["A", "B", "C"], ["D", "E"]),
        ([], "", [], []),
    ],
)
def test_name_list(names: list[str], prefix: str, shown: list[str], hidden: list[str]) -> None:
    assert brief.name_list(names) == brief.NameList(prefix, tuple(shown), tuple(hidden))


def test_a_new_session_reuses_the_map_spec(open_page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the Altair map costs more than the figures: a second session of the same data builds none."""
    from services.render import maps

    first = open_page(PAGE)
    built: list[str] = []
    real = maps.ward_map
    monkeypatch.setattr(maps, "ward_map", lambda *args, **kw: built.append("map") or real(*args, **kw))
    second = open_page(PAGE)
    assert not second.exception and built == []
    specs = [
        c.proto.spec for at in (first, second) for c in at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    ]
    assert len(specs) == 2 and specs[0] == specs[1]
    assert json.loads(specs[0])["title"] == strings.t("brief_map")
