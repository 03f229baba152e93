"""Streamlit helpers shared by pages: tables with dd/mm/yyyy dates and safe links.

Every table goes through ``st.dataframe``, which shows cell text as text
(never HTML or markdown), so what units typed in the sheet is displayed as is.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Literal, cast

import pandas as pd
import streamlit as st

from services.core import strings, text
from services.core.config import Plan
from services.figures import tables
from services.ingest.reading.reader import Activity

if TYPE_CHECKING:  # for annotations only
    from streamlit.elements.lib.column_types import ColumnConfig

LINK_KEYS = ("tbl_evidence_link", "tbl_open")
DeltaColor = Literal["normal", "inverse", "off", "red", "orange", "yellow", "green", "blue", "violet", "gray"]
METRIC_WIDTH = 150  # px: two metrics side by side on a 390 px phone, five on a 1280 px projector


def md_escape(value: str) -> str:
    """Escape markdown so text shows literally inside a markdown label (``text.md_escape``)."""
    return text.md_escape(value)


def config_error(err: Exception, lang: str) -> None:
    """Show a config problem (file, key, problem) and what to do; no absolute path, Markdown escaped."""
    st.error(f"{strings.t('config_error', lang)}: {text.public_error(err)}")
    st.info(strings.t("sb_config_fix", lang))


DETAIL_PX_PER_CHAR, DETAIL_MAX = 7.2, 340  # a metric's detail line in full, within a 390 px phone


def _width(detail: str | None) -> int:
    """A metric's width: the standard one, wider when its detail line needs it (never cut)."""
    return (
        METRIC_WIDTH if not detail else max(METRIC_WIDTH, min(DETAIL_MAX, round(len(detail) * DETAIL_PX_PER_CHAR) + 40))
    )


def metrics(
    items: Sequence[tuple[str, str | int]],
    help_texts: Sequence[str | None] = (),
    details: Sequence[tuple[str, str] | None] = (),
) -> None:
    """A row of metrics that wraps on narrow screens instead of stacking one per line.

    ``details`` gives a metric a line under its value: (text, colour), colour one of
    Streamlit's named colours ("gray" for plain information, "red"/"orange" for problems).
    """
    with st.container(horizontal=True, gap="small"):
        for index, (label, value) in enumerate(items):
            help_text = help_texts[index] if index < len(help_texts) else None
            detail = details[index] if index < len(details) else None
            text, colour = detail if detail else (None, "off")
            delta_color = cast(DeltaColor, colour)  # one of Streamlit's named colours (see the docstring)
            st.metric(
                label, value, delta=text, delta_color=delta_color, delta_arrow="off", help=help_text, width=_width(text)
            )


_COMPACT_DROP = ("tbl_quantity", "tbl_entered_by", "tbl_id", "tbl_notes")


# Text columns sized to their longest value, so nothing is cut at 1280 px (a wide table scrolls inside itself).
TEXT_KEYS = ("tbl_title", "tbl_themes", "tbl_forms_used", "tbl_wards", "tbl_unit", "tbl_group", "tbl_form",
             "tbl_notes", "tbl_evidence", "tbl_message", "tbl_suggestion", "tbl_report")  # fmt: skip
PX_PER_CHAR, PX_PADDING, PX_MIN, PX_MAX = 7.5, 30, 80, 720
# Counts get grouped thousands; row numbers and ids stay plain.
PLAIN_INT_KEYS = ("tbl_row",)


def text_width(values: pd.Series, header: str = "") -> int:
    """Pixels for a text column to show its longest value (or its header) in full, within bounds."""
    longest = int(values.astype("string").str.len().max() or 0) if len(values) else 0
    longest = max(longest, len(header))
    return int(min(PX_MAX, max(PX_MIN, longest * PX_PER_CHAR + PX_PADDING)))


def _count_columns(df: pd.DataFrame, lang: str) -> list[str]:
    plain = {strings.t(k, lang) for k in PLAIN_INT_KEYS}
    return [c for c in df.columns if c not in plain and pd.api.types.is_integer_dtype(df[c])]


def column_config(df: pd.DataFrame, lang: str) -> dict[str, ColumnConfig]:
    """Dates as DD/MM/YYYY, links opening in a new tab with a short label, text wide enough, counts grouped.

    No column is pinned: pinned columns are drawn in grey, too faint on a projector.
    """
    config: dict[str, ColumnConfig] = {}
    links = {strings.t(k, lang) for k in LINK_KEYS}
    texts = {strings.t(k, lang) for k in TEXT_KEYS}
    counts = set(_count_columns(df, lang))
    for name in df.columns:
        if name in links:
            config[name] = st.column_config.LinkColumn(name, display_text=strings.t("link_text", lang))
        elif pd.api.types.is_datetime64_any_dtype(df[name]):
            config[name] = st.column_config.DateColumn(name, format="DD/MM/YYYY")
        elif name in texts:
            config[name] = st.column_config.TextColumn(name, width=text_width(df[name], name))
        elif name in counts and lang == "en":
            config[name] = st.column_config.NumberColumn(name, format="%,d")  # 7,060
    return config


def styled(df: pd.DataFrame, lang: str) -> pd.DataFrame | object:
    """In Vietnamese, counts shown as ``7.060`` (a Styler: the browser's number formats only group with commas)."""
    counts = _count_columns(df, lang)
    if lang == "en" or not any((df[c].fillna(0) >= 1000).any() for c in counts):
        return df  # nothing to group: no Styler cost
    return df.style.format(thousands=".", subset=list[Hashable](counts), na_rep="")


def table(
    df: pd.DataFrame, lang: str, height: int | Literal["auto", "stretch", "content"] = "auto", key: str | None = None
) -> None:
    """Show ``df`` without its index, with dates, links, widths and number format configured."""
    st.dataframe(
        styled(df, lang),
        hide_index=True,
        column_config=column_config(df, lang),
        height=height,
        key=key,
        placeholder="—",
    )


def activities(plan: Plan, found: Sequence[Activity], lang: str, compact: bool = False, limit: int = 500) -> None:
    """Show activities newest first as a table (fewer columns when ``compact``), at most ``limit`` rows."""
    newest = heapq.nlargest(limit, found, key=lambda a: (a.date, a.row))
    df = tables.activities_table(plan, newest, lang)
    if compact:
        df = df.drop(columns=[strings.t(k, lang) for k in _COMPACT_DROP])
    table(df, lang)
    if len(found) > limit:
        st.caption(strings.t("log_limited", lang, limit=text.format_int(limit, lang)))
