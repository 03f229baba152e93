"""Ghi nhận hoạt động: a form that appends one activity, checked with the reader's rules.

Each submit is written at most once (ui/views/entry_form.py): the form instance's id
is the row's ``Mã``, the button is drawn disabled while the write runs, and the
result is shown after a rerun that redraws the form (empty after a save).
"""

import datetime as dt
from typing import Any

import streamlit as st

from services.core import config
from services.core.errors import DashboardError
from services.ingest import loader
from services.write import entry, template
from ui import auth, context, store
from ui.views import entry_form

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

fid = entry_form.instance_id()
fkey = entry_form.form_key()
submit_key = entry_form.key("submit", fkey)
# Read before the button is drawn: while this run writes, the button is disabled in the browser.
submitting = bool(st.session_state.get(submit_key))


def _show(outcome: entry_form.Outcome) -> None:
    col, msg = ctx.t("entry_col_column"), ctx.t("entry_col_message")
    if outcome.kind == "invalid":
        st.error(ctx.t("entry_invalid"))
        entry_form.pairs_table(outcome.problems, col, msg)
    elif outcome.kind == "failed":
        st.error(f"{ctx.t('write_failed')}: {outcome.message}")
    elif outcome.kind == "taken" and outcome.written is not None:
        w = outcome.written
        st.warning(ctx.t("entry_taken", id=w.id, row=w.row, tab=w.tab))
        if w.url:
            st.link_button(ctx.t("entry_open_row"), w.url)
    elif outcome.written is not None:
        w = outcome.written
        said = ctx.t("entry_already" if w.already else "entry_written", id=w.id, row=w.row, tab=w.tab)
        st.success(said + (" " + ctx.t("entry_checked") if w.checked else ""))
        if w.url:
            st.link_button(ctx.t("entry_open_row"), w.url)
        else:
            st.caption(ctx.t("entry_saved_local", name=ctx.data.label, tab=w.tab, row=w.row))
        if outcome.problems:
            entry_form.pairs_table(outcome.problems, col, msg)
        with st.expander(ctx.t("entry_saved_what"), expanded=True):
            entry_form.pairs_table(outcome.saved, ctx.t("entry_col_field"), ctx.t("entry_col_value"))
        st.info(ctx.t("entry_next"))


choices = template.options(ctx.plan)
forms = {f.key: f.label for f in ctx.plan.forms}
themes = {t.code: template.theme_option(ctx.plan, t.code) for t in ctx.plan.themes}
with st.form(f"entry_form-{fkey}"):
    left, right = st.columns(2)
    day = left.date_input(
        ctx.t("entry_date"), value=ctx.as_of, format="DD/MM/YYYY", key=entry_form.key("date", fkey),
        min_value=min(ctx.plan.period.start, ctx.as_of) - dt.timedelta(days=366),
        max_value=max(ctx.plan.period.end, ctx.as_of, dt.date.today()) + dt.timedelta(days=366),
    )  # fmt: skip
    units = auth.unit_choice(user, choices["unit"])  # editors: their own unit only
    unit = right.selectbox(
        ctx.t("entry_unit"), units.options, index=units.index, placeholder=ctx.t("entry_choose"),
        accept_new_options=units.accept_new, key=entry_form.key("unit", fkey),
    )  # fmt: skip
    wards = st.multiselect(
        ctx.t("entry_wards"), choices["wards"], placeholder=ctx.t("entry_choose"), key=entry_form.key("wards", fkey)
    )
    form = st.selectbox(
        ctx.t("entry_form"), list(forms), format_func=forms.__getitem__, index=None,
        placeholder=ctx.t("entry_choose"), key=entry_form.key("form", fkey),
    )  # fmt: skip
    theme_codes = st.multiselect(
        ctx.t("entry_themes"), list(themes), format_func=themes.__getitem__, placeholder=ctx.t("entry_choose"),
        key=entry_form.key("themes", fkey),
    )  # fmt: skip
    title = st.text_input(ctx.t("entry_title"), key=entry_form.key("title", fkey))
    left, right = st.columns(2)
    participants = left.number_input(
        ctx.t("entry_participants"), min_value=0, value=None, step=1, key=entry_form.key("people", fkey)
    )
    quantity = right.number_input(
        ctx.t("entry_quantity"), min_value=0, value=None, step=1, key=entry_form.key("quantity", fkey)
    )
    left, right = st.columns(2)
    evidence = left.text_input(ctx.t("entry_evidence"), key=entry_form.key("evidence", fkey))
    entered_by = right.text_input(ctx.t("entry_entered_by"), key=entry_form.key("entered_by", fkey))
    notes = st.text_area(ctx.t("entry_notes"), key=entry_form.key("notes", fkey))
    st.form_submit_button(ctx.t("entry_submit"), type="primary", key=submit_key, disabled=submitting)


def _save(item: entry.Entry, status: Any) -> entry_form.Outcome:  # an st.status container
    target = store.sheet_source(spec, ctx.schema) if is_sheet else spec
    try:
        written = entry.submit(
            item, target, ctx.plan, ctx.schema, user=user, on_check=lambda: status.update(label=ctx.t("entry_checking"))
        )
    except entry.EntryInvalid as err:
        return entry_form.Outcome("invalid", problems=[(p.column, p.message(ctx.lang)) for p in err.problems])
    except DashboardError as err:
        return entry_form.Outcome("failed", message=str(err))
    warnings = [(p.column, p.message(ctx.lang)) for p in entry.validate(item, ctx.plan, ctx.schema)]
    saved = entry_form.saved_cells(item, ctx.plan, ctx.schema)
    return entry_form.Outcome("saved", written=written, saved=saved, problems=warnings)


if not submitting and (last := entry_form.last_outcome()) is not None:
    _show(last)  # right below the button the user pressed

if submitting:
    item = entry.Entry(
        id=fid, date=day, unit=unit or "", wards=tuple(wards), form=form or "",
        themes=tuple(theme_codes), title=title, participants=participants, quantity=quantity,
        evidence=evidence, entered_by=entered_by, notes=notes,
    )  # fmt: skip
    ours = entry_form.tried(fid)  # sent by this session before: finding the id means our row landed
    entry_form.mark_tried(fid)
    with st.status(ctx.t("entry_saving")) as status:
        outcome = _save(item, status)
    if outcome.written is not None and outcome.written.already and not ours:
        outcome = entry_form.Outcome("taken", written=outcome.written)
        entry_form.new_id_keep_fields()  # keep what was typed; saving again writes it under a new id
    elif outcome.kind == "saved":
        entry_form.next_instance()  # a new, empty form: pressing save again cannot write this row twice
        if is_sheet:
            store.clear()  # the next view should include the new row
    entry_form.remember(outcome)
    st.rerun()


@st.cache_data(show_spinner=False)
def _template_bytes(plan_name: str, lang: str, _plan: config.Plan, _schema: config.SheetSchema) -> bytes:
    return template.xlsx_template(_plan, _schema, lang)


st.divider()
st.download_button(
    ctx.t("entry_template"),
    data=_template_bytes(ctx.plan.name, ctx.lang, ctx.plan, ctx.schema),
    file_name="mau-bang-theo-doi.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
