"""Ghi nhận hoạt động: a form that appends one activity, checked with the reader's rules."""

import datetime as dt

import pandas as pd
import streamlit as st

from services.core import text
from services.core.errors import DashboardError
from services.ingest import loader
from services.write import entry, template
from ui import auth, context, store

user = auth.guard("entry")  # also when Streamlit runs this file without app.py
ctx = context.sidebar()
st.title(ctx.t("page_entry"))
spec = store.source_spec()
is_sheet = not loader.is_local(spec)
activities_tab = ctx.schema.tabs["activities"]
where = (
    ctx.t("entry_target_sheet", name=ctx.data.label) if is_sheet else ctx.t("entry_target_local", name=ctx.data.label)
)
st.caption(ctx.t("entry_intro", tab=activities_tab.title, target=where))

# The id survives a failed submit, so pressing save again can never write twice.
if "entry_id" not in st.session_state:
    st.session_state["entry_id"] = entry.new_id()

choices = template.options(ctx.plan)
forms = {f.key: f.label for f in ctx.plan.forms}
themes = {t.code: template.theme_option(ctx.plan, t.code) for t in ctx.plan.themes}
with st.form("entry_form"):
    left, right = st.columns(2)
    day = left.date_input(
        ctx.t("entry_date"), value=ctx.as_of, format="DD/MM/YYYY", key="entry_date",
        min_value=min(ctx.plan.period.start, ctx.as_of) - dt.timedelta(days=366),
        max_value=max(ctx.plan.period.end, ctx.as_of, dt.date.today()) + dt.timedelta(days=366),
    )  # fmt: skip
    units = auth.unit_choice(user, choices["unit"])  # editors: their own unit only
    unit = right.selectbox(
        ctx.t("entry_unit"), units.options, index=units.index, placeholder=ctx.t("entry_choose"),
        accept_new_options=units.accept_new, key="entry_unit",
    )  # fmt: skip
    wards = st.multiselect(ctx.t("entry_wards"), choices["wards"], placeholder=ctx.t("entry_choose"), key="entry_wards")
    form = st.selectbox(
        ctx.t("entry_form"), list(forms), format_func=forms.__getitem__, index=None,
        placeholder=ctx.t("entry_choose"), key="entry_form",
    )  # fmt: skip
    theme_codes = st.multiselect(
        ctx.t("entry_themes"), list(themes), format_func=themes.__getitem__, placeholder=ctx.t("entry_choose"),
        key="entry_themes",
    )  # fmt: skip
    title = st.text_input(ctx.t("entry_title"), key="entry_title")
    left, right = st.columns(2)
    participants = left.number_input(ctx.t("entry_participants"), min_value=0, value=None, step=1, key="entry_people")
    quantity = right.number_input(ctx.t("entry_quantity"), min_value=0, value=None, step=1, key="entry_quantity")
    left, right = st.columns(2)
    evidence = left.text_input(ctx.t("entry_evidence"), key="entry_evidence")
    entered_by = right.text_input(ctx.t("entry_entered_by"), key="entry_entered_by")
    notes = st.text_area(ctx.t("entry_notes"), key="entry_notes")
    submitted = st.form_submit_button(ctx.t("entry_submit"), type="primary")


def _problem_table(problems: list) -> None:
    # Messages quote what the user typed: a table shows them as plain text.
    rows = [{ctx.t("entry_col_column"): p.column, ctx.t("entry_col_message"): p.message(ctx.lang)} for p in problems]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


if submitted:
    item = entry.Entry(
        id=st.session_state["entry_id"], date=day, unit=unit or "", wards=tuple(wards), form=form or "",
        themes=tuple(theme_codes), title=title, participants=participants, quantity=quantity,
        evidence=evidence, entered_by=entered_by, notes=notes,
    )  # fmt: skip
    target = store.sheet_source(spec, ctx.schema) if is_sheet else spec
    try:
        written = entry.submit(item, target, ctx.plan, ctx.schema, user=user)
    except entry.EntryInvalid as err:
        st.error(ctx.t("entry_invalid"))
        _problem_table(err.problems)
    except DashboardError as err:
        st.error(f"{ctx.t('write_failed')}: {text.public_error(err)}")
    else:
        st.success(ctx.t("entry_written", id=written.id, row=written.row, tab=written.tab))
        if written.url:
            st.link_button(ctx.t("entry_open_row"), written.url)
        warnings = [p for p in entry.validate(item, ctx.plan, ctx.schema) if p.severity == "warning"]
        if warnings:
            _problem_table(warnings)
        st.session_state["entry_id"] = entry.new_id()
        if is_sheet:
            store.clear()  # the next view should include the new row


@st.cache_data(show_spinner=False)
def _template_bytes(plan_name: str, lang: str, _plan: object, _schema: object) -> bytes:
    return template.xlsx_template(_plan, _schema, lang)


st.divider()
st.download_button(
    ctx.t("entry_template"),
    data=_template_bytes(ctx.plan.name, ctx.lang, ctx.plan, ctx.schema),
    file_name="mau-bang-theo-doi.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
