"""The pages of the dashboard, in menu order: one list for app.py and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from services.core import strings
from services.core.errors import DashboardError
from services.ingest import loader
from ui import widgets


@dataclass(frozen=True)
class PageEntry:
    path: str  # the page script, relative to app.py
    title_key: str  # its title in services.core.strings
    icon: str

    @property
    def stem(self) -> str:
        return Path(self.path).stem


PAGES = [
    PageEntry("pages/overview.py", "page_overview", ":material/dashboard:"),
    PageEntry("pages/meeting.py", "page_meeting", ":material/co_present:"),
    PageEntry("pages/map.py", "page_map", ":material/map:"),
    PageEntry("pages/themes.py", "page_themes", ":material/checklist:"),
    PageEntry("pages/units.py", "page_units", ":material/account_balance:"),
    PageEntry("pages/quality.py", "page_quality", ":material/report:"),
    PageEntry("pages/log.py", "page_log", ":material/list_alt:"),
    PageEntry("pages/entry.py", "page_entry", ":material/edit_note:"),
]
SIGNIN = PageEntry("pages/signin.py", "page_signin", ":material/login:")


def use_plan_words(lang: str) -> None:
    """Texts of this script run use the plan's words (phường/xã…); a plan that does not load stops the run.

    Called by app.py and again by every page (Streamlit may run a page file without app.py:
    see ui/boot.py). The error page names the file, the key and the problem, never shows another plan.
    """
    try:
        plan, _ = loader.load_config()
    except DashboardError as err:
        strings.use_terms(strings.GENERIC_TERMS)
        widgets.config_error(err, lang)
        st.stop()
    strings.use_terms(strings.terms_of(plan))
