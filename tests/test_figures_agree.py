"""Reports, wards reached and themes covered agree on the overview, the meeting page, the PDF and the DOCX.

Each surface is read back as the user sees it: the pages through AppTest, the PDF with pdftotext,
the Word report with python-docx. The reports figure is "submitted" before the deadline and
"submitted/expected" after it (services/figures/reporting.py, the one definition).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from services.core import strings
from services.core.config import Plan
from services.ingest.reading.reader import Dataset
from services.render import documents
from tests.conftest import run_page

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
DAYS = [dt.date(2016, 1, 24), dt.date(2016, 2, 10)]
Figures = dict[str, str]


def overview(day: dt.date) -> Figures:
    at = run_page("pages/overview.py", as_of=day)
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    return {
        "reports": shown[strings.t("rep_label")],
        "wards": shown[strings.t("kpi_wards")],
        "themes": shown[strings.t("kpi_themes")],
    }


def meeting(day: dt.date) -> Figures:
    at = run_page("pages/meeting.py", as_of=day)
    assert not at.exception, [e.value for e in at.exception]
    _, wards, themes, reports = (m.value for m in at.metric)
    return {"reports": reports, "wards": wards, "themes": themes}


def brief_pdf(plan: Plan, data: Dataset, day: dt.date, tmp_path: Path) -> Figures:
    path = tmp_path / "brief.pdf"
    path.write_bytes(documents.render("pdf", plan, data, day))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    lines = text.splitlines()
    labels = next(i for i, line in enumerate(lines) if "Đã nộp báo cáo" in line and "Nội dung" in line)
    values = next(lines[i].split() for i in range(labels - 1, 0, -1) if lines[i].strip())
    _, wards, themes, reports = values
    return {"reports": reports, "wards": wards, "themes": themes}


def report_docx(plan: Plan, data: Dataset, day: dt.date) -> Figures:
    document = docx.Document(io.BytesIO(documents.render("docx", plan, data, day)))
    text = "\n".join(p.text for p in document.paragraphs)
    wards = re.search(r"(\d+/\d+) phường có hoạt động", text)
    phases = re.findall(r"(\d+)/(\d+) nội dung đã có hoạt động", text)
    summary = re.search(r"trong (\d+) đơn vị phải báo cáo: (\d+) đúng hạn, (\d+) muộn", text)
    assert wards and phases and summary
    expected, on_time, late = (int(n) for n in summary.groups())
    submitted = on_time + late
    reports = str(submitted) if day <= plan.report_deadline else f"{submitted}/{expected}"
    themes = f"{sum(int(a) for a, _ in phases)}/{sum(int(b) for _, b in phases)}"
    return {"reports": reports, "wards": wards.group(1), "themes": themes}


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_same_figures_on_every_surface(plan: Plan, demo_data: Dataset, tmp_path: Path, day: dt.date) -> None:
    seen = {
        "overview": overview(day),
        "meeting": meeting(day),
        "pdf": brief_pdf(plan, demo_data, day, tmp_path),
        "docx": report_docx(plan, demo_data, day),
    }
    assert all(figures == seen["overview"] for figures in seen.values()), seen
    assert seen["overview"]["wards"].endswith(f"/{len(plan.wards)}")
    assert seen["overview"]["themes"].endswith(f"/{len(plan.themes)}")
