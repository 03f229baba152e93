"""Issue 10 #6: a wrong sheet structure is said as such, never read as "no activity"."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services import cli
from services.core import strings
from services.core.config import Plan, SheetSchema
from services.figures import alerts, metrics
from services.ingest import loader
from services.ingest.local import files
from services.ingest.raw import RawWorkbook
from services.ingest.reading import reader, structure
from tests.conftest import ACT_HEADER, REP_HEADER, ROOT, build_workbook, save_xlsx
from tests.fixtures import acceptance
from tests.test_pages_smoke import PAGES, _failures
from ui import widgets

ROW = {"date": "15/01/2016", "unit": "Ban Tuyên giáo Quận ủy", "ward": "Bồ Đề", "form": "Hội nghị BCV",
       "themes": "ND1.1", "title": "Hội nghị", "participants": 120}  # fmt: skip
RENAMED_DATE = [("Ngày tổ chức" if h == "Ngày" else h) for h in ACT_HEADER]
RENAMED_UNIT_REPORT = [("Tên đơn vị" if h == "Đơn vị" else h) for h in REP_HEADER]
DAY = dt.date(2016, 1, 25)  # in a phase, after the decoration milestone: every rule would fire on no data

BROKEN: dict[str, tuple[Callable[[], RawWorkbook], frozenset[str], str]] = {
    "renamed activities tab": (
        lambda: build_workbook([ROW], act_title="Sheet1"), frozenset({"activities"}), "không có trang 'Hoạt động'"),
    "renamed header": (
        lambda: build_workbook([ROW], act_header=RENAMED_DATE), frozenset({"activities"}), "thiếu cột 'Ngày'"),
    "renamed reports tab": (
        lambda: build_workbook([ROW], rep_title="BC"), frozenset({"reports"}), "không có trang 'Báo cáo'"),
    "renamed reports header": (
        lambda: build_workbook([ROW], rep_header=RENAMED_UNIT_REPORT), frozenset({"reports"}), "thiếu cột 'Đơn vị'"),
    "no tabs at all": (
        lambda: RawWorkbook(tabs={}, label="csv"), frozenset({"activities", "reports"}), "không có trang hay tệp CSV"),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN)
def test_structural_problems_are_exposed_with_the_tabs_they_block(plan: Plan, schema: SheetSchema, case: str) -> None:
    make, blocked, words = BROKEN[case]
    data = reader.read(make(), plan, schema)
    assert data.blocked == blocked
    assert data.unreadable == ("activities" in blocked)
    assert data.structural and all(p.row == 1 for p in data.structural)
    explained = " ".join(structure.explain(data.structural))
    assert words in explained and "mẫu" in explained  # what is wrong, and what to do
    assert " ".join(structure.explain(data.structural, "en"))


def test_the_missing_tab_names_the_tabs_that_are_there(plan: Plan, schema: SheetSchema) -> None:
    data = reader.read(build_workbook([ROW], act_title="Sheet1"), plan, schema)
    assert "'Sheet1', 'Báo cáo'" in structure.explain(data.structural)[0]


def test_a_good_workbook_has_no_structural_problem(plan: Plan, schema: SheetSchema, read_rows: Any) -> None:
    data = read_rows([ROW, {**ROW, "date": "31/02/2016"}])  # a bad row is not a structural problem
    assert (data.structural, data.blocked, data.unreadable) == ([], frozenset(), False)


def test_alerts_are_suppressed_while_the_activities_cannot_be_read(plan: Plan, schema: SheetSchema) -> None:
    data = reader.read(build_workbook([ROW], act_title="Sheet1"), plan, schema)
    unblocked = alerts.compute(plan, data.activities, data.reports, DAY)
    assert any(a.kind == "wards_idle" for a in unblocked)  # what used to show: every ward idle, red
    found = alerts.compute(plan, data.activities, data.reports, DAY, blocked=data.blocked)
    assert [(a.kind, a.text) for a in found] == [("data_unreadable", strings.t("alert_unreadable"))]


def test_an_unreadable_reports_tab_silences_only_the_report_alerts(plan: Plan, schema: SheetSchema) -> None:
    data = reader.read(build_workbook([ROW], rep_title="BC"), plan, schema)
    day = plan.report_deadline + dt.timedelta(days=3)
    kinds = {a.kind for a in alerts.compute(plan, data.activities, data.reports, day)}
    assert "reports_missing" in kinds
    kinds = {a.kind for a in alerts.compute(plan, data.activities, data.reports, day, blocked=data.blocked)}
    assert "reports_missing" not in kinds and kinds  # the activity rules still run


# ---------------------------------------------------------------- CSV separators


def _write_csv(raw: RawWorkbook, folder: Path, delimiter: str) -> Path:
    folder.mkdir(parents=True)
    for title, tab in raw.tabs.items():
        with (folder / f"{title}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, delimiter=delimiter)
            out.writerow(tab.header)
            expected = 2
            for number, cells in tab.rows:
                out.writerows([[]] * (number - expected))
                out.writerow(["" if v is None else acceptance.as_csv_text(v) for v in cells])
                expected = number + 1
    return folder


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_semicolon_and_tab_separated_csv_read_like_the_xlsx(
    tmp_path: Path, plan: Plan, schema: SheetSchema, delimiter: str
) -> None:
    raw = acceptance.workbook()
    xlsx = save_xlsx(raw, tmp_path / "a.xlsx")
    folder = _write_csv(raw, tmp_path / "csv", delimiter)
    from_xlsx = loader.read_dataset(str(xlsx), plan, schema)
    from_csv = loader.read_dataset(str(folder), plan, schema)
    assert from_csv.structural == []
    day = dt.date(2016, 1, 25)
    expected, got = metrics.summary(plan, from_xlsx, day), metrics.summary(plan, from_csv, day)
    expected.pop("source"), got.pop("source")
    assert got == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mã,Ngày,Đơn vị", ","),
        ("Mã;Ngày;Đơn vị", ";"),
        ("Mã\tNgày\tĐơn vị", "\t"),
        ('"Ngày; giờ",Đơn vị,Phường', ","),  # a quoted separator does not count
        ('Mã;"Số người, tham dự";Phường', ";"),
        ("Mã", ","),  # one column: nothing to choose
        ("", ","),
    ],
)
def test_the_separator_is_the_one_that_splits_the_header(line: str, expected: str) -> None:
    assert files.separator(line) == expected


def test_an_empty_csv_folder_is_structural_not_empty(tmp_path: Path, plan: Plan, schema: SheetSchema) -> None:
    (tmp_path / "csv").mkdir()
    data = loader.read_dataset(str(tmp_path / "csv"), plan, schema)
    assert data.unreadable and "không có trang hay tệp CSV" in structure.explain(data.structural)[0]


# ---------------------------------------------------------------- command line: exit 3, output still printed


@pytest.fixture
def renamed_tab(tmp_path: Path) -> Path:
    return save_xlsx(build_workbook([ROW], act_title="Sheet1"), tmp_path / "renamed.xlsx")


def test_summary_exits_3_with_one_line_and_still_prints_the_json(renamed_tab: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["summary", "--source", str(renamed_tab), "--as-of", DAY.isoformat()])
    assert status == 3
    result = json.loads(out.getvalue())
    assert result["rows"]["read"] == 0 and result["problems"][0]["message"]
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and "không có trang 'Hoạt động'" in lines[0] and "'Sheet1'" in lines[0]


def test_brief_exits_3_and_still_writes_the_file(renamed_tab: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.xlsx"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(["brief", "--format", "xlsx", "--source", str(renamed_tab), "--as-of", DAY.isoformat(),
                           "--out", str(target)])  # fmt: skip
    assert status == 3 and target.stat().st_size > 0
    assert sum("không có trang 'Hoạt động'" in line for line in err.getvalue().splitlines()) == 1


def test_the_pdf_brief_carries_the_unreadable_alert_not_red_wards(
    plan: Plan, schema: SheetSchema, renamed_tab: Path
) -> None:
    from services.figures import brief

    data = loader.read_dataset(str(renamed_tab), plan, schema)
    made = brief.build(plan, data.activities, data.reports, DAY, blocked=data.blocked)
    assert [a.kind for a in made.alerts] == ["data_unreadable"]


def test_a_good_source_still_exits_0(tmp_path: Path) -> None:
    good = save_xlsx(build_workbook([ROW]), tmp_path / "good.xlsx")
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["summary", "--source", str(good), "--as-of", DAY.isoformat()]) == 0


def test_a_semicolon_csv_folder_exits_0(tmp_path: Path) -> None:
    folder = _write_csv(acceptance.workbook(), tmp_path / "csv", ";")
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["summary", "--source", str(folder), "--as-of", DAY.isoformat()]) == 0


def test_summary_into_a_closed_pipe_prints_no_traceback() -> None:
    command = [sys.executable, "-m", "services.cli", "summary", "--source", str(ROOT / "data" / "demo.xlsx"),
               "--as-of", "2016-01-15", "--pretty"]  # fmt: skip
    producer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    assert producer.stdout.read(10)  # like `| head -c 10`: read a little, then hang up
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    producer.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


# ---------------------------------------------------------------- every page, every role


def _banner(at: Any) -> list[str]:
    start = strings.t("struct_banner", reasons="").split(":**")[0]
    return [e.value for e in at.error if e.value.startswith(start)]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_why_the_figures_are_zero(
    open_page: Callable[..., Any], use_source: Callable[[Path], None], renamed_tab: Path, page: str
) -> None:
    use_source(renamed_tab)
    at = open_page(page, as_of=DAY)
    assert not at.exception, [e.value for e in at.exception]
    assert not _failures(at)  # the page works: it is the data that is wrong, and the banner says so
    [banner] = _banner(at)
    assert "không có trang 'Hoạt động'" in banner and "Làm mới dữ liệu" in banner
    if Path(page).stem == "overview":
        assert not [e.value for e in at.error if "phường" in e.value and e.value not in _banner(at)]
        assert widgets.md_escape(strings.t("alert_unreadable")) in [e.value for e in at.error]


def test_a_viewer_sees_the_banner_too(renamed_tab: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import test_page_auth as auth_pages

    monkeypatch.setenv(loader.SOURCE_ENV, str(renamed_tab))
    secrets = {"access_codes": {"xem": {"role": "viewer", "hash": auth_pages.auth.hash_code("ma-xem-thu-2016")}}}
    at = auth_pages.sign_in(auth_pages.app(secrets), "ma-xem-thu-2016")
    assert not at.exception
    for page in sorted(auth_pages.VIEWER_PAGES):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert len(_banner(at)) == 1, page


def test_a_healthy_source_shows_no_banner(open_page: Callable[..., Any]) -> None:
    at = open_page("pages/overview.py")
    assert _banner(at) == []
