"""The single top-level handler around every page: a bug is logged, never masked.

Pages catch the errors they expect (``DashboardError``: a bad file, Google
unreachable) and say what to do. Anything else is a bug: it is written to the
server log with its traceback and the user sees one generic message, never
stale data presented as if nothing happened and never the traceback itself.
Streamlit's own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``)
raises ``BaseException`` subclasses and passes through untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from services.core import strings

log = logging.getLogger(__name__)


def run(page: Callable[[], object], lang: str = "vi") -> None:
    """Run ``page``; log an unexpected exception with its traceback and show a generic message."""
    try:
        page()
    except Exception:
        log.exception("unexpected error while running a page")
        st.error(strings.t("app_unexpected_error", lang))
