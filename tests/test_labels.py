"""English plan labels (label_en), one number format per language, English singulars."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
import pytest

from services.core import config, strings, text
from services.core.config import Plan
from services.figures import tables
from tests.conftest import run_page
from ui import widgets


@pytest.mark.parametrize(
    ("kind", "index", "lang", "shown"),
    [
        ("phases", 0, "en", "Before the Congress"),
        ("phases", 0, "vi", "Trước Đại hội"),
        ("forms", 4, "en", "Sports"),
        ("forms", 4, "vi", "Thể dục - thể thao"),
        ("unit_groups", 2, "en", "District People's Committee"),
        ("milestones", 2, "en", "12th Congress opens"),
        ("themes", 6, "en", "Stature and meaning of the 12th Congress"),
    ],
)
def test_label_follows_the_language(plan: Plan, kind: str, index: int, lang: str, shown: str) -> None:
    assert config.label(getattr(plan, kind)[index], lang) == shown


def test_a_plan_without_english_labels_falls_back(tet_plan: Plan) -> None:
    phase = tet_plan.phases[0]
    assert not phase.label_en and config.label(phase, "en") == phase.label


@pytest.mark.parametrize(
    ("key", "n", "shown"),
    [
        ("fig_themes_detail", 1, "1 theme overdue"),
        ("fig_themes_detail", 2, "2 themes overdue"),
        ("fig_themes_detail", 0, "0 themes overdue"),
        ("ov_countdown", 1, "1 day left"),
        ("th_count", 1, "1 activity"),
        ("un_unit_count", 3, "3 units"),
    ],
)
def test_english_singular(key: str, n: int, shown: str) -> None:
    assert strings.t(key, "en", n=n) == shown


def test_every_singular_has_its_plural() -> None:
    for lang, catalog in strings.CATALOG.items():
        for key in catalog:
            if key.endswith(strings.ONE):
                assert key.removesuffix(strings.ONE) in catalog, (lang, key)


@pytest.mark.parametrize(("lang", "shown"), [("vi", "7.060"), ("en", "7,060")])
def test_one_number_format(lang: str, shown: str) -> None:
    assert text.format_int(7060, lang) == text.format_int(7060, lang) == shown


def test_english_screens_use_the_english_labels(plan: Plan) -> None:
    at = run_page("pages/units.py", as_of=dt.date(2016, 2, 10), lang="en")
    assert not at.exception
    headings = [s.value for s in at.subheader]
    assert [config.label(g, "en") for g in plan.unit_groups] == [
        h for h in headings if h in {g.label_en for g in plan.unit_groups}
    ]
    assert not any(g.label in headings for g in plan.unit_groups)
    labels = {config.label(f, "en") for f in plan.forms}
    assert at.sidebar.multiselect(key="f_forms").options == sorted(
        labels, key=[config.label(f, "en") for f in plan.forms].index
    )
    overview = run_page("pages/overview.py", as_of=dt.date(2016, 1, 10), lang="en")
    assert "Before the Congress" in [s.value for s in overview.subheader]


def _shown_text(at: Any) -> str:
    """Every value and widget description on the main area, as one text."""
    return "\n".join(repr(getattr(el, "value", "")) + str(getattr(el, "proto", "")) for el in at.main)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/themes.py", "pages/map.py", "pages/meeting.py"])
def test_no_vietnamese_plan_label_on_an_english_screen(plan: Plan, page: str) -> None:
    """In English mode, a phase, milestone, form or theme with an English label never shows its Vietnamese one."""
    items = [*plan.phases, *plan.milestones, *plan.forms, *plan.themes, *plan.unit_groups]
    translated = {item.label for item in items if item.label_en and item.label_en != item.label}
    # 24/01: during the Congress, a milestone with a form already missed, themes of every state.
    at = run_page(page, as_of=dt.date(2016, 1, 24), lang="en")
    assert not at.exception
    shown = _shown_text(at)
    assert [label for label in translated if label in shown] == []
    assert any(config.label(item, "en") in shown for item in items)


def test_tables_use_the_english_labels(plan: Plan) -> None:
    frame = tables.theme_rows(plan, [], dt.date(2016, 1, 10), "en")
    assert list(frame[strings.t("tbl_theme", "en")]) == [config.label(t, "en") for t in plan.themes]
    assert tables.phase_label(plan, "trong", "en") == "During the Congress"


# --- tables: widths and the number format ----------------------------------------


def _column_config(at: Any, index: int) -> dict[str, Any]:
    return json.loads(at.dataframe[index].proto.columns)


def test_log_text_columns_are_wide_enough_for_their_longest_value() -> None:
    at = run_page("pages/log.py")
    frame = at.dataframe[0].value
    columns = _column_config(at, 0)
    for key in ("tbl_themes", "tbl_title", "tbl_unit", "tbl_form"):
        name = strings.t(key)
        longest = int(frame[name].astype("string").str.len().max())
        width = columns[name]["width"]
        assert width >= min(widgets.PX_MAX, longest * widgets.PX_PER_CHAR), name


@pytest.mark.parametrize(("lang", "shown"), [("vi", "4.048"), ("en", None)])
def test_table_counts_use_the_language_format(lang: str, shown: str | None) -> None:
    name = strings.t("tbl_participants", lang)
    frame = pd.DataFrame({name: pd.Series([4048, 12, None], dtype="Int64")})
    styled = widgets.styled(frame, lang)
    config_ = widgets.column_config(frame, lang)
    if lang == "vi":
        assert shown in styled.to_html() and name not in config_
    else:
        assert styled is frame and config_[name]["type_config"]["format"] == "%,d"


def test_small_counts_need_no_styler() -> None:
    frame = pd.DataFrame({strings.t("tbl_participants"): pd.Series([12, 999], dtype="Int64")})
    assert widgets.styled(frame, "vi") is frame


def test_a_count_column_with_only_blanks_needs_no_styler() -> None:
    frame = pd.DataFrame({strings.t("tbl_participants"): pd.Series([None, None], dtype="Int64")})
    assert widgets.styled(frame, "vi") is frame
