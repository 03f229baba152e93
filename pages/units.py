"""Đơn vị: unit groups with their tasks, activities per unit and results-report status."""

import streamlit as st

from services.core import config, strings
from services.core.config import UnitGroup
from services.figures import filters, reporting, tables
from services.ingest.reading import cells
from ui import auth, context, widgets
from ui.views import reports_view

LAZY_GROUPS = 8

auth.guard("units")
ctx = context.sidebar()
st.title(ctx.t("page_units"))
deadline = cells.format_date(ctx.plan.report_deadline)
st.caption(ctx.t("un_intro", deadline=deadline, date=cells.format_date(ctx.as_of)))

# Report completeness first, the way DHIS2 shows it: who has not reported, worst first, then the rates.
done = reporting.completeness(ctx.plan, ctx.data.reports, ctx.as_of)
if done.expected:
    reports_view.completeness(ctx, done)

rows = tables.unit_rows(ctx.plan, ctx.counted, ctx.data.reports, ctx.as_of, ctx.lang, ctx.groups)
if not ctx.counted:
    st.info(ctx.t("empty_counted", date=cells.format_date(ctx.as_of)))

st.header(ctx.t("un_groups_title"))
group_column = ctx.t("tbl_group")
report_columns = [ctx.t("tbl_report"), ctx.t("tbl_submitted")]
expected = set(ctx.plan.expected_reporters)
shown = [g for g in ctx.plan.unit_groups if not ctx.groups or g.key in ctx.groups]
# A city-wide plan has dozens of groups: then each is a lazy expander, drawn only when opened.
lazy = len(shown) > LAZY_GROUPS


def group_body(group: UnitGroup) -> None:
    """The group's tasks from the plan, then one row per unit."""
    if group.tasks:
        box = st.container() if lazy else st.expander(ctx.t("un_tasks"))
        with box:
            if lazy:
                st.markdown(f"**{ctx.t('un_tasks')}**")
            for task in group.tasks:
                st.markdown(f"- {widgets.md_escape(task)}")
    mine = rows[rows[group_column] == config.label(group, ctx.lang)].drop(columns=[group_column])
    if not any(u.name in expected for u in group.units):
        mine = mine.drop(columns=report_columns)
    widgets.table(mine, ctx.lang)


for group in shown:
    if not lazy:
        st.subheader(config.label(group, ctx.lang))
        group_body(group)
        continue
    label = f"**{widgets.md_escape(config.label(group, ctx.lang))}** · {ctx.t('un_unit_count', n=len(group.units))}"
    box = st.expander(label, key=f"group_{group.key}", on_change="rerun")
    if box.open:
        with box:
            group_body(group)

other_label = strings.t("other_unit", ctx.lang)
others = rows[rows[group_column] == other_label]
if (not ctx.groups or filters.OTHER in ctx.groups) and len(others):
    st.subheader(other_label)
    st.caption(ctx.t("un_other_note"))
    widgets.table(others.drop(columns=[group_column, *report_columns]), ctx.lang)
if not shown and others.empty:
    st.info(ctx.t("un_no_units"))
