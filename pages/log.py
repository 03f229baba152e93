"""Nhật ký hoạt động: the valid activities, searchable and filterable, with a CSV download."""

import streamlit as st

from services.core import config, text
from services.figures import filters, tables
from services.ingest.reading import cells
from services.render import exports
from ui import auth, context, widgets

ROW_LIMIT = 1000

auth.guard("log")
ctx = context.sidebar()
st.title(ctx.t("page_log"))
if not ctx.data.activities:
    st.info(ctx.t("empty_activities"))
    st.stop()

query = st.text_input(ctx.t("log_search"), placeholder=ctx.t("log_search_hint"), key="log_query")
plan = ctx.plan
phase_labels = {p.key: config.label(p, ctx.lang) for p in plan.phases}
ward_labels = {filters.DISTRICT: ctx.t("district_wide")} | {w.code: w.name for w in plan.wards}
form_labels = {f.key: config.label(f, ctx.lang) for f in plan.forms}
unit_labels = {u.name: u.name for u in plan.units} | {filters.OTHER: ctx.t("other_unit")}
FILTER_KEYS = ("log_phases", "log_wards", "log_forms", "log_units")
active = sum(1 for key in FILTER_KEYS if st.session_state.get(key))
label = ctx.t("log_filters", n=active) if active else ctx.t("sb_filters")
with st.expander(label, expanded=bool(active), icon=":material/filter_alt:"):  # folded: phones see the table
    pick = st.columns(4)
    choices = [
        (ctx.t("log_phase"), phase_labels),
        (ctx.t("log_ward"), ward_labels),
        (ctx.t("log_form"), form_labels),
        (ctx.t("log_unit"), unit_labels),
    ]
    phases, wards, forms, units = (
        column.multiselect(name, list(labels), format_func=labels.__getitem__, placeholder=ctx.t("sb_all"), key=key)
        for column, (name, labels), key in zip(pick, choices, FILTER_KEYS, strict=True)
    )
later = st.toggle(ctx.t("log_include_later"), key="log_later")

base = ctx.activities if later else ctx.counted
shown = filters.narrow(
    plan, base, ctx.data.activities, query or "", tuple(phases), tuple(wards), tuple(forms), tuple(units)
)
people = sum(a.participants or 0 for a in shown)
st.caption(
    ctx.t(
        "log_shown",
        shown=text.format_int(len(shown), ctx.lang),
        total=text.format_int(len(base), ctx.lang),
        people=text.format_int(people, ctx.lang),
    )
)
if not base:
    st.info(ctx.t("empty_counted", date=cells.format_date(ctx.as_of)))
elif not shown:
    st.info(ctx.t("log_no_match"))
else:
    # A table of the newest rows keeps the page fast; the CSV has every row shown.
    widgets.table(tables.activities_table(plan, shown[:ROW_LIMIT], ctx.lang), ctx.lang, height=560)
    if len(shown) > ROW_LIMIT:
        st.caption(ctx.t("log_limited", limit=text.format_int(ROW_LIMIT, ctx.lang)))
    st.download_button(
        ctx.t("log_download"),
        lambda: exports.to_csv_bytes(tables.activities_table(plan, shown, ctx.lang)),
        file_name=f"nhat-ky-hoat-dong-{ctx.as_of:%Y%m%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="download_log",
    )
