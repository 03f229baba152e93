"""English plan labels (label_en), one number format per language, English singulars."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core import config, strings, text
from services.core.config import Plan
from services.figures import coverage, tables
from tests.conftest import run_page


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
    assert text.format_int(7060, lang) == coverage.fmt_int(7060, lang) == shown


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


def test_tables_use_the_english_labels(plan: Plan) -> None:
    frame = tables.theme_rows(plan, [], dt.date(2016, 1, 10), "en")
    assert list(frame[strings.t("tbl_theme", "en")]) == [config.label(t, "en") for t in plan.themes]
    assert tables.phase_label(plan, "trong", "en") == "During the Congress"
