"""Tổng quan: where the campaign stands as of the chosen date, and what needs attention."""

import streamlit as st

from services.core import text
from services.figures import alerts, coverage, metrics, reporting
from services.ingest.reading import cells
from services.render import chart_specs
from ui import auth, context, widgets

BOXES = {"critical": st.error, "warning": st.warning, "info": st.info}
ICONS = {"critical": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}

auth.guard("overview")
ctx = context.sidebar()
plan, day, lang = ctx.plan, ctx.as_of, ctx.lang
st.title(ctx.t("page_overview"))

now = coverage.standing(plan, day, lang)
left, right = st.columns([1, 1], gap="medium")
with left.container(border=True):
    st.caption(ctx.t("ov_phase"))
    st.subheader(now.phase, anchor=False)
    st.text(now.phase_detail)
with right.container(border=True):
    st.caption(ctx.t("ov_next"))
    st.title(now.countdown, anchor=False)  # the big countdown
    if now.countdown_detail:
        st.text(now.countdown_detail)

st.subheader(ctx.t("ov_figures", date=cells.format_date(day)), anchor=False)
themes = metrics.theme_status(plan, ctx.counted, day)  # shared by the figures and the alerts
k = coverage.kpis(plan, ctx.counted, ctx.data.reports, day, themes=themes)
done = reporting.completeness(plan, ctx.data.reports, day)  # the meeting page's figure, the same definition
widgets.metrics(
    [
        (ctx.t("kpi_activities"), text.format_int(k.activities, lang)),
        (ctx.t("kpi_participants"), text.format_int(k.participants, lang)),
        (ctx.t("kpi_wards"), f"{k.wards_reached}/{k.wards_total}"),
        (ctx.t("kpi_themes"), f"{k.themes_covered}/{k.themes_total}"),
        (ctx.t("rep_label"), done.value(lang)),
    ],
    [
        ctx.t("kpi_activities_help"),
        None,
        ctx.t("kpi_wards_help", n=k.district_wide, wide=coverage.district_wide_name(plan, lang)),
        None,  # the label needs the room; overdue themes are among the alerts
        ctx.t("rep_help", total=done.expected, date=cells.format_date(done.deadline)),
    ],
    [None, None, None, None, (done.detail(lang), reporting.colour(done))],
)
if not ctx.counted:
    st.info(ctx.t("ov_empty", date=cells.format_date(day)))

st.subheader(ctx.t("ov_alerts"), anchor=False)
found = alerts.compute(plan, ctx.activities, ctx.data.reports, day, lang, themes=themes, blocked=ctx.data.blocked)
if not found:
    st.success(ctx.t("ov_no_alerts"), icon=":material/check_circle:")
for alert in found:
    # Shown as text: markdown in names is escaped, and nothing is HTML.
    BOXES[alert.severity](widgets.md_escape(alert.text), icon=ICONS[alert.severity])

st.subheader(ctx.t("ov_timeline"), anchor=False)
st.vega_lite_chart(chart_specs.timeline(plan, day, lang), width="stretch")
