"""Sheet setup (batchUpdate requests, idempotent, data rows untouched) and the .xlsx template."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from services import cli
from services.core import config
from services.core.errors import SheetAccessError
from services.ingest.google import client
from services.ingest.local.files import XlsxSource
from services.ingest.reading import reader, vocab
from services.write import template
from testkit.fake_sheets import ACTIVITY_HEADER, FakeSheets, activity_rows

KEY = "1SetupSheetKey0123456789abcdefghij"
PLAN = config.load_plan()
SCHEMA = config.load_schema()
ACT = SCHEMA.tabs["activities"]
REP = SCHEMA.tabs["reports"]


@pytest.fixture
def fake() -> Iterator[FakeSheets]:
    with FakeSheets() as server:
        server.add_book(KEY, title="Theo dõi KH17")
        yield server


def request_names(requests_: list[dict]) -> list[str]:
    return [next(iter(r)) for r in requests_]


# ---------------------------------------------------------------- dropdown values


@pytest.mark.parametrize("kind", ["wards", "themes"])
def test_multi_value_dropdowns_have_no_separators_inside(kind: str) -> None:
    values = template.options(PLAN)[kind]
    assert values and all("," not in v and ";" not in v for v in values)


def test_every_dropdown_value_reads_back_as_itself() -> None:
    words = vocab.for_plan(PLAN)
    opts = template.options(PLAN)
    assert [words.wards(w).codes for w in opts["wards"][: len(PLAN.wards)]] == [(w.code,) for w in PLAN.wards]
    assert all(words.wards(m).district_wide for m in PLAN.district_wide)
    assert [words.form(f) for f in opts["form"]] == [f.key for f in PLAN.forms]
    assert [words.unit(u) for u in opts["unit"]] == [u.name for u in PLAN.units]
    assert [words.themes(t).codes for t in opts["themes"]] == [(t.code,) for t in PLAN.themes]
    chips = ", ".join(opts["themes"])  # what Sheets writes for a multi-select
    assert words.themes(chips).codes == tuple(t.code for t in PLAN.themes)
    assert words.themes(chips).unknown == ()


@pytest.mark.parametrize(
    ("code", "option"),
    [
        ("ND1.3", "ND1.3 – Thành tựu 30 năm đổi mới"),
        ("ND2.1", "ND2.1 – Tầm vóc / ý nghĩa Đại hội XII"),
        ("PB", "PB – Đấu tranh / phản bác thông tin / quan điểm sai trái / thù địch"),
    ],
)
def test_theme_options_are_code_dash_short_label(code: str, option: str) -> None:
    assert template.theme_option(PLAN, code) == option


# ---------------------------------------------------------------- setup-sheet


def setup(fake: FakeSheets) -> list[dict]:
    _, sent = template.setup_sheet(fake.connection(), KEY, PLAN, SCHEMA)
    return sent


def test_setup_on_an_empty_spreadsheet_sends_the_expected_requests(fake: FakeSheets) -> None:
    fake.add_tab(KEY, "Trang tính1", sheet_id=0)
    sent = setup(fake)
    assert fake.count("batchUpdate") == 1
    names = request_names(sent)
    assert names.count("addSheet") == 2
    assert names.count("updateCells") == 2 and names.count("addProtectedRange") == 2
    assert names.count("updateSheetProperties") == 2  # freeze the header of each tab
    # Hoạt động: Ngày, Đơn vị, Phường, Hình thức, Nội dung, two counts; Báo cáo: Đơn vị, Ngày nộp
    assert names.count("setDataValidation") == 7 + 2
    assert names.count("repeatCell") == 2  # Ngày and Ngày nộp shown as dd/mm/yyyy
    activities = fake.tab(KEY, "Hoạt động")
    assert activities.rows == [ACTIVITY_HEADER] and activities.frozen == 1
    assert fake.tab(KEY, "Báo cáo").rows == [[c.header for c in REP.columns]]
    assert all(p["range"]["endRowIndex"] == 1 and not p["warningOnly"] for p in activities.protected)


def test_the_validation_rules_match_the_config(fake: FakeSheets) -> None:
    sent = setup(fake)
    rules = {
        r["setDataValidation"]["range"]["startColumnIndex"]: r["setDataValidation"]["rule"]
        for r in sent
        if "setDataValidation" in r
        and r["setDataValidation"]["range"]["sheetId"] == fake.tab(KEY, "Hoạt động").sheet_id
    }
    position = {c.key: i for i, c in enumerate(ACT.columns)}
    wards = [v["userEnteredValue"] for v in rules[position["ward"]]["condition"]["values"]]
    assert wards[:14] == [w.name for w in PLAN.wards] and "Toàn quận" in wards
    themes = [v["userEnteredValue"] for v in rules[position["themes"]]["condition"]["values"]]
    assert themes[2] == "ND1.3 – Thành tựu 30 năm đổi mới"
    assert rules[position["date"]]["condition"]["type"] == "DATE_IS_VALID"
    count = rules[position["participants"]]["condition"]
    assert count == {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]}
    assert position["title"] not in rules and position["id"] not in rules
    for rule in rules.values():
        assert not rule.get("strict")  # units may type freely; the reader reports problems


def test_a_second_run_sends_nothing(fake: FakeSheets) -> None:
    assert setup(fake)
    fake.reset_counts()
    assert setup(fake) == []
    assert fake.count("batchUpdate") == 0


def test_setup_never_touches_data_rows_and_keeps_existing_headers(fake: FakeSheets) -> None:
    rows = [ACTIVITY_HEADER[:-1], *[r[:-1] for r in activity_rows(30)]]  # no "Ghi chú" column yet
    tab = fake.add_tab(KEY, "Hoạt động", rows)
    tab.column_count = 11
    before = [list(r) for r in tab.rows]
    sent = setup(fake)
    for request in sent:
        if "updateCells" in request:
            assert request["updateCells"]["start"]["rowIndex"] == 0
        for body in request.values():
            grid = body.get("range", {}) if isinstance(body, dict) else {}
            if "setDataValidation" in request or "repeatCell" in request:
                assert grid["startRowIndex"] == 1
    assert {"appendDimension": {"sheetId": tab.sheet_id, "dimension": "COLUMNS", "length": 1}} in sent
    assert tab.rows[0] == ACTIVITY_HEADER
    assert [r for r in tab.rows[1:]] == before[1:]
    assert setup(fake) == []


def test_a_tab_whose_first_row_is_not_a_header_is_left_alone(fake: FakeSheets) -> None:
    tab = fake.add_tab(KEY, "Hoạt động", activity_rows(3))  # data from row 1, no header
    before = [list(r) for r in tab.rows]
    with pytest.raises(SheetAccessError, match="thiếu cột 'Ngày'"):
        setup(fake)
    assert tab.rows == before and fake.count("batchUpdate") == 0


def test_a_partly_set_up_sheet_only_gets_what_is_missing(fake: FakeSheets) -> None:
    setup(fake)
    tab = fake.tab(KEY, "Hoạt động")
    tab.frozen = 0
    tab.validations = [v for v in tab.validations if v[0]["startColumnIndex"] != 3]  # someone removed Phường's list
    sent = setup(fake)
    assert request_names(sent) == ["updateSheetProperties", "setDataValidation"]
    assert sent[1]["setDataValidation"]["range"]["startColumnIndex"] == 3


def test_reordered_and_english_headers_are_respected(fake: FakeSheets) -> None:
    header = list(reversed([c.key for c in ACT.columns]))
    fake.add_tab(KEY, "activities", [header])
    sent = setup(fake)
    assert "Hoạt động" not in [t.title for t in fake.books[KEY]["tabs"]]  # the alias tab is used
    rules = [r["setDataValidation"]["range"]["startColumnIndex"] for r in sent if "setDataValidation" in r]
    assert header.index("ward") in rules


def test_the_cli_setup_sheet_command_is_idempotent(
    fake: FakeSheets, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(client, "connect", lambda info=None, settings=None: fake.connection())
    url = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
    assert cli.main(["setup-sheet", "--sheet", url]) == 0
    assert "Đã gửi" in capsys.readouterr().err
    assert cli.main(["setup-sheet", "--sheet", url]) == 0
    assert "không có gì cần thay đổi" in capsys.readouterr().err
    assert fake.count("batchUpdate") == 1


def test_the_cli_reports_a_sharing_problem_in_one_line(
    fake: FakeSheets, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.books[KEY]["shared"] = set()
    monkeypatch.setattr(client, "connect", lambda info=None, settings=None: fake.connection(email="bot@p.iam"))
    assert cli.main(["setup-sheet", "--sheet", KEY]) == 2
    assert "hãy chia sẻ bảng tính với bot@p.iam" in capsys.readouterr().err


# ---------------------------------------------------------------- the .xlsx template


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template.xlsx_template(PLAN, SCHEMA)))


def test_the_template_has_both_tabs_with_frozen_headers(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames[:2] == ["Hoạt động", "Báo cáo"]
    activities = workbook["Hoạt động"]
    assert [c.value for c in activities[1]] == ACTIVITY_HEADER
    assert activities.freeze_panes == "A2"
    assert workbook["Danh mục"].sheet_state == "hidden"


def test_the_template_dropdowns_list_the_config_values(workbook: openpyxl.Workbook) -> None:
    activities = workbook["Hoạt động"]
    lists = workbook["Danh mục"]
    by_column = {}
    for validation in activities.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        by_column[column] = validation
    ward = by_column["D"]
    assert ward.type == "list" and ward.errorStyle == "warning"
    _, cells = ward.formula1.lstrip("=").split("!")
    column = cells.split(":")[0].strip("$").rstrip("0123456789").strip("$")
    values = [c.value for c in lists[column][1:] if c.value]
    assert values == template.options(PLAN)["wards"]
    assert by_column["B"].type == "date" and by_column["H"].type == "whole" and by_column["H"].formula1 == "0"
    assert "G" not in by_column  # free text


def test_the_template_reads_back_without_problems(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template.xlsx_template(PLAN, SCHEMA))
    data = reader.read(XlsxSource(path).read(), PLAN, SCHEMA)
    assert data.read == 0 and data.problems == []
