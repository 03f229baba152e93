"""Entry point: page config and navigation, nothing else."""

from pathlib import Path

import streamlit as st

from services.core import strings
from ui import auth, failsafe, links, navigation

# A file, not ":material/flag:": Streamlit fetches Material favicons from fonts.gstatic.com; a local
# SVG is sent inline as a data: URI, so the browser asks no outside host (closed networks, issue 15).
FAVICON = Path(__file__).parent / "assets" / "favicon.svg"

lang = links.language(st.session_state.get("lang", "vi"))  # ?lang= of a shared link first
navigation.use_plan_words(lang)
st.set_page_config(page_title=strings.t("app_title", lang), page_icon=FAVICON, layout="wide")
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
failsafe.run(st.navigation(pages).run, lang)  # a bug is logged, shown as a generic message
