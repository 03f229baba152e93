"""The few paragraph and table styles of a Party document, as thin helpers over python-docx.

A4, Times New Roman 14 pt body, 12 pt tables (the layout the plan's own documents use);
every text goes in as NFC and every phrase comes from :mod:`services.core.strings`.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from services.core import strings, text
from services.render import docx_xml

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12


class Writer:
    """Thin helpers over python-docx for the few paragraph styles the report uses."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc: DocxDocument = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    def t(self, key: str, **params: object) -> str:
        return strings.t(key, self.lang, **params)

    def num(self, value: int) -> str:
        return text.format_int(value, self.lang)

    def para(
        self,
        content: str = "",
        *,
        where: Paragraph | None = None,
        bold: bool = False,
        italic: bool = False,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        size: int = BODY_PT,
        underline: bool = False,
    ) -> Paragraph:
        paragraph = where if where is not None else self.doc.add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(4)
        if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
            fmt.first_line_indent = Cm(1)
        run = paragraph.add_run(text.nfc(content))
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        return paragraph

    def heading(self, content: str) -> Paragraph:
        return self.para(content, bold=True)

    def bullet(self, content: str) -> Paragraph:
        return self.para(f"- {content}")

    def blank(self, what: str) -> Paragraph:
        """A highlighted paragraph the department fills in itself."""
        paragraph = self.para(self.t("rpt_blank", what=what), italic=True)
        paragraph.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
        return paragraph

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            self.para(value, where=cell.paragraphs[0], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=TABLE_PT)
        for row in rows:
            new = table.add_row().cells
            for index, (cell, value) in enumerate(zip(new, row, strict=True)):
                align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
                self.para(value, where=cell.paragraphs[0], align=align, size=TABLE_PT)
        docx_xml.set_widths(table, widths)
        self.doc.add_paragraph()
        return table

    def borderless(self, widths: Sequence[float]) -> list[_Cell]:
        """A one-row table without borders: two blocks side by side."""
        table = self.doc.add_table(rows=1, cols=len(widths))
        docx_xml.no_borders(table)
        docx_xml.set_widths(table, widths)
        return list(table.rows[0].cells)

    def cell_lines(self, cell: _Cell, lines: Sequence[tuple[str, dict[str, bool | int]]]) -> None:
        for index, (value, style) in enumerate(lines):
            where = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            align = WD_ALIGN_PARAGRAPH.LEFT if style.get("left") else WD_ALIGN_PARAGRAPH.CENTER
            self.para(
                value,
                where=where,
                bold=bool(style.get("bold")),
                italic=bool(style.get("italic")),
                underline=bool(style.get("underline")),
                align=align,
                size=int(style.get("size", 13)),
            )
            where.paragraph_format.space_after = Pt(0)
