"""Entry point: page config and navigation, nothing else."""

import streamlit as st

from services.core import strings
from ui import auth, navigation

lang = st.session_state.get("lang", "vi")
st.set_page_config(page_title=strings.t("app_title", lang), page_icon=":material/flag:", layout="wide")
access = auth.gate([p.path for p in navigation.PAGES], lang)  # who is here; shown in the sidebar
allowed = [p for p in navigation.PAGES if p.path in access.pages]
pages = [
    st.Page(p.path, title=strings.t(p.title_key, lang), icon=p.icon, default=(index == 0))
    for index, p in enumerate(allowed)
]
# Signed out, the sign-in page is the only page; signed in, it stays registered but hidden.
signin = navigation.SIGNIN
pages.append(st.Page(signin.path, title=strings.t(signin.title_key, lang), icon=signin.icon,
                     default=not allowed, visibility="hidden" if allowed else "visible"))  # fmt: skip
if not allowed:
    # Signed out, every page's address shows the sign-in form instead of "page not found", so a
    # shared link keeps its page and ?ngay=; once signed in the real page (same URL path) runs.
    pages += [st.Page(auth.sign_in_here, title=strings.t(signin.title_key, lang), url_path=p.stem,
                      visibility="hidden") for p in navigation.PAGES]  # fmt: skip
st.navigation(pages).run()
