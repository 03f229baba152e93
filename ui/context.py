"""The sidebar every page shows, and the context it gives the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from services import cells, config, loader, store, strings
from services.config import Plan, SheetSchema
from services.errors import DashboardError
from services.reader import Activity, Dataset


@dataclass
class Context:
    plan: Plan
    schema: SheetSchema
    data: Dataset
    as_of: dt.date
    lang: str
    activities: list[Activity]  # valid rows after the sidebar filters
    counted: list[Activity]  # ... and dated on or before ``as_of``

    def t(self, key: str, **params: object) -> str:
        return strings.t(key, self.lang, **params)


@st.cache_resource(show_spinner=False)
def _config() -> tuple[Plan, SheetSchema, config.Settings]:
    plan, schema = loader.load_config()
    return plan, schema, config.load_settings()


def sidebar() -> Context:
    """Draw the sidebar; stop the page with a clear message if data can't be read."""
    try:
        plan, schema, settings = _config()
    except DashboardError as err:
        st.error(f"{strings.t('config_error')}: {err}")
        st.stop()
    lang = st.session_state.setdefault("lang", settings.language)
    source = loader.default_source()
    is_demo = not settings.sheet.strip()
    default_day = settings.demo_as_of if is_demo and settings.demo_as_of else dt.date.today()
    with st.sidebar:
        st.markdown(f"**{plan.short_name}**")
        st.caption(plan.name)
        as_of = st.date_input(strings.t("as_of", lang), value=default_day, format="DD/MM/YYYY", key="as_of")
    try:
        data = store.dataset(source, plan, schema)
    except DashboardError as err:
        st.error(f"{strings.t('source_error', lang)}: {err}")
        st.stop()
    with st.sidebar:
        st.caption(f"{strings.t('demo_data', lang) if is_demo else data.label} · {cells.format_date(as_of)}")
        if st.button(strings.t("refresh", lang)):
            store.clear()
            st.rerun()
    activities = data.activities
    counted = [a for a in activities if a.date <= as_of]
    return Context(plan, schema, data, as_of, lang, activities, counted)
