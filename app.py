"""Entry point: page config and navigation, nothing else."""

import streamlit as st

from services import strings

st.set_page_config(page_title=strings.t("app_title"), page_icon="🚩", layout="wide")
lang = st.session_state.get("lang", "vi")
pages = [
    st.Page("pages/overview.py", title=strings.t("page_overview", lang), icon="📊", default=True),
]
st.navigation(pages).run()
