"""The PDF brief, read back with pdftotext: headings and the summary's figures, NFC text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from services import cli
from services.core.config import Plan
from services.figures import brief
from services.ingest.reading.reader import Dataset
from services.render import maps, pdf
from tests.conftest import DEMO, reports_value

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pages(path: Path) -> int:
    return pdf_text(path).count("\f")


def flat(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def brief_pdf(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Make the PDF brief for a date through the CLI (once per date); return its path."""
    made: dict[dt.date, Path] = {}

    def run(day: dt.date) -> Path:
        if day not in made:
            out = tmp_path_factory.mktemp("pdf") / f"brief-{day}.pdf"
            argv = ["brief", "--format", "pdf", "--as-of", day.isoformat(), "--out", str(out), "--source", str(DEMO)]
            assert cli.main(argv) == 0
            made[day] = out
        return made[day]

    return run


@pytest.mark.parametrize("day", [dt.date(2016, 1, 15), dt.date(2016, 2, 10)], ids=str)
def test_headings_and_summary_figures(
    plan: Plan, demo_data: Dataset, cli_summary: Any, brief_pdf: Any, day: dt.date
) -> None:
    path = brief_pdf(day)
    assert path.read_bytes().startswith(b"%PDF")
    assert 1 <= pages(path) <= 2
    text = pdf_text(path)
    summary = cli_summary(day)
    headings = ["Họp nhanh — KH 17-KH/QU", "Giai đoạn:", "Hoạt động theo phường", "Nội dung tuyên truyền", "Cần chú ý"]
    assert all(heading in text for heading in headings)
    assert f"Tình hình tại ngày {day:%d/%m/%Y}" in text
    wards = summary["wards"].values()
    themes = summary["themes"].values()
    reports = list(summary["reports"].values())
    expected = [
        str(sum(summary["forms"].values())),
        f"{sum(1 for w in wards if w['activities'])}/{len(wards)}",
        f"{sum(1 for t in themes if t['covered'])}/{len(themes)}",
        reports_value(reports, dt.date.fromisoformat(summary["as_of"]), plan.report_deadline),
    ]
    figure_line = next(line for line in text.splitlines() if expected[1] in line)
    assert figure_line.split() == expected
    rows = {line.split()[0]: " ".join(line.split()[1:]) for line in text.splitlines() if line.strip()}
    for code, status in summary["themes"].items():
        state = "Đã có" if status["covered"] else "Quá hạn" if status["overdue"] else "Chưa"
        assert rows[code].startswith(f"{state}"), code
        assert f" {status['activities']} " in f" {rows[code]} "
    made = brief.build(plan, demo_data.activities, demo_data.reports, day)
    assert flat(made.countdown) in flat(text)
    for alert in made.alerts:
        assert flat(alert.text)[:60] in flat(text)


@pytest.mark.parametrize("day", [dt.date(2016, 1, 15), dt.date(2016, 2, 10)], ids=str)
def test_every_page_footer_numbers_the_page(brief_pdf: Any, day: dt.date) -> None:
    sheets = pdf_text(brief_pdf(day)).split("\f")[:-1]
    for number, sheet in enumerate(sheets, start=1):
        wanted = f"Số liệu tổng hợp tự động từ bảng theo dõi chung · Trang {number}/{len(sheets)}"
        assert wanted in flat(sheet), (number, sheet[-300:])


def test_phase_and_countdown_on_the_page(brief_pdf: Any) -> None:
    text = flat(pdf_text(brief_pdf(dt.date(2016, 1, 15))))
    assert "Giai đoạn: Trước Đại hội — Còn 5 ngày đến: Khai mạc Đại hội XII (20/01/2016)" in text


def test_text_is_nfc_even_when_the_config_is_nfd(plan: Plan, read_rows: Any, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch Tết Đinh Dậu")
    other = plan.model_copy(update={"short_name": decomposed})
    made = brief.build(other, read_rows([]).activities, [], dt.date(2016, 1, 15))
    out = tmp_path / "nfd.pdf"
    out.write_bytes(pdf.build(other, made))
    text = pdf_text(out)
    assert unicodedata.normalize("NFC", "Họp nhanh — Kế hoạch Tết Đinh Dậu") in text
    assert "Không có cảnh báo" in text or "Cần chú ý" in text


def test_map_png_is_rendered_offline(plan: Plan) -> None:
    chart = maps.ward_map(plan, {w.code: 1 for w in plan.wards}, "Số hoạt động")
    png = pdf.chart_png(chart.properties(width=200, height=200))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(pdf.FONT_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(pdf, "DEBIAN_FONT_DIR", tmp_path / "none")
    monkeypatch.setattr(pdf.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(pdf.FontMissingError, match="DejaVu Sans"):
        pdf.font_dir()


def test_font_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = pdf.font_dir()
    for name in pdf.FONT_FILES.values():
        shutil.copy(found / name, tmp_path)
    monkeypatch.setenv(pdf.FONT_DIR_ENV, str(tmp_path))
    assert pdf.font_dir() == tmp_path


def test_cli_reports_a_missing_font_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(pdf.FONT_DIR_ENV, raising=False)
    monkeypatch.setattr(pdf, "DEBIAN_FONT_DIR", tmp_path / "none")
    monkeypatch.setattr(pdf.importlib.util, "find_spec", lambda name: None)
    argv = [
        "brief",
        "--format",
        "pdf",
        "--as-of",
        "2016-01-15",
        "--out",
        str(tmp_path / "x.pdf"),
        "--source",
        str(DEMO),
    ]
    assert cli.main(argv) == 2
    assert "DejaVu Sans" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_scope_note_is_printed(plan: Plan, demo_data: Dataset, tmp_path: Path) -> None:
    from services.render import documents

    note = "Số liệu chỉ gồm hoạt động đã lọc: Cổ động trực quan"
    kept = [a for a in demo_data.activities if a.form == "co_dong_truc_quan"]
    out = tmp_path / "note.pdf"
    out.write_bytes(documents.render("pdf", plan, demo_data, dt.date(2016, 1, 15), activities=kept, note=note))
    text = flat(pdf_text(out))
    assert note in text
    assert f" {sum(1 for a in kept if a.date <= dt.date(2016, 1, 15))} " in f" {text} "
