"""Make every page run inside ``app.py``'s navigation, even on a server's first request.

Streamlit keeps a legacy mode for apps with a ``pages/`` folder: until some
session has run ``st.navigation``, a deep link such as ``/log`` runs
``pages/log.py`` directly, without ``app.py`` (no page config, no sign-in gate,
file names as navigation). A new session that lands in that mode switches it
off and reruns, so the same request goes through ``app.py`` to the same page.
Pages also call ``auth.guard`` themselves, so data stays protected either way.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_navigation() -> None:
    """Rerun through ``app.py`` when Streamlit ran this page file directly."""
    if not PagesManager.uses_pages_directory:
        return
    # The same switch st.navigation flips on its first call (streamlit 1.67).
    PagesManager.uses_pages_directory = False
    # Only a session's first run is rerun: it carries no click or form input that a
    # rerun could drop. (AppTest runs every page switch in this legacy mode.)
    if not st.session_state:
        st.rerun()
