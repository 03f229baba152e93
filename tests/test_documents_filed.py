"""The PDF brief and the Word report as documents an office files, read back from the files.

PDF: pdftotext (header block, freshness, full theme labels, units not reported, lagging wards),
``pdftotext -bbox`` (label size) and pdftoppm + Pillow (the bottom of page 1 is used).
DOCX: python-docx (PAGE field, repeated header rows, section 5 by unit, "—", no dashboard words).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from services.core.config import Plan
from services.figures import metrics
from services.ingest.reading.reader import Dataset
from services.render import documents

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="poppler-utils not installed"
)
DAYS = [dt.date(2016, 1, 24), dt.date(2016, 2, 10)]
PT_TO_BOX = 1.164  # DejaVu Sans: a word's bbox height (pt) per point of font size
DASHBOARD_WORDS = ["bảng theo dõi", "bảng điều khiển", "dashboard", "chất lượng dữ liệu", "streamlit", "trang web"]


def flat(value: str) -> str:
    return " ".join(value.split())


def pdf_text(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory: pytest.TempPathFactory, plan: Plan, demo_data: Dataset) -> Any:
    """The PDF brief of the demo for a day, as the pages and the CLI make it (once per day)."""
    made: dict[dt.date, Path] = {}

    def run(day: dt.date) -> Path:
        if day not in made:
            made[day] = tmp_path_factory.mktemp("filed") / f"brief-{day}.pdf"
            made[day].write_bytes(documents.render("pdf", plan, demo_data, day))
        return made[day]

    return run


def _without_prefix(names: list[str]) -> list[str]:
    """The names with their shared leading words taken out (the PDF says "Đảng ủy phường:" once)."""
    words = [n.split() for n in names]
    shared = 0
    while len(names) > 1 and all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    return [" ".join(w[shared:]) for w in words]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_pdf_header_freshness_and_full_theme_labels(
    plan: Plan, demo_data: Dataset, made_pdf: Any, day: dt.date
) -> None:
    text = flat(pdf_text(made_pdf(day), "-layout"))
    doc = plan.document
    for line in [doc.issuer_parent, doc.issuer, "ĐẢNG CỘNG SẢN VIỆT NAM", f"Thực hiện Kế hoạch số {doc.number}"]:
        assert line in text, line
    assert f"{doc.place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}" in text
    assert f"Tình hình tại ngày {day:%d/%m/%Y}" in text
    read_at = demo_data.read_at
    assert read_at is not None
    assert f"dữ liệu lúc {read_at:%H:%M} {read_at:%d/%m/%Y}" in text
    assert "BẢN LƯU CŨ" not in text
    for theme in plan.themes:
        assert flat(theme.label) in text, theme.code


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_pdf_names_units_not_reported_and_lagging_wards(
    plan: Plan, demo_data: Dataset, made_pdf: Any, day: dt.date
) -> None:
    text = flat(pdf_text(made_pdf(day), "-layout"))
    status = metrics.report_status(plan, demo_data.reports, day)
    groups = {"missing": "Không nộp", "late": "Muộn", "pending": "Chưa nộp (còn hạn)"}
    listed = 0
    for key, label in groups.items():
        names = [unit for unit, report in status.items() if report.status == key]
        if names:
            assert f"{label} — {len(names)} đơn vị:" in text
            for short in _without_prefix(names):
                assert short in text, short
            listed += len(names)
    assert listed == sum(1 for r in status.values() if r.status != "on_time") > 0
    wards = metrics.ward_coverage(plan, metrics.counted(demo_data.activities, day))
    fewest = min(t.activities for t in wards.values())
    weakest = [code for code, t in wards.items() if t.activities == fewest]
    for code in weakest:
        assert f"{plan.ward_names[code]}: {fewest} hoạt động" in text


@pytest.mark.parametrize("stale", [True, False])
def test_pdf_marks_an_old_snapshot(plan: Plan, demo_data: Dataset, tmp_path: Path, stale: bool) -> None:
    read_at = dt.datetime(2016, 1, 24, 7, 5)
    snapshot = dataclasses.replace(demo_data, read_at=read_at, stale_reason="HTTP 503" if stale else None)
    out = tmp_path / "stale.pdf"
    out.write_bytes(documents.render("pdf", plan, snapshot, DAYS[0]))
    text = flat(pdf_text(out))
    assert "dữ liệu lúc 07:05 24/01/2016" in text
    assert ("BẢN LƯU CŨ, chưa cập nhật được" in text) is stale


def test_pdf_theme_labels_are_at_least_9_pt(plan: Plan, made_pdf: Any) -> None:
    boxes = pdf_text(made_pdf(DAYS[1]), "-bbox")
    words = [
        (float(x0), float(y0), float(y1), word)
        for x0, y0, y1, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes
        )
    ]
    label_words = {word for theme in plan.themes for word in theme.label.split()}
    found = [(x0, y0) for x0, y0, _, word in words if word in {t.code for t in plan.themes}]
    code_x = min(x0 for x0, _ in found)
    codes = [(x0, y0) for x0, y0 in found if x0 < code_x + 1]  # the checklist's code column, not the alerts
    assert len(codes) == len(plan.themes)
    rows = {round(y0) for _, y0 in codes}
    on_rows = [(y1 - y0, w) for x0, y0, y1, w in words if round(y0) in rows and x0 > code_x + 100 and w in label_words]
    assert len(on_rows) >= len(plan.themes)
    assert min(height for height, _ in on_rows) >= 9 * PT_TO_BOX - 0.05


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_pdf_first_page_is_used_to_the_bottom(made_pdf: Any, tmp_path: Path, day: dt.date) -> None:
    from PIL import Image

    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-gray", "-f", "1", "-l", "1", str(made_pdf(day)), str(prefix)])
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    footer = round(height * 16 / 297)  # the footer line sits in the bottom margin
    start = height * 2 // 3
    inked = sum(1 for y in range(start, height - footer) if image.crop((0, y, width, y + 1)).getextrema()[0] < 200)
    assert inked / (height - footer - start) > 0.4, f"{inked} rows with ink in the bottom third"


def docx_of(plan: Plan, data: Dataset, day: dt.date) -> Any:
    return docx.Document(io.BytesIO(documents.render("docx", plan, data, day)))


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_docx_page_numbers_and_repeated_header_rows(plan: Plan, demo_data: Dataset, day: dt.date) -> None:
    document = docx_of(plan, demo_data, day)
    for section in document.sections:
        fields = [e.text for e in section.footer._element.iter(qn("w:instrText"))]
        fields += [e.get(qn("w:instr")) for e in section.footer._element.iter(qn("w:fldSimple"))]
        assert any(f and f.split()[0] == "PAGE" for f in fields)
    assert len(document.tables) >= 5
    for table in document.tables:
        flag = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        assert flag is not None and flag.get(qn("w:val")) in (None, "true", "1")


def _section(paragraphs: list[str], start: str, end: str) -> list[str]:
    first = paragraphs.index(start)
    last = next(i for i in range(first + 1, len(paragraphs)) if paragraphs[i].startswith(end))
    return paragraphs[first + 1 : last]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_docx_opinions_one_line_per_unit_with_its_count(plan: Plan, demo_data: Dataset, day: dt.date) -> None:
    text = [p.text for p in docx_of(plan, demo_data, day).paragraphs]
    lines = _section(text, "5. Nắm bắt, định hướng dư luận xã hội", "[Để trống")
    counted = metrics.counted(demo_data.activities, day)
    notes = [a for a in counted if a.form in plan.document.opinion_forms]
    per_unit: dict[str, int] = {}
    for note in notes:
        per_unit[note.unit or note.unit_text] = per_unit.get(note.unit or note.unit_text, 0) + 1
    assert len(notes) > len(per_unit) > 1  # the demo has units with several notes: grouping shows
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == len(per_unit)
    for unit, n in per_unit.items():
        assert sum(1 for b in bullets if b.startswith(f"- {unit}: {n} lượt ")) == 1, unit
    assert f"{len(notes)} lượt nắm bắt dư luận của {len(per_unit)} đơn vị:" in lines


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_docx_forms_without_an_audience_show_a_dash(plan: Plan, demo_data: Dataset, day: dt.date) -> None:
    forms = docx_of(plan, demo_data, day).tables[1]
    rows = {row.cells[1].text: row.cells[3].text for row in forms.rows[1:]}
    counted = metrics.counted(demo_data.activities, day)
    silent = 0
    for form in plan.forms:
        recorded = [a.participants for a in counted if a.form == form.key and a.participants is not None]
        if recorded:
            assert rows[form.label] == f"{sum(recorded):,}".replace(",", "."), form.key
        else:
            assert rows[form.label] == "—", form.key
            silent += 1
    assert silent >= 1


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_docx_has_no_dashboard_wording(plan: Plan, demo_data: Dataset, day: dt.date) -> None:
    document = docx_of(plan, demo_data, day)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    body = "\n".join(parts).lower()
    assert [word for word in DASHBOARD_WORDS if word in body] == []
