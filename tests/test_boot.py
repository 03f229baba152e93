"""The legacy-mode shim (ui/boot.py) against the pinned Streamlit: an upgrade that changes it fails here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ui import failsafe

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def legacy_flag() -> Iterator[None]:
    saved = PagesManager.uses_pages_directory
    yield
    PagesManager.uses_pages_directory = saved


def test_the_shim_was_checked_against_this_streamlit_version() -> None:
    assert streamlit.__version__ == "1.67.0", "re-check ui/boot.py against the new Streamlit, then update this pin"


def test_streamlit_enters_legacy_mode_for_an_app_with_a_pages_folder(legacy_flag: None, tmp_path: Path) -> None:
    PagesManager.uses_pages_directory = None
    PagesManager(str(ROOT / "app.py"), setup_watcher=False)
    assert PagesManager.uses_pages_directory is True
    PagesManager.uses_pages_directory = None
    (tmp_path / "app.py").write_text("", encoding="utf-8")  # no pages/ folder next to it
    PagesManager(str(tmp_path / "app.py"), setup_watcher=False)
    assert PagesManager.uses_pages_directory is False


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/log.py", "pages/quality.py"])
def test_a_page_switched_to_runs_inside_app_py(page: str, monkeypatch: pytest.MonkeyPatch, legacy_flag: None) -> None:
    runs: list[str] = []
    real_run = failsafe.run

    def counted(run: Callable[[], object], lang: str = "vi") -> None:
        runs.append(lang)
        real_run(run, lang)

    monkeypatch.setattr(failsafe, "run", counted)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert runs == ["vi"]
    at.switch_page(page).run()
    assert not at.exception
    assert runs == ["vi", "vi"]  # AppTest ran the page file in legacy mode; the shim sent it through app.py
    assert PagesManager.uses_pages_directory is False
