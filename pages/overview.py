"""Tổng quan: phase, countdown and headline figures as of the chosen date."""

import streamlit as st

from services import cells, metrics
from ui import context

ctx = context.sidebar()
st.title(ctx.t("page_overview"))
phase = metrics.phase_at(ctx.plan, ctx.as_of)
upcoming = metrics.next_milestone(ctx.plan, ctx.as_of)
wards = metrics.ward_coverage(ctx.plan, ctx.counted)
themes = metrics.theme_status(ctx.plan, ctx.counted, ctx.as_of)
cols = st.columns(4)
cols[0].metric("Giai đoạn", next((p.label for p in ctx.plan.phases if p.key == phase), ctx.t(f"phase_{phase}")))
if upcoming:
    cols[1].metric(f"Còn đến: {upcoming.milestone.label}", f"{upcoming.days_left} ngày")
cols[2].metric("Hoạt động", len(ctx.counted))
cols[3].metric("Phường có hoạt động", f"{sum(1 for t in wards.values() if t.activities)}/{len(wards)}")
st.caption(f"{sum(s.covered for s in themes.values())}/{len(themes)} nội dung · {cells.format_date(ctx.as_of)}")
