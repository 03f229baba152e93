"""Make every page run inside ``app.py``'s navigation, even when Streamlit runs a page file directly.

Streamlit keeps a legacy mode for apps with a ``pages/`` folder: until some
session has run ``st.navigation``, a deep link such as ``/log`` runs
``pages/log.py`` directly, without ``app.py`` (no page config, no sign-in gate,
no error handler, file names as navigation). AppTest even re-enters that mode
before every run. This module is the only place that touches the Streamlit
internal behind it (``PagesManager.uses_pages_directory``, streamlit 1.67;
tests/test_boot.py pins it). Pages also call ``auth.guard`` themselves, so data
stays protected either way.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def leave_legacy_navigation() -> None:
    """Run ``app.py`` (its navigation then runs this page) when Streamlit ran this page file directly."""
    if not PagesManager.uses_pages_directory:
        return
    # The same switch st.navigation flips on its first call (streamlit 1.67).
    PagesManager.uses_pages_directory = False
    # A session's first run carries no click or form input: start over through app.py.
    if not st.session_state:
        st.rerun()
    # A later run may carry input (a click) that a rerun would drop: run app.py now, in this
    # same run, then end the direct run of the page file.
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()
