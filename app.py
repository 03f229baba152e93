"""Entry point: page config and navigation, nothing else."""

import streamlit as st

from services import strings

st.set_page_config(page_title=strings.t("app_title"), page_icon="🚩", layout="wide")
lang = st.session_state.get("lang", "vi")
PAGES = [
    ("pages/overview.py", "page_overview", "📊"),
    ("pages/meeting.py", "page_meeting", "📽️"),
    ("pages/map.py", "page_map", "🗺️"),
    ("pages/themes.py", "page_themes", "✅"),
    ("pages/units.py", "page_units", "🏛️"),
    ("pages/quality.py", "page_quality", "⚠️"),
    ("pages/log.py", "page_log", "📋"),
    ("pages/entry.py", "page_entry", "✍️"),
]
pages = [
    st.Page(path, title=strings.t(key, lang), icon=icon, default=(index == 0))
    for index, (path, key, icon) in enumerate(PAGES)
]
st.navigation(pages).run()
