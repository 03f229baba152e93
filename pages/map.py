"""Bản đồ phường: ward coverage map, the ward × form matrix and one ward's activities."""

import streamlit as st

from services.core import config, text
from services.core.errors import DashboardError
from services.figures import coverage
from services.figures.mapping import geo
from services.ingest.reading import cells
from services.render import chart_specs, maps
from ui import auth, context, widgets
from ui.views import city, selection

WARD_KEY = "map_ward"  # the dropdown; a click on the map sets it too


auth.guard("map")
ctx = context.sidebar()
plan, day, lang = ctx.plan, ctx.as_of, ctx.lang
st.title(ctx.t("page_map"))

phase = coverage.current_phase(plan, day)
level = city.level_switch(ctx)  # "district" with several district sources: one tile per district
offered = coverage.METRICS if level == "ward" else coverage.DISTRICT_METRICS
if st.session_state.get("map_metric") not in (None, *offered):
    st.session_state["map_metric"] = offered[0]  # themes are counted per ward only
pick, scope_col = st.columns([1, 1])
metric = pick.radio(
    ctx.t("map_metric"),
    offered,
    format_func=lambda m: coverage.metric_label(m, lang),
    horizontal=True,
    key="map_metric",
)
scope_names = {"campaign": ctx.t("map_scope_campaign")}
scope_names["phase"] = (
    ctx.t("map_scope_phase_of", phase=config.label(phase, ctx.lang)) if phase else ctx.t("map_scope_phase")
)
scope = scope_col.radio(
    ctx.t("map_scope"),
    coverage.SCOPES,
    format_func=scope_names.__getitem__,
    horizontal=True,
    key="map_scope",
    disabled=phase is None,
)
if phase is None and scope == "phase":
    scope_col.caption(ctx.t("map_scope_phase_none"))
shown = coverage.scoped(plan, ctx.counted, day, scope)
if level == "district":
    city.district_level(ctx, shown, metric, coverage.metric_label(metric, lang))
    st.stop()

try:
    geojson = coverage.load_geojson(plan)
except DashboardError as err:
    st.warning(ctx.t("map_geojson_error", error=text.public_error(err)))
    geojson = None

label = coverage.metric_label(metric, lang)
figures = coverage.ward_figures(plan, shown)
values = figures.values(metric)
names = plan.ward_names
# The chart's key follows the chosen ward, so each choice starts a fresh click and the same ward can be clicked again.
current = st.session_state.get(WARD_KEY) or plan.wards[0].code
clicked = selection.clicked(st.session_state.get(f"map_click_{current}"), maps.SELECTION, "code")
if clicked in names and clicked != current:
    st.session_state[WARD_KEY] = current = clicked
map_col, matrix_col = st.columns([6, 5], gap="medium")
with map_col:
    spec = chart_specs.ward_map(
        plan,
        values,
        label,
        lang,
        geojson,
        plan.map.ward_property,
        selected=current,
        no_data_label=ctx.t(f"map_no_data_{metric}"),
    )
    st.vega_lite_chart(
        spec, width="stretch", on_select="rerun", selection_mode=maps.SELECTION, key=f"map_click_{current}"
    )
    st.caption(ctx.t("map_click_hint"))
    if geojson is not None:
        matched = geo.match_features(plan, geojson, plan.map.ward_property)
        missing = [w.name for w in plan.wards if w.code not in matched]
        if matched and missing:
            st.caption(ctx.t("map_geojson_unmatched", wards=", ".join(missing)))
    wide = figures.district_wide
    wide_name = coverage.district_wide_name(plan, lang)
    widgets.metrics(
        [
            (ctx.t("map_wards_reached"), f"{figures.reached}/{len(plan.wards)}"),
            (ctx.t("map_district", wide=wide_name), text.format_int(wide.activities, lang)),
            (ctx.t("map_district_people", wide=wide_name), text.format_int(wide.participants, lang)),
        ]
    )
    st.caption(ctx.t("map_district_note", wide=wide_name))
    if not figures.reached:
        st.info(ctx.t("map_empty", date=cells.format_date(day)))
with matrix_col:
    matrix = coverage.matrix_wards(plan, figures)
    st.vega_lite_chart(chart_specs.heatmap_from_counts(plan, figures.forms, lang, matrix), width="stretch")
    if len(matrix) < len(plan.wards):
        st.caption(ctx.t("map_matrix_lagging", n=len(matrix), total=text.format_int(len(plan.wards), lang)))

st.subheader(ctx.t("map_ward_pick"), anchor=False)
code = st.selectbox(
    ctx.t("map_ward_pick"), list(names), format_func=names.__getitem__, key=WARD_KEY, label_visibility="collapsed"
)
rows = coverage.ward_activities(shown, code)
tally = figures.tallies[code]
forms_covered = sum(1 for n in figures.forms[code].values() if n)
widgets.metrics(
    [
        (ctx.t("map_ward_activities"), text.format_int(tally.activities, lang)),
        (ctx.t("map_ward_participants"), text.format_int(tally.participants, lang)),
        (ctx.t("map_ward_forms"), f"{forms_covered}/{len(plan.forms)}"),
    ]
)
if rows:
    widgets.activities(plan, rows, lang, compact=True)
else:
    st.info(ctx.t("map_ward_empty", ward=names[code]))
