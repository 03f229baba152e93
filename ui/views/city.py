"""The district level of the map page, when the dashboard reads several district sources."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from services.core import strings
from services.ingest import multisource
from services.ingest.reading.reader import Activity
from services.render import chart_specs
from ui.context import Context

LEVELS = ("district", "ward")


def level_switch(ctx: Context) -> str:
    """``district`` or ``ward``; always ``ward`` with a single source."""
    if ctx.city is None or ctx.city.config is None:
        return "ward"
    return st.radio(
        ctx.t("city_level"),
        LEVELS,
        format_func=lambda level: ctx.t(f"city_level_{level}"),
        horizontal=True,
        key="city_level",
    )


def district_level(ctx: Context, activities: Sequence[Activity], metric: str, metric_label: str) -> None:
    """A map with one symbol per district and a table of each district's figures."""
    city = ctx.city
    assert city is not None and city.config is not None  # level_switch offers this level only then
    tallies = multisource.district_tallies(city, city.config, ctx.plan, activities)
    points = multisource.district_plan(ctx.plan, city.config)
    if points is not None:
        values = multisource.district_values(city.config, tallies, metric)
        st.vega_lite_chart(chart_specs.ward_map(points, values, metric_label, ctx.lang), width="stretch")
    state = {s.name: s.state for s in city.statuses}
    lang = ctx.lang
    table = pd.DataFrame(
        {
            strings.t("city_col_district", lang): [t.name for t in tallies],
            strings.t("city_col_activities", lang): [t.activities for t in tallies],
            strings.t("city_col_participants", lang): [t.participants for t in tallies],
            strings.t("city_col_wards", lang): [
                f"{t.wards_reached}/{t.wards_total}" if t.wards_total else str(t.wards_reached) for t in tallies
            ],
            strings.t("city_col_forms", lang): [f"{t.forms}/{len(ctx.plan.forms)}" for t in tallies],
            strings.t("city_col_state", lang): [
                strings.t(f"city_state_{state.get(t.name, 'ok')}", lang) for t in tallies
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
