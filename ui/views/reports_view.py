"""The units page's report-completeness block: who has not reported (worst first) and the rates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.core import strings
from services.figures import reporting, tables
from services.ingest.reading import cells
from ui import context, widgets

# Only problems get colour: red for a unit missing after the deadline, orange for a late one.
STATUS_STYLE = {"missing": "background-color: #fde2e1; color: #8a1c14", "late": "background-color: #fff0d9"}


def _styled(frame: pd.DataFrame, lang: str) -> object:
    styles = {tables.report_label(status, lang): css for status, css in STATUS_STYLE.items()}
    return frame.style.map(lambda value: styles.get(value, ""), subset=[strings.t("tbl_report", lang)])


def completeness(ctx: context.Context, done: reporting.Completeness) -> None:
    """Figures (submitted, reporting rate, on-time rate) and the table of units not reported on time."""
    lang = ctx.lang
    st.subheader(ctx.t("un_not_reported"), anchor=False)
    rate_colour = reporting.rate_colour(done.rate, done.before_deadline)
    on_time_colour = reporting.rate_colour(done.timeliness, done.before_deadline)
    widgets.metrics(
        [
            (ctx.t("rep_label"), done.value(lang)),
            (ctx.t("rep_rate"), reporting.percent(done.rate)),
            (ctx.t("rep_timeliness"), reporting.percent(done.timeliness)),
        ],
        [ctx.t("rep_help", total=done.expected, date=cells.format_date(done.deadline)), None, None],
        [
            (done.detail(lang), reporting.colour(done)),
            (done.share(done.submitted, lang), rate_colour),
            (done.share(done.on_time, lang), on_time_colour),
        ],
    )
    rows = tables.not_reported_rows(ctx.plan, done, lang)
    if rows.empty:
        st.success(ctx.t("un_all_reported", n=done.expected), icon=":material/check_circle:")
    else:
        st.dataframe(
            _styled(rows, lang),
            hide_index=True,
            column_config=widgets.column_config(rows, lang),
            key="not_reported",
            placeholder="—",
        )
        if done.on_time:
            st.caption(ctx.t("un_rest_on_time", n=done.on_time))
    st.caption(ctx.t("rep_rates_help", total=done.expected))
