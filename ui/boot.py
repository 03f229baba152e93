"""Make every page run inside ``app.py``'s navigation, even on a server's first request.

Streamlit keeps a legacy mode for apps with a ``pages/`` folder: until some
session has run ``st.navigation``, a deep link such as ``/log`` runs
``pages/log.py`` directly, without ``app.py`` (no page config, no sign-in gate,
file names as navigation). A page that finds itself in that mode switches it off
and reruns, so the same request goes through ``app.py`` and lands on the same page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_navigation() -> None:
    """Rerun through ``app.py`` when Streamlit ran this page file directly."""
    if PagesManager.uses_pages_directory:
        # The same switch st.navigation flips on its first call (streamlit 1.67).
        PagesManager.uses_pages_directory = False
        st.rerun()
