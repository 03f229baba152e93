"""Another campaign is another file: the plan is chosen the same way everywhere (issue 12).

Order: ``--config`` → ``$DASHBOARD_PLAN`` → ``plan:`` in the settings file (``$DASHBOARD_SETTINGS``)
→ ``config/plan.yaml``. The dashboard, every CLI command and the demo generator follow it, and a
plan that does not load is reported (file, key, problem), never replaced by the old plan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from services import cli
from services.core import config, strings
from services.core.config import paths
from services.write import demo
from tests.conftest import ROOT, TET_PLAN, run_page
from ui import navigation, widgets

TET_WARDS = {w.code for w in config.load_plan(TET_PLAN).wards}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def tet_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo generator's workbook for the Tết plan."""
    return demo.write_workbook(config.load_plan(TET_PLAN), tmp_path_factory.mktemp("tet") / "tet.xlsx")


def _wards_in_summary(source: Path, *extra: str) -> set[str]:
    status, out, err = _cli("summary", "--source", str(source), "--as-of", "2017-01-20", *extra)
    assert status == 0, err
    return set(json.loads(out)["wards"])


def test_the_default_plan_is_config_plan_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.PLAN_ENV, raising=False)
    monkeypatch.delenv(paths.SETTINGS_ENV, raising=False)
    assert config.plan_path() == paths.CONFIG_DIR / "plan.yaml"


def test_dashboard_plan_env_chooses_the_plan(monkeypatch: pytest.MonkeyPatch, tet_workbook: Path) -> None:
    monkeypatch.setenv(paths.PLAN_ENV, str(TET_PLAN))
    assert config.plan_path() == TET_PLAN
    assert _wards_in_summary(tet_workbook) == TET_WARDS


def test_the_config_flag_wins_over_the_env(monkeypatch: pytest.MonkeyPatch, tet_workbook: Path) -> None:
    monkeypatch.setenv(paths.PLAN_ENV, str(ROOT / "config" / "plan.yaml"))
    assert _wards_in_summary(tet_workbook, "--config", str(TET_PLAN)) == TET_WARDS


def test_the_settings_file_names_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tet_workbook: Path) -> None:
    """``plan:`` and ``sheet_schema:`` are read, relative to the settings file chosen by DASHBOARD_SETTINGS."""
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "tet.yaml").write_text(TET_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sheet.yaml").write_text((ROOT / "config" / "sheet.yaml").read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "settings.yaml").write_text("plan: campaign/tet.yaml\nsheet_schema: sheet.yaml\n", encoding="utf-8")
    monkeypatch.delenv(paths.PLAN_ENV, raising=False)
    monkeypatch.setenv(paths.SETTINGS_ENV, str(tmp_path / "settings.yaml"))
    assert config.plan_path() == (tmp_path / "campaign" / "tet.yaml").resolve()
    assert paths.schema_file(config.load_settings().sheet_schema) == (tmp_path / "sheet.yaml").resolve()
    assert _wards_in_summary(tet_workbook) == TET_WARDS


def test_an_edited_plan_is_read_again(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(TET_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert config.load_plan(plan_file).short_name == "KH 05-KH/HU"
    plan_file.write_text(TET_PLAN.read_text(encoding="utf-8").replace("KH 05-KH/HU", "KH 06-KH/HU"), "utf-8")
    assert config.load_plan(plan_file).short_name == "KH 06-KH/HU"


@pytest.fixture
def broken_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Tết plan whose first theme names a phase that does not exist."""
    broken = tmp_path / "broken.yaml"
    lines = TET_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if 'code: "T1"' in line)
    lines[first] = lines[first].replace("phase: chuan_bi", "phase: nope")
    broken.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv(paths.PLAN_ENV, str(broken))
    return broken


def test_a_broken_plan_stops_the_cli_with_one_line(broken_plan: Path) -> None:
    status, out, err = _cli("summary", "--source", str(ROOT / "data" / "demo.xlsx"), "--as-of", "2017-01-20")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "broken.yaml" in err and "themes[0]" in err


def test_a_broken_plan_shows_an_error_page_not_the_old_plan(broken_plan: Path) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert strings.t("config_error") in shown and widgets.md_escape("themes[0]") in shown and "/" not in shown
    assert not at.metric  # no figures from any plan


# --- the demo generator follows the plan ------------------------------------


def _cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        book.close()


def test_demo_for_another_plan_uses_only_that_plan(tet_workbook: Path) -> None:
    cells = " ".join(_cells(tet_workbook))
    assert "Long Biên" not in cells and "Toàn quận" not in cells and "2016" not in cells
    status, out, _ = _cli("summary", "--source", str(tet_workbook), "--as-of", "2017-03-01", "--config", str(TET_PLAN))
    summary = json.loads(out)
    assert status == 0 and summary["rows"]["valid"] > 300
    assert summary["district_wide"]["activities"] > 0  # "Toàn huyện" and its variants were read as district-wide
    assert 0 < summary["rows"]["errors"] <= 10  # only the deliberate mistakes
    assert any(not t["covered"] for t in summary["themes"].values())  # a gap left on purpose


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--rows", "0"], "--rows"),
        (["--config", "/nonexistent/plan.yaml"], "không tìm thấy"),
    ],
)
def test_demo_refuses_bad_input_with_one_line(tmp_path: Path, argv: list[str], needle: str) -> None:
    status, _, err = _cli("demo", "--out", str(tmp_path / "x.xlsx"), *argv)
    assert status == 2 and err.count("\n") == 1 and needle in err


# --- the dashboard on another plan --------------------------------------------


def _texts(at: Any) -> Iterator[str]:
    """Every text the app sent to the browser (all elements, sidebar included)."""

    def walk(node: Any) -> Iterator[Any]:
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield from walk(child)

    def strings_in(message: Any) -> Iterator[str]:
        for descriptor, value in message.ListFields():
            if descriptor.name in {"min", "max"}:  # a date picker's bounds (a year either side), not shown text
                continue
            values = value if isinstance(value, Sequence) and not isinstance(value, str | bytes) else [value]
            for item in values:
                if isinstance(item, str):
                    yield item
                elif hasattr(item, "ListFields"):
                    yield from strings_in(item)

    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield from strings_in(proto)


@pytest.fixture
def tet_dashboard(monkeypatch: pytest.MonkeyPatch, tet_workbook: Path, use_source: Any) -> None:
    monkeypatch.setenv(paths.PLAN_ENV, str(TET_PLAN))
    use_source(tet_workbook)


@pytest.mark.parametrize("page", [p.path for p in navigation.PAGES])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_shows_the_other_plan_and_nothing_of_long_bien(tet_dashboard: None, page: str, lang: str) -> None:
    at = run_page(page, as_of=dt.date(2017, 1, 20), lang=lang)
    assert not at.exception
    shown = "\n".join(_texts(at))
    assert widgets.md_escape("KH 05-KH/HU") in shown and widgets.md_escape("tet_plan.yaml") in shown
    for foreign in ("Long Biên", "Long Bien", "2016", "2015", "Quận ủy", "phường"):
        where = shown.find(foreign)
        assert where < 0, f"{page} ({lang}) shows {foreign!r}: {shown[max(0, where - 80) : where + 40]!r}"
