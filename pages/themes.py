"""Nội dung tuyên truyền: the plan's required themes, phase by phase, as of the chosen date."""

import streamlit as st

from services.figures import tables
from services.ingest.reading import cells
from ui import auth, context, widgets

STATE_COLORS = {tables.COVERED: "green", tables.OVERDUE: "red", tables.UNCOVERED: "orange"}

auth.guard("themes")
ctx = context.sidebar()
st.title(ctx.t("page_themes"))
st.caption(ctx.t("th_intro", date=cells.format_date(ctx.as_of)))

coverage = tables.phase_coverage(ctx.plan, ctx.counted, ctx.as_of, ctx.lang)
covered = sum(c.covered for c in coverage)
total = sum(c.total for c in coverage)
widgets.metrics([(ctx.t("th_all"), f"{covered}/{total}"), (ctx.t("theme_overdue"), sum(c.overdue for c in coverage))])
st.markdown(" · ".join(f"{widgets.md_escape(c.label)} **{c.covered}/{c.total}**" for c in coverage))
if not ctx.counted:
    st.info(ctx.t("empty_counted", date=cells.format_date(ctx.as_of)))

lines = tables.theme_lines(ctx.plan, ctx.counted, ctx.as_of, ctx.lang)
for phase in coverage:
    st.subheader(f"{phase.label} · {phase.covered}/{phase.total}")
    progress = ctx.t("th_progress", covered=phase.covered, total=phase.total)
    if phase.overdue:
        progress += " · " + ctx.t("th_overdue_count", n=phase.overdue)
    st.progress(phase.covered / phase.total, text=progress)
    for line in (x for x in lines if x.phase == phase.key):
        color = STATE_COLORS[line.state] if line.started or line.state != tables.UNCOVERED else "gray"
        badge = f":{color}-badge[{widgets.md_escape(line.state_text(ctx.lang))}]"
        count = ctx.t("th_count", n=line.activities)
        label = f"{badge} **{widgets.md_escape(line.code)}** · {count} — {widgets.md_escape(line.label)}"
        # Lazy: an expander's table is built only while it is open.
        box = st.expander(label, key=f"theme_{line.code}", on_change="rerun")
        if box.open:
            with box:
                found = tables.theme_activities(ctx.plan, ctx.counted, line.code)
                if found:
                    widgets.activities(ctx.plan, found, ctx.lang, compact=True)
                else:
                    st.caption(ctx.t("th_none_yet"))
