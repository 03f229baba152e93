"""Entry point: page config and navigation, nothing else."""

import streamlit as st

from services import strings

st.set_page_config(page_title=strings.t("app_title"), page_icon=":material/flag:", layout="wide")
lang = st.session_state.get("lang", "vi")
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
pages = [
    st.Page(path, title=strings.t(key, lang), icon=icon, default=(index == 0))
    for index, (path, key, icon) in enumerate(PAGES)
]
st.navigation(pages).run()
