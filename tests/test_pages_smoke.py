"""Every page registered in app.py runs without an exception, on the demo and on an empty workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.core import strings
from tests.conftest import ROOT
from ui import navigation


def registered_pages() -> list[str]:
    """The page files app.py registers (its ``navigation.PAGES``), so a new page is tested at once."""
    return [page.path for page in navigation.PAGES]


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
