"""The PDF brief: the meeting screen on one A4 page (two at most), offline.

Text is set in DejaVu Sans (it has every Vietnamese glyph) and normalised to
NFC first, since fpdf2 misplaces combining accents. The ward map is rendered
to PNG by vl-convert with the same font, without any network access.
"""

from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

import altair as alt
import vl_convert
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.core import strings, text
from services.core.config import Plan
from services.core.errors import DashboardError
from services.figures import coverage
from services.figures.brief import Brief
from services.ingest import cells
from services.render import maps

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
DEBIAN_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_DIR_ENV = "DASHBOARD_FONT_DIR"
STATE_COLOURS = {
    "covered": (46, 125, 50),
    "overdue": (198, 40, 40),
    "open": (230, 126, 0),
    "upcoming": (120, 120, 120),
}
SEVERITY_COLOURS = {"critical": (198, 40, 40), "warning": (230, 126, 0), "info": (21, 101, 192)}
MAP_PX = (460, 430)
INK = (33, 33, 33)
MUTED = (97, 97, 97)
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


def _themes(pdf: _Pdf, brief: Brief, x: float, top: float, width: float, lang: str) -> float:
    pdf.set_xy(x, top)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(width, 6, text.nfc(strings.t("brief_themes", lang)), new_x=XPos.LEFT, new_y=YPos.NEXT)
    for item in brief.themes:
        pdf.set_x(x)
        pdf.set_font(FONT_FAMILY, "B", 8.5)
        pdf.set_text_color(*INK)
        pdf.cell(13, 4.6, item.code)
        pdf.set_text_color(*STATE_COLOURS[item.state])
        pdf.cell(22, 4.6, text.nfc(item.state_label(lang)))
        pdf.set_font(FONT_FAMILY, "", 8.5)
        pdf.set_text_color(*INK)
        pdf.cell(8, 4.6, str(item.activities), align="R")
        pdf.set_text_color(*MUTED)
        pdf.set_font(FONT_FAMILY, "", 7)
        label = text.nfc(item.label)
        room = width - 45
        while label and pdf.get_string_width(label) > room:
            label = label[:-2].rstrip() + "…"
        pdf.cell(room, 4.6, " " + label, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y()


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


def build(plan: Plan, brief: Brief, lang: str = "vi", note: str = "") -> bytes:
    """The PDF brief (bytes) for ``brief``: heading, figures, map, checklist, alerts (and ``note``, if any)."""
    directory = font_dir(lang)
    pdf = _Pdf(text.nfc(strings.t("pdf_footer", lang, page="{page}", pages="{pages}")))
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(directory / name))
    pdf.set_title(text.nfc(brief.title))
    pdf.set_creator(text.nfc(plan.short_name))
    pdf.add_page()
    pdf.text_line(brief.title, 16, bold=True)
    pdf.text_line(
        f"{plan.name} · {strings.t('brief_as_of', lang, date=cells.format_date(brief.as_of))}", 9, colour=MUTED
    )
    if note:
        pdf.text_line(note, 9, bold=True, colour=SEVERITY_COLOURS["warning"])
    pdf.ln(1)
    pdf.text_line(f"{strings.t('brief_phase', lang)}: {brief.phase_label} — {brief.countdown}", 11, bold=True)
    pdf.ln(1.5)
    _figures(pdf, brief, lang)
    top = pdf.get_y()
    map_width = pdf.epw * 0.47
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(map_width, 6, text.nfc(strings.t("brief_map", lang)))
    image = pdf.image(io.BytesIO(ward_map_png(plan, brief, lang)), x=pdf.l_margin, y=top + 7, w=map_width)
    image_bottom = top + 7 + image.rendered_height
    themes_bottom = _themes(pdf, brief, pdf.l_margin + map_width + 4, top, pdf.epw - map_width - 4, lang)
    pdf.set_y(max(image_bottom, themes_bottom) + 3)
    _alerts(pdf, brief, lang)
    return bytes(pdf.output())
