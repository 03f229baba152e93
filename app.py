"""Entry point: page config and navigation, nothing else."""

import streamlit as st

from services import strings
from ui import auth

lang = st.session_state.get("lang", "vi")
st.set_page_config(page_title=strings.t("app_title", lang), page_icon=":material/flag:", layout="wide")
PAGES = [
    ("pages/overview.py", "page_overview", ":material/dashboard:"),
    ("pages/meeting.py", "page_meeting", ":material/co_present:"),
    ("pages/map.py", "page_map", ":material/map:"),
    ("pages/themes.py", "page_themes", ":material/checklist:"),
    ("pages/units.py", "page_units", ":material/account_balance:"),
    ("pages/quality.py", "page_quality", ":material/report:"),
    ("pages/log.py", "page_log", ":material/list_alt:"),
    ("pages/entry.py", "page_entry", ":material/edit_note:"),
]
access = auth.gate([path for path, _, _ in PAGES], lang)  # who is here; shown in the sidebar
allowed = [entry for entry in PAGES if entry[0] in access.pages]
pages = [
    st.Page(path, title=strings.t(key, lang), icon=icon, default=(index == 0))
    for index, (path, key, icon) in enumerate(allowed)
]
# Signed out, the sign-in page is the only page; signed in, it stays registered but hidden.
signin_visibility = "hidden" if allowed else "visible"
pages.append(st.Page("pages/signin.py", title=strings.t("page_signin", lang), icon=":material/login:",
                     default=not allowed, visibility=signin_visibility))  # fmt: skip
st.navigation(pages).run()
