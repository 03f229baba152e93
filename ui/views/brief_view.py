"""Streamlit pieces of the meeting screen ("Họp nhanh"), drawn from a ``services.figures.brief.Brief``.

Text from the plan or the sheet goes through :func:`plain` before st.markdown,
so it is shown as itself; the only HTML is the static :data:`STYLE` block.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from services.core import config, text
from services.core.errors import DashboardError
from services.figures import brief as briefs
from services.figures import tables
from services.ingest.reading import cells
from services.render import documents, pdf
from ui import context

SEVERITY_COLOURS = {"critical": "red", "warning": "orange", "info": "blue"}
STATE_BADGES = {"covered": "green", "overdue": "red", "open": "orange", "upcoming": "gray"}
# A static style block (no sheet data): tighter page, larger type, clean printing.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-bottom: 0.25rem; }
.st-key-meeting, .st-key-meeting [data-testid="stVerticalBlock"] { gap: 0.3rem; }
.st-key-meeting [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
.st-key-meeting [data-testid="stMarkdownContainer"] p { font-size: 1.05rem; line-height: 1.4; margin: 0; }
.st-key-meeting h3 { font-size: 1.6rem; padding: 0 0 0.2rem 0; }
.st-key-meeting [data-testid="stMetric"] { padding: 0.25rem 0.6rem; container-type: inline-size; }
.st-key-meeting [data-testid="stMetric"] > div { gap: 0.1rem; }
.st-key-meeting_downloads button { min-height: 2.1rem; padding: 0.2rem 0.65rem; }
.st-key-meeting_downloads button p { font-size: 0.9rem; }
.st-key-meeting [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: clamp(1.3rem, 19cqi, 2.2rem); line-height: 1.05; font-weight: 700; white-space: nowrap;
}
.st-key-meeting [data-testid="stMetricValue"] * { overflow: visible !important; text-overflow: clip !important; }
.st-key-meeting [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  font-size: 0.9rem; font-weight: 600;
}
.st-key-meeting [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { font-size: 0.8rem; }
.st-key-meeting [data-testid="stMetricLabel"] *, .st-key-meeting [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
.st-key-meeting_themes [data-testid="stMarkdownContainer"] p { line-height: 1.5; margin-bottom: 0.1rem; }
.st-key-meeting_alerts [data-testid="stMarkdownContainer"] p { font-size: 0.95rem; line-height: 1.3; }
.st-key-meeting_alerts [data-testid="stVerticalBlock"], .st-key-meeting_alerts [data-testid="stHorizontalBlock"] {
  gap: 0.25rem;
}
.st-key-meeting_alerts [data-testid="stPopover"] button { min-height: 1.5rem; padding: 0 0.45rem; }
.st-key-meeting_alerts [data-testid="stPopover"] button p { font-size: 0.85rem; }
.st-key-meeting_fresh p { font-size: 0.85rem; color: #555; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSidebarCollapsedControl"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: visible !important; }
  /* Streamlit prints columns as stacked blocks; keep them side by side as on screen. */
  .st-key-meeting [data-testid="stHorizontalBlock"] {
    display: flex !important; flex-direction: row !important; flex-wrap: nowrap !important; gap: 1rem;
  }
  .st-key-meeting [data-testid="stColumn"] { min-width: 0 !important; width: auto !important; flex: 1 1 0 !important; }
  .st-key-meeting canvas { max-width: 100% !important; height: auto !important; }
  .st-key-meeting .st-key-meeting_downloads { display: none !important; }
  .st-key-meeting { zoom: 0.8; }  /* one A4 landscape page */
  @page { size: A4 landscape; margin: 10mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def plain(value: str) -> str:
    """Text shown through st.markdown as itself: every markdown character escaped."""
    return text.md_escape(value, one_line=True)


def heading(ctx: context.Context, brief: briefs.Brief) -> None:
    """Title with the date, then the phase, the countdown to the next milestone and when the data was read."""
    st.markdown(f"### {plain(brief.title)} · {plain(cells.format_date(brief.as_of))}")
    phase = f"{ctx.t('brief_phase')}: {brief.phase_label}"
    line = f"**{plain(phase)}** — {plain(brief.countdown)}"
    fresh = freshness(ctx)
    st.markdown(f"{line} · :gray[{plain(fresh)}]" if fresh else line)


def freshness(ctx: context.Context) -> str:
    """``dữ liệu lúc 09:56 02/12/2026``: when the figures on screen were read ("" when unknown)."""
    read_at = ctx.data.read_at
    if read_at is None:
        return ""
    return ctx.t("meeting_fresh", time=f"{read_at:%H:%M}", date=cells.format_date(read_at.date()))


def figures(brief: briefs.Brief, lang: str) -> None:
    for column, figure in zip(st.columns(len(brief.figures)), brief.figures, strict=True):
        column.metric(
            figure.label,
            figure.text(lang),
            delta=figure.detail,
            delta_color="off",
            delta_arrow="off",
            border=True,
            height="stretch",
        )


def themes(ctx: context.Context, brief: briefs.Brief) -> None:
    """The checklist as one block: a line of coloured theme codes per phase, then the legend."""
    by_phase: dict[str, list[briefs.ThemeItem]] = {}
    for item in brief.themes:
        by_phase.setdefault(item.phase, []).append(item)
    legend = " ".join(
        f":{colour}-badge[{plain(ctx.t(f'brief_state_{state}'))}]" for state, colour in STATE_BADGES.items()
    )
    lines = [f"**{plain(ctx.t('brief_themes'))}** {legend}"]
    for phase, items in by_phase.items():
        badges = " ".join(f":{STATE_BADGES[i.state]}-badge[{plain(badge_text(i))}]" for i in items)
        lines.append(f"{plain(tables.phase_label(ctx.plan, phase, ctx.lang))}: {badges}")
    with st.container(key="meeting_themes"):
        st.markdown("\n\n".join(lines))


def badge_text(item: briefs.ThemeItem) -> str:
    """A theme's badge: its code, with its short name when it still needs work (open or overdue)."""
    return item.name or item.code if item.state in ("open", "overdue") else item.code


def alert_line(alert: briefs.Alert) -> tuple[str, tuple[str, ...]]:
    """An alert as one markdown paragraph (its sentence and first names) and the names behind its "+N"."""
    names = briefs.name_list(alert.names)
    listed = ", ".join(names.shown)
    if names.prefix:
        listed = f"{names.prefix}: {listed}"
    head = alert.head or alert.text
    text = f"{head}: {listed}" if listed else head
    return f":{SEVERITY_COLOURS[alert.severity]}[●] {plain(text)}", names.hidden


def alerts(ctx: context.Context, brief: briefs.Brief) -> None:
    """The most urgent alerts, each in full: its sentence, the first names and a "+N" that opens the rest."""
    with st.container(key="meeting_alerts"):
        st.markdown(f"**{plain(ctx.t('brief_alerts'))}**")
        if not brief.alerts:
            st.markdown(plain(ctx.t("brief_no_alerts")))
        for index, alert in enumerate(brief.alerts):
            line, hidden = alert_line(alert)
            if not hidden:
                st.markdown(line)
                continue
            with st.container(horizontal=True, wrap=False, gap="small", vertical_alignment="bottom"):
                st.markdown(line, width="stretch")
                more = ctx.t("meeting_more", n=len(hidden))
                with st.popover(more, help=ctx.t("meeting_more_help"), width="content", key=f"meeting_more_{index}"):
                    st.markdown(plain(", ".join(briefs.name_list(alert.names, len(alert.names)).shown)))


def _filter_note(ctx: context.Context) -> str:
    """Which sidebar filters narrow the documents, in words ("" when none)."""
    if not ctx.filtered:
        return ""
    labels = {g.key: config.label(g, ctx.lang) for g in ctx.plan.unit_groups}
    labels |= {f.key: config.label(f, ctx.lang) for f in ctx.plan.forms}
    chosen = [labels.get(k, ctx.t("other_unit")) for k in [*ctx.groups, *ctx.forms]]
    return ctx.t("meeting_filtered_doc", what="; ".join(chosen))


def downloads(ctx: context.Context) -> None:
    try:
        pdf.font_dir(ctx.lang)
        pdf_ok = True
    except DashboardError as err:
        st.error(ctx.t("meeting_doc_error", error=text.public_error(err)))
        pdf_ok = False
    note = _filter_note(ctx)
    with st.container(horizontal=True, gap="xsmall", key="meeting_downloads"):
        for fmt in documents.FORMATS:
            st.download_button(
                ctx.t(f"meeting_{fmt}"),
                help=ctx.t(f"meeting_{fmt}_help"),
                data=partial(documents.render, fmt, ctx.plan, ctx.data, ctx.as_of, ctx.lang, ctx.activities, note),
                file_name=documents.filename(fmt, ctx.plan, ctx.as_of),
                mime=documents.MIME[fmt],
                on_click="ignore",
                disabled=fmt == "pdf" and not pdf_ok,
                key=f"meeting_{fmt}",
            )
