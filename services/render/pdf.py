"""The PDF brief: the meeting screen on one A4 page (two at most), offline.

Text is set in DejaVu Sans (it has every Vietnamese glyph) and normalised to
NFC first, since fpdf2 misplaces combining accents. The ward map is rendered
to PNG by vl-convert with the same font, without any network access.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
from pathlib import Path
from typing import cast

import altair as alt
import vl_convert
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.core import config, strings, text
from services.core.config import Plan
from services.core.errors import DashboardError
from services.figures import brief as briefs
from services.figures import coverage, reporting
from services.figures.brief import Brief
from services.ingest.reading import cells
from services.render import maps

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
ITALIC_FILE = "DejaVuSans-Oblique.ttf"  # used when present (the place-and-date line), else regular
DEBIAN_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_DIR_ENV = "DASHBOARD_FONT_DIR"
STATE_COLOURS = {
    "covered": (46, 125, 50),
    "overdue": (198, 40, 40),
    "open": (230, 126, 0),
    "upcoming": (120, 120, 120),
}
SEVERITY_COLOURS = {"critical": (198, 40, 40), "warning": (230, 126, 0), "info": (21, 101, 192)}
MAP_PX = (460, 370)  # the 5 x 4 tile grid with no empty band above the legend
INK = (33, 33, 33)
MUTED = (97, 97, 97)
LABEL_PT = 9  # theme labels and side lists: full text, never below 9 pt, dark, wrapped (never cut)
LINE_MM = 4.3
_registered: set[Path] = set()


class FontMissingError(DashboardError):
    """No directory with DejaVu Sans (regular and bold) was found."""


def font_dir(lang: str = "vi") -> Path:
    """Where DejaVu Sans lives: ``$DASHBOARD_FONT_DIR``, Debian's package, or matplotlib's copy."""
    candidates = [Path(p) for p in [os.environ.get(FONT_DIR_ENV, "")] if p]
    candidates.append(DEBIAN_FONT_DIR)
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    for candidate in candidates:
        if all((candidate / name).is_file() for name in FONT_FILES.values()):
            return candidate
    raise FontMissingError(strings.t("pdf_font_missing", lang))


def chart_png(chart: alt.TopLevelMixin, lang: str = "vi", scale: float = 2) -> bytes:
    """Render an Altair chart to PNG offline, with a font that has Vietnamese glyphs."""
    directory = font_dir(lang)
    if directory not in _registered:
        vl_convert.register_font_directory(str(directory))
        _registered.add(directory)
    spec = chart.configure(font=FONT_FAMILY).to_json()
    return vl_convert.vegalite_to_png(spec, scale=scale)


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.italic = ""  # "I" once an oblique DejaVu is registered
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(auto=True, margin=14)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT_FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}"), align="C")

    def text_line(self, line: str, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text.nfc(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _figures(pdf: _Pdf, brief: Brief, lang: str) -> None:
    gap = 3
    width = (pdf.epw - gap * (len(brief.figures) - 1)) / len(brief.figures)
    top = pdf.get_y()
    for index, figure in enumerate(brief.figures):
        x = pdf.l_margin + index * (width + gap)
        pdf.set_draw_color(200, 200, 200)
        pdf.rect(x, top, width, 27)
        pdf.set_xy(x, top + 2)
        pdf.set_font(FONT_FAMILY, "B", 20)
        pdf.set_text_color(*INK)
        pdf.cell(width, 10, figure.text(lang), align="C")
        pdf.set_xy(x + 1, top + 12)
        pdf.set_font(FONT_FAMILY, "B", 8.5)
        pdf.multi_cell(width - 2, 4, text.nfc(figure.label), align="C")
        pdf.set_xy(x + 1, top + 20)
        pdf.set_font(FONT_FAMILY, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - 2, 3.5, text.nfc(figure.detail), align="C")
    pdf.set_xy(pdf.l_margin, top + 30)


def _row_fits(pdf: _Pdf, height: float) -> None:
    """Start a new page when a row of ``height`` would not fit: a row is never split."""
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _themes(pdf: _Pdf, plan: Plan, brief: Brief, lang: str) -> None:
    """The checklist, full width: code, state, activities, then the theme's FULL label (plan's language), wrapped."""
    labels = {theme.code: config.label(theme, lang) for theme in plan.themes}
    pdf.text_line(strings.t("brief_themes", lang), 11, bold=True)
    columns = (14.0, 22.0, 10.0)
    label_x = pdf.l_margin + sum(columns) + 2
    label_w = pdf.l_margin + pdf.epw - label_x
    for item in brief.themes:
        pdf.set_font(FONT_FAMILY, "", LABEL_PT)
        label = text.nfc(labels.get(item.code, item.label))
        height = cast(float, pdf.multi_cell(label_w, LINE_MM, label, align="L", dry_run=True, output="HEIGHT"))
        _row_fits(pdf, height + 0.8)
        top = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.set_font(FONT_FAMILY, "B", LABEL_PT)
        pdf.set_text_color(*INK)
        pdf.cell(columns[0], LINE_MM, item.code)
        pdf.set_text_color(*STATE_COLOURS[item.state])
        pdf.cell(columns[1], LINE_MM, text.nfc(item.state_label(lang)))
        pdf.set_font(FONT_FAMILY, "", LABEL_PT)
        pdf.set_text_color(*INK)
        pdf.cell(columns[2], LINE_MM, str(item.activities), align="R")
        pdf.set_xy(label_x, top)
        pdf.multi_cell(label_w, LINE_MM, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.ln(1.5)


def _side_heading(pdf: _Pdf, x: float, width: float, content: str) -> None:
    pdf.set_x(x)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(width, 6, text.nfc(content), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _side_text(pdf: _Pdf, x: float, width: float, content: str, bold: bool = False) -> None:
    pdf.set_x(x)
    pdf.set_font(FONT_FAMILY, "B" if bold else "", LABEL_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(width, LINE_MM, text.nfc(content), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _not_reported(pdf: _Pdf, done: reporting.Completeness, x: float, width: float, lang: str) -> None:
    """Units not reported, from the one definition: missing, then late, then pending (docs/reading-contract.md §3)."""
    _side_heading(pdf, x, width, strings.t("pdf_reports", lang))
    _side_text(pdf, x, width, done.text(lang))
    groups = ["missing", "late", "pending"]
    anyone = False
    for status in groups:
        names = [u.unit for u in done.units if u.status == status]
        if not names:
            continue
        anyone = True
        pdf.ln(0.8)
        head = strings.t("pdf_reports_group", lang, status=strings.t(f"report_{status}", lang), n=len(names))
        _side_text(pdf, x, width, head, bold=True)
        listed = briefs.name_list(names, shown=len(names))  # "Đảng ủy phường: Ngọc Thụy, Bồ Đề, …"
        shown = ", ".join(listed.shown)
        _side_text(pdf, x, width, f"{listed.prefix}: {shown}" if listed.prefix else shown)
    if not anyone:
        _side_text(pdf, x, width, strings.t("pdf_reports_none", lang, n=done.expected))


def _lagging(pdf: _Pdf, plan: Plan, brief: Brief, x: float, width: float, lang: str) -> None:
    """The wards with the fewest activities: where the committee should push next."""
    _side_heading(pdf, x, width, strings.t("pdf_lagging", lang))
    for code, tally in brief.lagging():
        row = strings.t("pdf_lagging_row", lang, name=plan.ward_names[code], n=text.format_int(tally.activities, lang))
        _side_text(pdf, x, width, row)


def _alerts(pdf: _Pdf, brief: Brief, lang: str) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.text_line(strings.t("brief_alerts", lang), 11, bold=True)
    if not brief.alerts:
        pdf.text_line(strings.t("brief_no_alerts", lang), 9, colour=MUTED)
    for alert in brief.alerts:
        y = pdf.get_y()
        pdf.set_fill_color(*SEVERITY_COLOURS[alert.severity])
        pdf.rect(pdf.l_margin, y + 1.2, 2.2, 2.2, style="F")
        pdf.set_xy(pdf.l_margin + 4, y)
        pdf.set_font(FONT_FAMILY, "", 9)
        pdf.set_text_color(*INK)
        pdf.multi_cell(pdf.epw - 4, 4.6, text.nfc(alert.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)


def ward_map_png(plan: Plan, brief: Brief, lang: str = "vi") -> bytes:
    """The brief's ward map (activities per ward) as PNG."""
    values = {code: tally.activities for code, tally in brief.wards.items()}
    geojson = coverage.load_geojson(plan)
    chart = maps.ward_map(plan, values, strings.t("brief_map_metric", lang), lang, geojson, plan.map.ward_property)
    # "container" width means nothing off screen: give the map a fixed size that suits half a page.
    return chart_png(chart.properties(width=MAP_PX[0], height=MAP_PX[1]), lang)


def _header(pdf: _Pdf, plan: Plan, brief: Brief, lang: str) -> None:
    """The Party document header: issuing body on the left, party name, place and date on the right."""
    doc = plan.document
    top, left_w = pdf.get_y(), pdf.epw * 0.42
    right_x, right_w = pdf.l_margin + left_w, pdf.epw - left_w
    left = [(doc.issuer_parent, ""), (doc.issuer, "B"), ("*", "")]
    if doc.number:
        left.append((strings.t("pdf_number", lang, number=doc.number), ""))
    for line, style in left:
        if line:
            pdf.set_x(pdf.l_margin)
            pdf.set_font(FONT_FAMILY, style, 10)
            pdf.set_text_color(*INK)
            pdf.multi_cell(left_w, 4.6, text.nfc(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y()
    pdf.set_xy(right_x, top)
    if doc.party_name:
        pdf.set_font(FONT_FAMILY, "B", 10.5)
        pdf.cell(right_w, 4.6, text.nfc(doc.party_name), align="C")
        width = pdf.get_string_width(text.nfc(doc.party_name))
        centre = right_x + right_w / 2
        pdf.line(centre - width / 2, top + 4.8, centre + width / 2, top + 4.8)  # the party name is underlined
    day = brief.as_of
    place = strings.t("rpt_date_line", lang, place=doc.place, d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)
    pdf.set_xy(right_x, top + 9.2)
    pdf.set_font(FONT_FAMILY, pdf.italic, 10)
    pdf.cell(right_w, 4.6, text.nfc(place.lstrip(", ")), align="C")
    pdf.set_xy(pdf.l_margin, max(bottom, top + 14) + 3)


def _freshness(read_at: dt.datetime | None, stale: bool, lang: str) -> str:
    """``dữ liệu lúc 09:56 02/12/2026``, and the stale marker for an old snapshot (docs/reading-contract.md §6)."""
    if read_at is None:
        return strings.t("pdf_stale", lang) if stale else ""
    line = strings.t("meeting_fresh", lang, time=f"{read_at:%H:%M}", date=cells.format_date(read_at.date()))
    return f"{line} — {strings.t('pdf_stale', lang)}" if stale else line


def build(
    plan: Plan,
    brief: Brief,
    lang: str = "vi",
    note: str = "",
    *,
    read_at: dt.datetime | None = None,
    stale: bool = False,
) -> bytes:
    """The PDF brief (bytes) for ``brief``: header, figures, map, reports, lagging wards, checklist, alerts.

    ``read_at``/``stale``: when the data was read and whether it is an old snapshot (printed under the title).
    """
    directory = font_dir(lang)
    pdf = _Pdf(text.nfc(strings.t("pdf_footer", lang, page="{page}", pages="{pages}")))
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(directory / name))
    if (directory / ITALIC_FILE).is_file():
        pdf.add_font(FONT_FAMILY, "I", str(directory / ITALIC_FILE))
        pdf.italic = "I"
    pdf.set_title(text.nfc(brief.title))
    pdf.set_creator(text.nfc(plan.short_name))
    pdf.add_page()
    _header(pdf, plan, brief, lang)
    pdf.text_line(brief.title, 15, bold=True)
    fresh = _freshness(read_at, stale, lang)
    as_of = strings.t("brief_as_of", lang, date=cells.format_date(brief.as_of))
    pdf.text_line(plan.name, 9, colour=MUTED)
    colour = SEVERITY_COLOURS["critical"] if stale else MUTED
    pdf.text_line(" · ".join(part for part in (as_of, fresh) if part), 9, bold=stale, colour=colour)
    if note:
        pdf.text_line(note, 9, bold=True, colour=SEVERITY_COLOURS["warning"])
    pdf.ln(1)
    pdf.text_line(f"{strings.t('brief_phase', lang)}: {brief.phase_label} — {brief.countdown}", 11, bold=True)
    pdf.ln(1.5)
    _figures(pdf, brief, lang)
    top = pdf.get_y()
    map_width = pdf.epw * 0.5
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(map_width, 6, text.nfc(strings.t("brief_map", lang)))
    image = pdf.image(io.BytesIO(ward_map_png(plan, brief, lang)), x=pdf.l_margin, y=top + 7, w=map_width)
    side_x, side_w = pdf.l_margin + map_width + 5, pdf.epw - map_width - 5
    pdf.set_xy(side_x, top)
    _not_reported(pdf, brief.completeness, side_x, side_w, lang)
    pdf.ln(2)
    _lagging(pdf, plan, brief, side_x, side_w, lang)
    pdf.set_xy(pdf.l_margin, max(top + 7 + image.rendered_height, pdf.get_y()) + 3)
    _alerts(pdf, brief, lang)
    pdf.ln(1.5)
    _themes(pdf, plan, brief, lang)
    return bytes(pdf.output())
