"""Every page registered in app.py runs without an exception, on the demo and on an empty workbook."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services import strings
from tests.conftest import ROOT


def registered_pages() -> list[str]:
    """The page files of app.py's ``PAGES`` list (read from its source, so a new page is tested at once)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets)
    )
    found = [
        node.value
        for node in ast.walk(pages)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if node.value.startswith("pages/") and node.value.endswith(".py")
    ]
    return list(dict.fromkeys(found))


def _has_heading(at: Any) -> bool:
    return bool(at.title or at.header or any(m.value.startswith("#") for m in at.main.markdown))


def _failures(at: Any) -> list[str]:
    """Errors that mean the page could not work (pages may use st.error for alerts)."""
    starts = (strings.t("source_error"), strings.t("config_error"))
    return [e.value for e in at.error if e.value.startswith(starts)]


PAGES = registered_pages()


def test_app_registers_the_dashboard_pages() -> None:
    expected = {"overview", "map", "themes", "units", "quality", "log"}
    assert expected <= {Path(p).stem for p in PAGES}
    assert all((ROOT / p).is_file() for p in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_the_demo(open_page: Callable[..., Any], page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not _failures(at)
    assert _has_heading(at), "every page has a main heading"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_an_empty_workbook(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], empty_workbook: Path, page: str
) -> None:
    use_source(empty_workbook)
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not _failures(at)
    assert _has_heading(at)
