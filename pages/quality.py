"""Chất lượng dữ liệu: every error and warning of both tabs, so units can fix their rows."""

import streamlit as st

from services.figures import quality
from services.render import exports
from ui import auth, context, widgets

auth.guard("quality")
ctx = context.sidebar()
st.title(ctx.t("page_quality"))
data = ctx.data
widgets.metrics(
    [
        (ctx.t("q_read"), data.read),
        (ctx.t("q_valid"), data.valid),
        (ctx.t("q_errors"), data.errors),
        (ctx.t("q_warned"), data.warned),
    ]
)
st.caption(ctx.t("q_equation", read=data.read, valid=data.valid, errors=data.errors))

problems = data.problems
if not problems:
    st.success(ctx.t("q_none"))
    st.stop()
st.info(ctx.t("q_how_to_fix"))

left, right = st.columns(2)
with left:
    st.markdown(f"**{ctx.t('q_by_kind')}**")
    widgets.table(quality.problem_counts(problems, "kind", ctx.lang), ctx.lang)
with right:
    st.markdown(f"**{ctx.t('q_by_column')}**")
    widgets.table(quality.problem_counts(problems, "column", ctx.lang), ctx.lang)

st.subheader(ctx.t("q_list_title"))
pick = st.columns(3)
sheets = pick[0].multiselect(ctx.t("tbl_sheet"), sorted({p.sheet for p in problems}), placeholder=ctx.t("sb_all"))
severities = pick[1].multiselect(
    ctx.t("tbl_severity"),
    [s for s in quality.SEVERITIES if any(p.severity == s for p in problems)],
    format_func=lambda s: quality.severity_label(s, ctx.lang),
    placeholder=ctx.t("sb_all"),
)
columns_seen = sorted({p.column for p in problems if not sheets or p.sheet in sheets})
chosen_columns = pick[2].multiselect(ctx.t("tbl_column"), columns_seen, placeholder=ctx.t("sb_all"))
frame = quality.problem_view(data, tuple(sheets), tuple(severities), tuple(chosen_columns), ctx.lang)
st.caption(ctx.t("q_shown", shown=len(frame), total=len(problems)))
widgets.table(frame, ctx.lang)
st.download_button(
    ctx.t("q_download"),
    lambda: exports.to_csv_bytes(frame),
    file_name="chat-luong-du-lieu.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="download_problems",
)
