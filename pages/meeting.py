"""Họp nhanh: one projector screen for the 5-minute review, printable as is.

Phase and countdown, four headline figures, the ward map, the compact theme
checklist and the five most urgent alerts, all from ``services.figures.brief`` (the
same data the PDF brief prints). Downloads: the PDF brief, the Word draft of
the results report and the data tables as XLSX.
"""

import streamlit as st

from services.core import text
from services.core.errors import DashboardError
from services.figures import brief as briefs
from services.figures import coverage
from services.render import chart_specs
from ui import auth, context
from ui.views import brief_view

MAP_HEIGHT = 250

# The meeting screen needs the whole width of a 1024 px projector; the sidebar stays one click away.
st.set_page_config(initial_sidebar_state="collapsed")
auth.guard("meeting")
ctx = context.sidebar()
st.markdown(brief_view.STYLE, unsafe_allow_html=True)  # static CSS, no data
brief = briefs.build(ctx.plan, ctx.activities, ctx.data.reports, ctx.as_of, ctx.lang, blocked=ctx.data.blocked)
try:
    geojson = coverage.load_geojson(ctx.plan)
except DashboardError as err:
    st.error(ctx.t("map_geojson_error", error=text.public_error(err)))
    geojson = None

with st.container(key="meeting"):
    brief_view.heading(ctx, brief)
    if ctx.filtered:
        st.caption(ctx.t("meeting_filtered"))
    brief_view.figures(brief, ctx.lang)
    left, right = st.columns([9, 11], gap="medium")
    with left:
        values = {code: tally.activities for code, tally in brief.wards.items()}
        spec = chart_specs.ward_map(  # reused across sessions and reruns: building it costs more than the figures
            ctx.plan,
            values,
            ctx.t("brief_map_metric"),
            ctx.lang,
            geojson,
            ctx.plan.map.ward_property,
            no_data_label=ctx.t("map_no_data_activities"),
            height=MAP_HEIGHT,
        )
        # The first figure already says what is counted; the chart's own title would cost a projector line.
        st.vega_lite_chart({**spec, "title": ctx.t("brief_map")}, width="stretch")
        brief_view.downloads(ctx)
    with right:
        brief_view.themes(ctx, brief)
        brief_view.alerts(ctx, brief)
