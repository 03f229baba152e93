"""The sidebar on every page (AppTest): as-of date and shared links, source, refresh, filters, language."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.core import config, strings, text
from services.core.config import Plan
from services.core.errors import ConfigError
from services.figures import metrics
from services.ingest import loader
from services.ingest.reading.reader import Dataset
from tests.conftest import DEMO, ROOT, SCHEMA
from ui import store, widgets

THEMES = "pages/themes.py"
LOG = "pages/log.py"


@pytest.fixture(scope="module")
def demo(plan: Plan) -> Dataset:
    return loader.read_dataset(DEMO, plan, SCHEMA)


def _as_of(at: Any) -> dt.date:
    return at.sidebar.date_input(key="as_of").value


def _log_rows(at: Any) -> int:
    return len(at.dataframe[0].value) if at.dataframe else 0


def test_demo_opens_inside_the_campaign(open_page: Callable[..., Any]) -> None:
    at = open_page(THEMES)
    assert not at.exception
    assert _as_of(at) == config.load_settings().demo_as_of
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert strings.t("demo_data") in captions
    assert at.sidebar.markdown[0].value == f"**{widgets.md_escape('KH 17-KH/QU')}**"  # plan text is shown as text
    assert strings.t("sb_plan_file", file=widgets.md_escape("plan.yaml")) in captions


def test_a_shared_link_sets_the_date(open_page: Callable[..., Any], demo: Dataset, plan: Plan) -> None:
    day = dt.date(2016, 1, 25)
    at = open_page(THEMES, query={"ngay": day.isoformat()})
    assert _as_of(at) == day
    statuses = metrics.theme_status(plan, metrics.counted(demo.activities, day), day)
    assert at.metric[0].value == f"{sum(s.covered for s in statuses.values())}/{len(statuses)}"


@pytest.mark.parametrize("value", ["25/01/2016", "2016-02-30", "1990-01-01"])
def test_a_bad_link_date_is_reported_not_fatal(value: str) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["ngay"] = value
    at.run()  # the first page a shared link opens
    assert not at.exception
    assert _as_of(at) == config.load_settings().demo_as_of
    assert any(text.md_escape(value) in w.value for w in at.sidebar.warning)
    # the bad date is replaced in the address by the date shown (always written)
    assert at.query_params["ngay"] == config.load_settings().demo_as_of.isoformat()


@pytest.mark.parametrize(
    "value",
    [
        "[Phiên đã hết hạn, bấm để đăng nhập lại](http://evil.example/login)",
        "$x^2$ **bold**",
        ":red[đỏ] <b>in đậm</b> ![x](http://evil.example/x.png)",
    ],
)
def test_a_hostile_link_date_is_shown_as_text(value: str) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["ngay"] = value
    at.run()
    warnings = [w.value for w in at.sidebar.warning if "YYYY" in w.value]
    assert len(warnings) == 1
    assert text.md_escape(value) in warnings[0]  # every Markdown character escaped: no link, no bold, no math


def test_changing_the_date_updates_the_link_and_survives_page_switches(open_page: Callable[..., Any]) -> None:
    day = dt.date(2016, 1, 28)
    at = open_page(THEMES, as_of=day)
    assert at.query_params["ngay"] == "2016-01-28"
    at.switch_page("pages/units.py").run()
    assert _as_of(at) == day
    at.switch_page(THEMES).run()
    assert _as_of(at) == day


def test_as_of_changes_what_counts(open_page: Callable[..., Any], demo: Dataset) -> None:
    early, late = dt.date(2016, 1, 10), dt.date(2016, 1, 30)
    at = open_page(LOG, as_of=early)
    assert _log_rows(at) == len(metrics.counted(demo.activities, early))
    at.sidebar.date_input(key="as_of").set_value(late).run()
    assert _log_rows(at) == len(metrics.counted(demo.activities, late)) > len(metrics.counted(demo.activities, early))


def test_language_switch(open_page: Callable[..., Any]) -> None:
    at = open_page(THEMES)
    assert at.title[0].value == strings.t("page_themes")
    at.sidebar.radio(key="lang_choice").set_value("en").run()
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == "Theme checklist"
    at.switch_page("pages/units.py").run()
    assert at.title[0].value == "Units"  # the choice holds on every page
    assert at.sidebar.radio(key="lang_choice").value == "en"


@pytest.mark.parametrize(
    ("groups", "forms"),
    [(["co_so_dang"], []), ([], ["co_dong_truc_quan", "sinh_hoat"]), (["_other"], [])],
)
def test_filters_narrow_every_page_and_persist(
    open_page: Callable[..., Any], demo: Dataset, plan: Plan, groups: list[str], forms: list[str]
) -> None:
    from services.figures import filters

    at = open_page(LOG)
    at.sidebar.multiselect(key="f_groups").set_value(groups)
    at.sidebar.multiselect(key="f_forms").set_value(forms).run()
    day = config.load_settings().demo_as_of
    expected = metrics.counted(filters.by_sidebar(plan, demo.activities, groups, forms), day)
    assert 0 < _log_rows(at) == len(expected) < len(metrics.counted(demo.activities, day))
    assert at.main.info  # says the figures are filtered
    at.switch_page(THEMES).run()
    assert at.sidebar.multiselect(key="f_groups").value == groups
    assert at.sidebar.multiselect(key="f_forms").value == forms


def test_another_source_shows_its_name_and_read_time(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path
) -> None:
    use_source(empty_workbook)
    at = open_page(THEMES)
    assert _as_of(at) == dt.date.today()  # not the demo: today
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "empty" in captions and strings.t("demo_data") not in captions
    assert "đọc lúc" in captions


def test_stale_data_warns(open_page: Callable[..., Any], demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = dataclasses.replace(demo, stale_reason="Google Sheets không trả lời (lần đọc 10:05)")
    monkeypatch.setattr(store, "dataset", lambda *args, **kw: stale)
    at = open_page(THEMES)
    assert not at.exception
    assert "Google Sheets không trả lời" in at.main.warning[0].value


def test_a_sheet_title_is_shown_as_text(
    open_page: Callable[..., Any], demo: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    titled = dataclasses.replace(demo, label="[Bấm vào đây](https://evil.example) **KHẨN**", kind="google")
    monkeypatch.setattr(store, "dataset", lambda *args, **kw: titled)
    monkeypatch.setattr(loader, "default_source", lambda: "https://docs.google.com/spreadsheets/d/KEY/edit")
    at = open_page(THEMES)
    caption = next(c.value for c in at.sidebar.caption if "Bấm vào đây" in c.value)
    assert widgets.md_escape(titled.label) in caption  # escaped: no link, no bold


def test_unreadable_source_says_what_to_do(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], tmp_path: Path
) -> None:
    use_source(tmp_path / "missing.xlsx")
    at = open_page(THEMES)
    assert not at.exception
    assert strings.t("source_error") in at.error[0].value
    assert at.info[0].value == strings.t("sb_source_fix")
    assert not at.title  # the page stopped


def test_bad_config_says_what_to_do(open_page: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise ConfigError("config/settings.yaml: sheet: phải là chuỗi")

    monkeypatch.setattr(loader, "default_source", broken)
    at = open_page(THEMES)
    assert not at.exception
    assert widgets.md_escape("config/settings.yaml: sheet: phải là chuỗi") in at.error[0].value
    assert at.info[0].value == strings.t("sb_config_fix")


def test_refresh_clears_the_cache(open_page: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = store.clear
    monkeypatch.setattr(store, "clear", lambda: (calls.append(1), real()))
    at = open_page(THEMES)
    at.sidebar.button[0].click().run()
    assert calls == [1]
    assert not at.exception
