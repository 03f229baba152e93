"""The sidebar every page shows, and the context it gives the page.

Pages call ``ctx = context.sidebar()`` first. The sidebar holds the as-of date
(also settable by ``?ngay=YYYY-MM-DD`` in a shared link; the other linked choices are in
:mod:`ui.links`), the data source and
its freshness, a refresh button, the unit-group and form filters, and the
language switch. Widget values survive page switches: Streamlit forgets the
state of a widget its page no longer draws, so each value is also kept under a
shadow key and restored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from services.core import config, memo, strings, text
from services.core.config import Plan, SheetSchema
from services.core.errors import DashboardError
from services.figures import filters
from services.ingest import loader, multisource
from services.ingest.reading import cells, structure
from services.ingest.reading.reader import Activity, Dataset
from ui import links, printing, store, widgets

QUERY_DATE = "ngay"
_SHADOW = links.SHADOW


@dataclass
class Context:
    plan: Plan
    schema: SheetSchema
    data: Dataset
    as_of: dt.date
    lang: str
    activities: list[Activity]  # valid rows after the sidebar filters
    counted: list[Activity]  # ... and dated on or before ``as_of``
    groups: list[str] = field(default_factory=list)  # chosen unit-group keys (empty = all)
    forms: list[str] = field(default_factory=list)  # chosen form keys (empty = all)
    is_demo: bool = False
    city: multisource.CityData | None = None  # several district sources (settings.districts)

    def t(self, key: str, **params: object) -> str:
        return strings.t(key, self.lang, **params)

    @property
    def filtered(self) -> bool:
        """True when a sidebar filter narrows the activities."""
        return bool(self.groups or self.forms)


def _config() -> tuple[Plan, SheetSchema, config.Settings]:
    # Not a Streamlit cache: services parse each config file again only when it changes,
    # so an edited plan shows at the next rerun (and a broken edit is reported, never the old plan).
    plan, schema = loader.load_config()
    return plan, schema, config.load_settings()


def _restore(key: str, default: object) -> None:
    """Give widget ``key`` its last value (kept across pages) before it is drawn."""
    st.session_state[key] = st.session_state.setdefault(_SHADOW + key, default)


def _keep(key: str) -> None:
    st.session_state[_SHADOW + key] = st.session_state[key]


def _set_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]
    _keep("lang_choice")


def _is_demo(source: str, settings: config.Settings) -> bool:
    try:
        return Path(source).resolve() == config.resolve(settings.demo_source)
    except OSError:
        return False


def _default_day(plan: Plan, settings: config.Settings, is_demo: bool) -> dt.date:
    """Today, or for demo data a day inside the plan (``demo_as_of`` when it falls in this plan's period)."""
    if not is_demo:
        return dt.date.today()
    if settings.demo_as_of and plan.period.contains(settings.demo_as_of):
        return settings.demo_as_of
    return plan.period.start + (plan.period.end - plan.period.start) / 2


def _date_from_link(lang: str, low: dt.date, high: dt.date) -> None:
    """Apply ``?ngay=YYYY-MM-DD`` once per new value in the address bar."""
    value = st.query_params.get(QUERY_DATE)
    if not value or value == st.session_state.get("_ngay_applied"):
        return
    st.session_state["_ngay_applied"] = value
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not low <= day <= high:
        st.warning(text.md_escape(strings.t("sb_bad_date_param", lang, value=value)))  # URL text: shown as typed
        return
    st.session_state["as_of"] = day
    _keep("as_of")


def _as_of_input(plan: Plan, default: dt.date, lang: str) -> dt.date:
    low = min(plan.period.start, default) - dt.timedelta(days=366)
    high = max(plan.period.end, default, dt.date.today()) + dt.timedelta(days=366)
    _restore("as_of", default)
    _date_from_link(lang, low, high)
    day = st.date_input(
        strings.t("as_of", lang),
        min_value=low,
        max_value=high,
        format="DD/MM/YYYY",
        key="as_of",
        on_change=_keep,
        args=("as_of",),
        help=strings.t("sb_as_of_help", lang),
    )
    # Always written, the default too: a link shared today must show the same date tomorrow.
    if st.query_params.get_all(QUERY_DATE) != [day.isoformat()]:  # each write is a message to the browser
        st.query_params[QUERY_DATE] = day.isoformat()
    st.session_state["_ngay_applied"] = day.isoformat()
    return day


def _freshness(data: Dataset, is_demo: bool, lang: str) -> str:
    if is_demo:
        return f"{strings.t('sb_source', lang)}: {strings.t('demo_data', lang)} ({widgets.md_escape(data.label)})"
    # A Google Sheet's title is typed by users: escaped, so it shows as text in this markdown caption.
    out = f"{strings.t('sb_source', lang)}: {widgets.md_escape(data.label)}"
    if data.read_at is not None:
        stamp = f"{data.read_at:%H:%M} {cells.format_date(data.read_at.date())}"
        out += f" · {strings.t('sb_read_at', lang, time=stamp)}"
    return out


def _filters(plan: Plan, lang: str) -> tuple[list[str], list[str]]:
    st.subheader(strings.t("sb_filters", lang))
    group_labels = {g.key: config.label(g, lang) for g in plan.unit_groups}
    group_labels[filters.OTHER] = strings.t("other_unit", lang)
    form_labels = {f.key: config.label(f, lang) for f in plan.forms}
    return _filter("f_groups", "sb_group", group_labels, lang), _filter("f_forms", "sb_form", form_labels, lang)


def _filter(key: str, label_key: str, labels: dict[str, str], lang: str) -> list[str]:
    """One sidebar filter (empty = all), kept across pages."""
    _restore(key, [])
    return st.multiselect(
        strings.t(label_key, lang),
        list(labels),
        format_func=labels.__getitem__,
        placeholder=strings.t("sb_all", lang),
        key=key,
        on_change=_keep,
        args=(key,),
    )


def _filter_note(plan: Plan, groups: list[str], forms: list[str], lang: str) -> str:
    labels = {g.key: config.label(g, lang) for g in plan.unit_groups} | {filters.OTHER: strings.t("other_unit", lang)}
    labels |= {f.key: config.label(f, lang) for f in plan.forms}
    what = "; ".join(widgets.md_escape(labels[k]) for k in [*groups, *forms])
    return strings.t("sb_filtering", lang, what=what)


def _language(settings: config.Settings) -> str:
    lang = st.session_state.setdefault("lang", settings.language)
    _restore("lang_choice", lang)
    st.radio(
        strings.t("sb_language", lang),
        list(strings.LANGUAGES),
        format_func=strings.LANGUAGES.__getitem__,
        horizontal=True,
        key="lang_choice",
        on_change=_set_language,
    )
    return lang


def _load() -> tuple[Plan, SheetSchema, config.Settings, str]:
    try:
        plan, schema, settings = _config()
        return plan, schema, settings, store.source_spec()
    except DashboardError as err:
        widgets.config_error(err, st.session_state.get("lang", "vi"))
        st.stop()
        raise  # st.stop() never returns; this keeps type checkers honest


def _read(source: str, plan: Plan, schema: SheetSchema, lang: str) -> Dataset:
    try:
        return store.dataset(source, plan, schema)
    except DashboardError as err:
        st.error(f"{strings.t('source_error', lang)}: {text.public_error(err)}")
        st.info(strings.t("sb_source_fix", lang))
        _refresh_button(lang, key="refresh_failed")  # the message says to press it: it must be here
        st.stop()
        raise


def _refresh_button(lang: str, key: str | None = None) -> None:
    if st.button(strings.t("refresh", lang), icon=":material/refresh:", key=key):
        store.clear()
        st.rerun()


def _read_city(path: str, plan: Plan, schema: SheetSchema, lang: str) -> multisource.CityData:
    try:
        return store.city(path, plan, schema, lang)
    except DashboardError as err:  # the districts file itself is wrong; a district's failure is not raised
        st.error(f"{strings.t('config_error', lang)}: {text.public_error(err)}")
        st.info(strings.t("sb_config_fix", lang))
        st.stop()
        raise


def _structure_banner(data: Dataset, lang: str) -> None:
    """Every page, every role: why the figures are zero when the sheet's shape is wrong (issue 10 #6)."""
    if data.structural:
        reasons = widgets.md_escape(" ".join(structure.explain(data.structural, lang)))
        st.error(strings.t("struct_banner", lang, reasons=reasons), icon=":material/table_chart:")


@memo.by_identity(maxsize=32)
def _narrowed(
    plan: Plan, activities: list[Activity], as_of: dt.date, groups: tuple[str, ...], forms: tuple[str, ...]
) -> tuple[list[Activity], list[Activity]]:
    """The filtered and counted lists; the same objects on every rerun, so tables built from them are reused."""
    chosen = filters.by_sidebar(plan, activities, groups, forms) if groups or forms else activities
    return chosen, [a for a in chosen if a.date <= as_of]


def sidebar() -> Context:
    """Draw the sidebar; stop the page with a clear message if data can't be read."""
    printing.styles()  # every page prints to A4 without the sidebar and widgets
    plan, schema, settings, source = _load()
    city_file = store.districts_file(settings)
    is_demo = not city_file and _is_demo(source, settings)
    ignored = links.apply(plan)  # a shared link's choices, before any widget is drawn
    with st.sidebar:
        lang = st.session_state.get("lang", settings.language)
        if ignored:
            st.warning(strings.t("sb_bad_link", lang, what=widgets.md_escape(", ".join(ignored))))
        st.markdown(f"**{widgets.md_escape(plan.short_name)}**")
        st.caption(widgets.md_escape(plan.name))
        st.caption(strings.t("sb_plan_file", lang, file=widgets.md_escape(config.plan_path().name)))
        as_of = _as_of_input(plan, _default_day(plan, settings, is_demo), lang)
    city = _read_city(city_file, plan, schema, lang) if city_file else None
    data = city.data if city else _read(source, plan, schema, lang)
    with st.sidebar:
        st.caption(_freshness(data, is_demo, lang))
        st.caption(strings.t("sb_rows", lang, read=data.read, valid=data.valid, errors=data.errors))
        _refresh_button(lang)
        groups, forms = _filters(plan, lang)
        st.divider()
        lang = _language(settings)
        links.share(f"{QUERY_DATE}={as_of.isoformat()}&{links.write(plan, lang)}", lang)
    _structure_banner(data, lang)
    stale = store.stale_banner(data, lang)
    if city:  # one banner per district that failed or shows older data, naming it
        for status in city.degraded:
            st.warning(text.public_error(status.message or status.name), icon=":material/sync_problem:")
    elif stale:
        st.warning(widgets.md_escape(stale), icon=":material/sync_problem:")
    if groups or forms:
        st.info(_filter_note(plan, groups, forms, lang), icon=":material/filter_alt:")
    activities, counted = _narrowed(plan, data.activities, as_of, tuple(groups), tuple(forms))
    return Context(plan, schema, data, as_of, lang, activities, counted, groups, forms, is_demo, city)
