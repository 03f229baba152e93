"""Shareable state: the view's choices live in the address bar, so a copied link reopens the same view.

``?ngay=`` (the as-of date, handled by :mod:`ui.context`), ``nhom`` and ``hinhthuc`` (the
sidebar filters, comma-separated keys), ``phuong`` (the map page's ward), ``chiso`` and
``phamvi`` (the map metric and scope) and ``lang``. Every parameter is written on every
run, even when it equals the default, so a link shared today shows the same view
tomorrow. Values from a link are untrusted: only keys the plan knows are applied, the
rest is ignored and named in a warning (escaped).

A widget's value also survives page switches: Streamlit forgets the state of a widget
its page does not draw, so each linked value is kept under a shadow key (the same one
:mod:`ui.context` uses) and restored before the widget is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from services.core import strings
from services.core.config import Plan
from services.figures import coverage, filters

SHADOW = "_kept_"
_APPLIED = "_link_applied_"


@dataclass(frozen=True)
class Link:
    param: str  # the name in the address bar (short ASCII)
    key: str  # the widget's session-state key
    many: bool = False  # a multiselect: comma-separated keys


LINKS = (
    Link("nhom", "f_groups", many=True),
    Link("hinhthuc", "f_forms", many=True),
    Link("phuong", "map_ward"),  # pages/map.py's ward selector
    Link("chiso", "map_metric"),
    Link("phamvi", "map_scope"),
    Link("lang", "lang_choice"),
)


def choices(plan: Plan) -> dict[str, list[str]]:
    """What each parameter may hold for ``plan`` (the first is the default of a single choice)."""
    return {
        "nhom": [g.key for g in plan.unit_groups] + [filters.OTHER],
        "hinhthuc": [f.key for f in plan.forms],
        "phuong": list(plan.ward_names),
        "chiso": list(coverage.METRICS),
        "phamvi": list(coverage.SCOPES),
        "lang": list(strings.LANGUAGES),
    }


def parse(link: Link, raw: str, allowed: Sequence[str]) -> tuple[str | list[str] | None, list[str]]:
    """The value to apply (None: nothing) and the parts that did not match the plan."""
    if link.many:
        parts = [p for p in raw.split(",") if p]
        good = [p for p in parts if p in allowed]
        return list(dict.fromkeys(good)), [p for p in parts if p not in allowed]
    return (raw, []) if raw in allowed else (None, [raw])


def _set(key: str, value: object) -> None:
    st.session_state[key] = value
    st.session_state[SHADOW + key] = value
    if key == "lang_choice":
        st.session_state["lang"] = value


def language(default: str) -> str:
    """The language, taking ``?lang=`` from a link first (app.py calls this before titling the pages)."""
    raw = st.query_params.get("lang")
    if raw in strings.LANGUAGES and raw != st.session_state.get(_APPLIED + "lang"):
        st.session_state[_APPLIED + "lang"] = raw
        _set("lang_choice", raw)
    return st.session_state.get("lang", default)


def apply(plan: Plan) -> list[str]:
    """Apply the link's new values before the widgets are drawn; return what was ignored (``param=value``)."""
    allowed = choices(plan)
    ignored: list[str] = []
    for link in LINKS:
        raw = st.query_params.get(link.param)
        if raw is not None and raw != st.session_state.get(_APPLIED + link.param):
            st.session_state[_APPLIED + link.param] = raw
            value, bad = parse(link, raw, allowed[link.param])
            ignored += [f"{link.param}={part}" for part in bad]
            if value is not None:
                _set(link.key, value)
        elif link.key not in st.session_state and SHADOW + link.key in st.session_state:
            st.session_state[link.key] = st.session_state[SHADOW + link.key]  # a widget of another page
    return ignored


def current(plan: Plan, lang: str) -> dict[str, str]:
    """Every linked parameter's value now (defaults where nothing was chosen), valid for ``plan``."""
    allowed = choices(plan)
    out: dict[str, str] = {}
    for link in LINKS:
        value = st.session_state.get(link.key, st.session_state.get(SHADOW + link.key))
        if link.key in st.session_state:
            st.session_state[SHADOW + link.key] = value
        if link.param == "lang":
            value = lang
        if link.many:
            out[link.param] = ",".join(v for v in (value or []) if v in allowed[link.param])
        else:
            out[link.param] = value if value in allowed[link.param] else allowed[link.param][0]
    return out


def write(plan: Plan, lang: str) -> str:
    """Write every parameter into the address bar (always, defaults too); return them as a query string."""
    values = current(plan, lang)
    changed = {param: value for param, value in values.items() if st.query_params.get_all(param) != [value]}
    if changed:  # one message to the browser for all of them, none when the address bar has them already
        st.query_params.update(changed)
    for param, value in values.items():
        st.session_state[_APPLIED + param] = value
    return urlencode(values, safe=",")


def share(query: str, lang: str) -> None:
    """The link to this view, shown as code: Streamlit's copy button in its corner copies it."""
    base = st.context.url or ""
    st.caption(strings.t("sb_share", lang), help=strings.t("sb_share_help", lang))
    st.code(f"{base}?{query}", language=None, wrap_lines=True)
