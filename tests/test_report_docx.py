"""The Word draft of the results report: Party layout, names from config, figures from metrics."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

from services import cli
from services.core.config import Plan
from services.figures import report_data
from services.ingest.reading.reader import Dataset
from services.render import report_docx
from tests.conftest import DEMO

DAYS = [dt.date(2016, 1, 15), dt.date(2016, 1, 25), dt.date(2016, 2, 10)]


def num(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def make(plan: Plan, data: Dataset, day: dt.date) -> docx.document.Document:
    figures = report_data.build(plan, data.activities, data.reports, day)
    return docx.Document(io.BytesIO(report_docx.build(plan, figures)))


def cell_lines(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs]


def paragraphs(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_rows(table: Any) -> dict[str, list[str]]:
    """Rows keyed by their second cell (the name column)."""
    return {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}


def test_party_document_layout(plan: Plan, demo_data: Dataset) -> None:
    document = make(plan, demo_data, dt.date(2016, 1, 15))
    header = document.tables[0].rows[0].cells
    assert cell_lines(header[0]) == ["ĐẢNG BỘ QUẬN LONG BIÊN", "BAN TUYÊN GIÁO QUẬN ỦY", "*", "Số        -BC/BTGQU"]
    assert cell_lines(header[1]) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Long Biên, ngày 15 tháng 01 năm 2016"]
    assert header[1].paragraphs[0].runs[0].underline
    text = paragraphs(document)
    title = text.index("BÁO CÁO")
    assert text[title + 1].startswith("Kết quả thực hiện Kế hoạch số 17-KH/QU ngày 29/12/2015")
    assert document.core_properties.title == "Báo cáo kết quả thực hiện Kế hoạch số 17-KH/QU"
    headings = [
        "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN KẾ HOẠCH",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Kết quả theo hình thức tuyên truyền",
        "2. Kết quả theo địa bàn phường",
        "3. Kết quả theo đơn vị",
        "4. Nội dung tuyên truyền",
        "5. Nắm bắt, định hướng dư luận xã hội",
        "III. TÌNH HÌNH BÁO CÁO KẾT QUẢ CỦA CÁC ĐƠN VỊ",
        "IV. ĐÁNH GIÁ CHUNG",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    closing = document.tables[-1].rows[0].cells
    assert cell_lines(closing[0]) == [
        "Nơi nhận:",
        "- Ban Tuyên giáo Thành ủy Hà Nội (để b/c)",
        "- Thường trực Quận ủy (để b/c)",
        "- Lưu.",
    ]
    assert cell_lines(closing[1])[0] == "TRƯỞNG BAN"
    assert cell_lines(closing[1])[-1] == "[Họ và tên người ký]"


def test_every_name_comes_from_the_config(plan: Plan, demo_data: Dataset) -> None:
    names = {
        "issuer_parent": "ĐẢNG BỘ HUYỆN GIA LÂM",
        "report_issuer": "BAN TUYÊN GIÁO HUYỆN ỦY",
        "report_number": "-BC/BTGHU",
        "party_name": "ĐẢNG CỘNG SẢN VIỆT NAM (thử)",
        "place": "Gia Lâm",
        "report_kind": "BÁO CÁO NHANH",
        "report_subject": "Kết quả tuyên truyền Tết",
        "report_recipients": ["Ban Tuyên giáo Thành ủy", "Lưu VP."],
        "signer_on_behalf": "K/T TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn A",
    }
    other = plan.model_copy(update={"document": plan.document.model_copy(update=names)})
    document = make(other, demo_data, dt.date(2016, 2, 1))
    header = document.tables[0].rows[0].cells
    assert cell_lines(header[0]) == ["ĐẢNG BỘ HUYỆN GIA LÂM", "BAN TUYÊN GIÁO HUYỆN ỦY", "*", "Số        -BC/BTGHU"]
    assert cell_lines(header[1]) == ["ĐẢNG CỘNG SẢN VIỆT NAM (thử)", "", "Gia Lâm, ngày 01 tháng 02 năm 2016"]
    text = paragraphs(document)
    assert "BÁO CÁO NHANH" in text and "Kết quả tuyên truyền Tết" in text
    closing = document.tables[-1].rows[0].cells
    assert cell_lines(closing[0]) == ["Nơi nhận:", "- Ban Tuyên giáo Thành ủy", "- Lưu VP."]
    assert cell_lines(closing[1]) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "", "", "Nguyễn Văn A"]
    everything = "\n".join(text + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "LONG BIÊN" not in everything


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_figures_are_the_summary_figures(plan: Plan, demo_data: Dataset, cli_summary: Any, day: dt.date) -> None:
    summary = cli_summary(day)
    document = make(plan, demo_data, day)
    text = "\n".join(paragraphs(document))
    total = sum(summary["forms"].values())
    assert f"đã ghi nhận {num(total)} hoạt động" in text
    forms = table_rows(document.tables[1])
    for form in plan.forms:
        assert forms[form.label][2] == num(summary["forms"][form.key])
    assert forms["Tổng cộng"][2] == num(total)
    wards = table_rows(document.tables[2])
    for ward in summary["wards"].values():
        assert wards[ward["name"]][2:] == [num(ward["activities"]), num(ward["participants"])]
    wide = summary["district_wide"]
    assert wards["Toàn quận"][2:] == [num(wide["activities"]), num(wide["participants"])]
    reached = sum(1 for w in summary["wards"].values() if w["activities"])
    assert f"{reached}/{len(summary['wards'])} phường có hoạt động" in text
    for code, theme in summary["themes"].items():
        label = next(t.label for t in plan.themes if t.code == code)
        if theme["covered"]:
            assert f"{code} – {label}: {num(theme['activities'])} hoạt động." in text
        elif theme["overdue"]:
            assert f"{code} – {label}: chưa có hoạt động, đã hết giai đoạn." in text
    states = list(summary["reports"].values())
    assert (
        f"trong {len(states)} đơn vị phải báo cáo: {states.count('on_time')} đúng hạn, {states.count('late')} muộn, "
        f"{states.count('pending')} chưa nộp (còn hạn), {states.count('missing')} không nộp."
    ) in text
    units = table_rows(document.tables[3])
    assert sum(int(row[2].replace(".", "")) for row in units.values()) == total
    assert not any("dòng có lỗi" in line or "Chất lượng dữ liệu" in line for line in text)


def test_assessment_is_left_blank_and_marked(plan: Plan, demo_data: Dataset) -> None:
    document = make(plan, demo_data, dt.date(2016, 2, 10))
    blanks = [p for p in document.paragraphs if p.text.startswith("[Để trống — ")]
    assert len(blanks) == 6
    assert all(p.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW for p in blanks)
    assert any("ưu điểm" in p.text for p in blanks)
    assert any("hạn chế" in p.text for p in blanks)


def test_public_opinion_notes_as_of_d(plan: Plan, read_rows: Any) -> None:
    data = read_rows(
        [
            {
                "date": "12/01/2016",
                "unit": "ĐU Bồ Đề",
                "ward": "Bồ Đề",
                "form": "Dư luận",
                "title": "Nhân dân phấn khởi đón Đại hội",
                "notes": "Một số ý kiến hỏi về nhân sự",
            },
            {"date": "13/01/2016", "unit": "Quận đoàn", "ward": "Toàn quận", "form": "Dư luận", "title": "Đoàn viên"},
            {"date": "22/01/2016", "ward": "Cự Khối", "form": "Dư luận", "title": "Sau ngày D"},
            {"date": "12/01/2016", "ward": "Cự Khối", "form": "Pano", "title": "Không phải dư luận"},
        ]
    )
    text = paragraphs(make(plan, data, dt.date(2016, 1, 15)))
    assert "2 lượt nắm bắt dư luận của 2 đơn vị:" in text
    assert "- Đảng ủy phường Bồ Đề: 1 lượt (ngày 12/01)." in text
    assert "- Quận đoàn: 1 lượt (ngày 13/01)." in text
    joined = "\n".join(text)
    assert "Sau ngày D" not in joined and "Không phải dư luận" not in joined and "22/01" not in joined
    empty = paragraphs(make(plan, read_rows([]), dt.date(2016, 1, 15)))
    assert "Chưa ghi nhận ý kiến dư luận nào." in empty


def test_phases_not_started_are_said_so(plan: Plan, read_rows: Any) -> None:
    text = paragraphs(make(plan, read_rows([]), dt.date(2016, 1, 10)))
    assert "- Trong Đại hội: chưa đến giai đoạn;" in text
    assert "- ND1.1 – " + plan.themes[0].label + ": chưa có hoạt động." in text
    assert text.count("- Chưa đến giai đoạn này.") == 2


def test_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bao-cao.docx"
    assert (
        cli.main(["brief", "--format", "docx", "--as-of", "2016-02-10", "--out", str(out), "--source", str(DEMO)]) == 0
    )
    document = docx.Document(str(out))
    assert "Long Biên, ngày 10 tháng 02 năm 2016" in cell_lines(document.tables[0].rows[0].cells[1])
    assert str(out) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "/nowhere/none.xlsx"], "none.xlsx"),
        (["--out", "/nowhere/dir/x.docx"], "không ghi được tệp '/nowhere/dir/x.docx'"),
        (["--as-of", "2016-13-01"], "2016-13-01"),
        (["--config", "/nowhere/plan.yaml"], "/nowhere/plan.yaml"),
    ],
)
def test_cli_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    base = {"--format": "docx", "--as-of": "2016-01-15", "--out": str(tmp_path / "x.docx"), "--source": str(DEMO)}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["brief", *[item for pair in base.items() for item in pair]]
    try:
        status = cli.main(argv)
    except SystemExit as exit_:  # argparse errors leave through SystemExit
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi:") and message in err and "\n" not in err


def test_a_scope_note_is_printed_under_the_title(plan: Plan, demo_data: Dataset) -> None:
    from services.render import documents

    note = "Số liệu chỉ gồm hoạt động đã lọc: Hội nghị báo cáo viên, tuyên truyền viên"
    kept = [a for a in demo_data.activities if a.form == "hoi_nghi_bcv"]
    content = documents.render("docx", plan, demo_data, dt.date(2016, 1, 15), activities=kept, note=note)
    text = paragraphs(docx.Document(io.BytesIO(content)))
    assert text.index(note) == text.index("-----") + 1
    counted = sum(1 for a in kept if a.date <= dt.date(2016, 1, 15))
    assert f"đã ghi nhận {num(counted)} hoạt động" in "\n".join(text)


def test_document_form_keys_are_checked(tmp_path: Path) -> None:
    from services.core import config
    from services.core.errors import ConfigError

    text = (config.CONFIG_DIR / "plan.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "plan.yaml"
    broken.write_text(text.replace("opinion_forms: [du_luan]", "opinion_forms: [khong_co]"), encoding="utf-8")
    with pytest.raises(ConfigError, match="khong_co"):
        config.load_plan(broken)


def test_a_plan_without_document_section_still_drafts(tet_plan: Plan, read_rows: Any) -> None:
    data = read_rows([{"date": "10/01/2017", "ward": "Xã Đặng Xá", "form": "Văn nghệ"}], with_plan=tet_plan)
    document = make(tet_plan, data, dt.date(2017, 2, 11))
    text = "\n".join(paragraphs(document))
    assert "1/4 phường có hoạt động" in text
    assert "trong 4 đơn vị phải báo cáo: 0 đúng hạn, 0 muộn, 0 chưa nộp (còn hạn), 4 không nộp." in text
