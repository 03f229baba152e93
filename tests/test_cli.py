"""The headless summary (docs/reading-contract.md §4, §5): exact figures on a hand-made workbook, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from services import cli
from services.core import config
from tests.conftest import ROOT, TET_PLAN, save_xlsx
from tests.fixtures import acceptance

WARDS = {w.code: w.name for w in config.load_plan().wards}
FORMS = [f.key for f in config.load_plan().forms]
THEME_PHASES = {t.code: t.phase for t in config.load_plan().themes}
REPORTERS = [f"Đảng ủy phường {name}" for name in WARDS.values()]
TOP_KEYS = {
    "as_of",
    "phase",
    "next_milestone",
    "rows",
    "wards",
    "district_wide",
    "themes",
    "forms",
    "reports",
    "problems",
    "district_total",  # added by issue 10
    "source",  # added by issue 10
}

PROBLEMS = {
    ("Hoạt động", 6, "Ngày", "error"),
    ("Hoạt động", 7, "Nội dung", "warning"),
    ("Hoạt động", 8, "Mã", "error"),
    ("Hoạt động", 9, "Đơn vị", "warning"),
    ("Hoạt động", 10, "Số người tham dự", "warning"),
    ("Hoạt động", 11, "Phường", "error"),
    ("Hoạt động", 14, "Hình thức", "error"),
    ("Hoạt động", 16, "Ngày", "error"),
    ("Hoạt động", 20, "Đơn vị", "warning"),
    ("Báo cáo", 5, "Ngày nộp", "error"),
    ("Báo cáo", 6, "Đơn vị", "error"),
}


def _wards(**tallies: tuple[int, int]) -> dict[str, Any]:
    out = {code: {"name": name, "activities": 0, "participants": 0} for code, name in WARDS.items()}
    for code, (n, people) in tallies.items():
        out[code.removeprefix("w")] = {"name": WARDS[code.removeprefix("w")], "activities": n, "participants": people}
    return out


def _themes(day_after: dict[str, bool], **counts: int) -> dict[str, Any]:
    """``day_after``: per phase key, whether D is past the phase (an uncovered theme is then overdue)."""
    out = {}
    for code, phase in THEME_PHASES.items():
        n = counts.get(code.replace(".", "_"), 0)
        out[code] = {"phase": phase, "activities": n, "covered": n >= 1, "overdue": n == 0 and day_after[phase]}
    return out


def _forms(**counts: int) -> dict[str, int]:
    return {key: counts.get(key, 0) for key in FORMS}


def _reports(**status: str) -> dict[str, str]:
    default = status.pop("default")
    named = {f"Đảng ủy phường {k.replace('_', ' ')}": v for k, v in status.items()}
    return {unit: named.get(unit, default) for unit in REPORTERS}


# Worked out by hand from tests/fixtures/acceptance.py (see the comment on each row there).
EXPECTED: dict[str, dict[str, Any]] = {
    "2016-01-15": {
        "phase": "truoc",
        "next_milestone": {"key": "khai_mac", "date": "2016-01-20", "days_left": 5},
        "rows": {"read": 17, "valid": 12, "errors": 5, "warnings": 4, "after_as_of": 5},
        "wards": _wards(w00139=(2, 80), w00130=(1, 0), w00133=(1, 0), w00136=(1, 1200), w00145=(1, 0), w00118=(1, 0)),
        "district_wide": {"activities": 1, "participants": 350},
        "themes": _themes(
            {"truoc": False, "trong": False, "sau": False, "all": False},
            ND1_1=2,
            ND1_2=1,
            ND1_3=1,
            ND1_5=1,
            ND1_6=1,
            PB=1,
        ),
        "forms": _forms(
            hoi_nghi_bcv=1, sinh_hoat=1, co_dong_truc_quan=2, truyen_thanh=1, van_hoa_nghe_thuat=1, the_thao=1
        ),
        "reports": _reports(default="pending"),
    },
    "2016-01-25": {
        "phase": "trong",
        "next_milestone": {"key": "be_mac", "date": "2016-01-28", "days_left": 3},
        "rows": {"read": 17, "valid": 12, "errors": 5, "warnings": 4, "after_as_of": 3},
        "wards": _wards(
            w00139=(2, 80),
            w00130=(1, 0),
            w00133=(1, 0),
            w00136=(1, 1200),
            w00145=(1, 0),
            w00118=(1, 0),
            w00148=(1, 1500),
            w00154=(1, 1500),
        ),
        "district_wide": {"activities": 2, "participants": 350},
        "themes": _themes(
            {"truoc": True, "trong": False, "sau": False, "all": False},
            ND1_1=2,
            ND1_2=1,
            ND1_3=1,
            ND1_5=1,
            ND1_6=1,
            PB=1,
            ND2_1=1,
            ND2_2=1,
            ND2_3=1,
        ),
        "forms": _forms(
            hoi_nghi_bcv=2,
            sinh_hoat=1,
            co_dong_truc_quan=2,
            truyen_thanh=1,
            van_hoa_nghe_thuat=1,
            the_thao=1,
            cong_ttdt=1,
        ),
        "reports": _reports(default="pending"),
    },
    "2016-02-10": {
        "phase": "ket_thuc",
        "next_milestone": None,
        "rows": {"read": 17, "valid": 12, "errors": 5, "warnings": 4, "after_as_of": 0},
        "wards": _wards(
            w00139=(2, 80),
            w00130=(1, 0),
            w00133=(1, 0),
            w00136=(1, 1200),
            w00145=(1, 0),
            w00118=(1, 0),
            w00148=(1, 1500),
            w00154=(1, 1500),
            w00127=(1, 0),
            w00142=(1, 45),
            w00124=(1, 0),
        ),
        "district_wide": {"activities": 3, "participants": 350},
        "themes": _themes(
            {"truoc": True, "trong": True, "sau": True, "all": True},
            ND1_1=2,
            ND1_2=1,
            ND1_3=1,
            ND1_5=1,
            ND1_6=1,
            PB=2,
            ND2_1=1,
            ND2_2=1,
            ND2_3=1,
            ND3_1=1,
            ND3_2=1,
            ND3_4=1,
        ),
        "forms": _forms(
            hoi_nghi_bcv=2,
            sinh_hoat=2,
            co_dong_truc_quan=2,
            truyen_thanh=1,
            van_hoa_nghe_thuat=1,
            the_thao=1,
            cong_ttdt=1,
            ban_tin=1,
            du_luan=1,
        ),
        "reports": _reports(default="missing", Bồ_Đề="on_time", Ngọc_Lâm="late", Long_Biên="on_time"),
    },
}


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_xlsx(acceptance.workbook(), tmp_path_factory.mktemp("acc") / "acceptance.xlsx")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def check(result: dict[str, Any], as_of: str) -> None:
    assert set(result) == TOP_KEYS
    assert result["as_of"] == as_of
    for key, value in EXPECTED[as_of].items():
        assert result[key] == value, key
    assert {(p["sheet"], p["row"], p["column"], p["severity"]) for p in result["problems"]} == PROBLEMS
    assert len(result["problems"]) == len(PROBLEMS)


def test_summary_subprocess_matches_hand_figures(workbook_path: Path) -> None:
    done = run_cli("summary", "--source", str(workbook_path), "--as-of", "2016-01-15")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    check(json.loads(done.stdout), "2016-01-15")


@pytest.mark.parametrize("as_of", list(EXPECTED))
def test_summary_matches_hand_figures(workbook_path: Path, as_of: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", "--source", str(workbook_path), "--as-of", as_of]) == 0
    out = capsys.readouterr()
    check(json.loads(out.out), as_of)


def test_summary_messages_are_vietnamese_or_english(workbook_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["summary", "--source", str(workbook_path), "--as-of", "2016-01-15"])
    vi = {(p["row"], p["message"]) for p in json.loads(capsys.readouterr().out)["problems"]}
    assert (11, "Không nhận ra phường 'Bo Dde' — có phải 'Bồ Đề'?") in vi
    cli.main(["summary", "--source", str(workbook_path), "--as-of", "2016-01-15", "--lang", "en", "--pretty"])
    out = capsys.readouterr().out
    assert "\n  " in out
    en = {(p["row"], p["message"]) for p in json.loads(out)["problems"]}
    assert (11, "Unknown ward 'Bo Dde' — did you mean 'Bồ Đề'?") in en


def test_summary_of_demo_workbook_has_spec_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", "--source", str(ROOT / "data" / "demo.xlsx"), "--as-of", "2016-01-15"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == TOP_KEYS
    assert set(result["rows"]) == {"read", "valid", "errors", "warnings", "after_as_of"}
    assert result["rows"]["read"] == result["rows"]["valid"] + result["rows"]["errors"]
    assert list(result["wards"]) == list(WARDS) and list(result["forms"]) == FORMS
    assert set(result["themes"]) == set(THEME_PHASES) and list(result["reports"]) == REPORTERS


def test_summary_with_another_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import build_workbook

    rows = [["1", "20/01/2017", "ĐU Trâu Quỳ", "TT. Trâu Quỳ; Kieu Ky", "Tặng quà", "T2, T1", "", "40"]]
    path = save_xlsx(build_workbook(rows, [["Huyện đoàn", "09/02/2017"]]), tmp_path / "tet.xlsx")
    assert cli.main(["summary", "--source", str(path), "--as-of", "2017-01-27", "--config", str(TET_PLAN)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["phase"] == "tet" and result["next_milestone"] == {
        "key": "giao_thua",
        "date": "2017-01-27",
        "days_left": 0,
    }
    assert result["wards"]["10001"] == {"name": "Trâu Quỳ", "activities": 1, "participants": 40}
    assert result["wards"]["10004"] == {"name": "Kiêu Kỵ", "activities": 1, "participants": 40}
    assert result["themes"]["T2"] == {"phase": "chuan_bi", "activities": 1, "covered": False, "overdue": True}
    assert result["reports"] == {
        "Đảng ủy thị trấn Trâu Quỳ": "pending",
        "Đảng ủy xã Đặng Xá": "pending",
        "Đảng ủy xã Phú Thị": "pending",
        "Huyện đoàn": "pending",
    }
    assert result["problems"] == []


def _bad_inputs(tmp: Path) -> list[tuple[list[str], str]]:
    not_xlsx = tmp / "notes.txt"
    not_xlsx.write_text("không phải bảng tính", encoding="utf-8")
    fake_xlsx = tmp / "fake.xlsx"
    fake_xlsx.write_bytes(b"PK\x03\x04 broken zip")
    broken_yaml = tmp / "plan.yaml"
    broken_yaml.write_text("name: [x\nperiod: {start: 2015-12-29", encoding="utf-8")
    missing_key = tmp / "missing.yaml"
    missing_key.write_text("name: x\n", encoding="utf-8")
    demo = str(ROOT / "data" / "demo.xlsx")
    return [
        (["--source", str(tmp / "missing.xlsx")], "missing.xlsx"),
        (["--source", str(tmp / "no" / "such" / "folder")], "folder"),
        (["--source", str(not_xlsx)], "notes.txt"),
        (["--source", str(fake_xlsx)], "fake.xlsx"),
        (["--source", demo, "--config", str(broken_yaml)], "YAML không hợp lệ"),
        (["--source", demo, "--config", str(missing_key)], "thiếu khóa bắt buộc"),
        (["--source", demo, "--config", str(tmp / "none.yaml")], "none.yaml"),
        (["--source", demo, "--as-of", "15/01/2016"], "15/01/2016"),
        (["--source", demo, "--as-of", "2016-02-30"], "2016-02-30"),
        (["--as-of", "2016-01-15"], "--source"),
    ]


def test_failures_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, mentioned in _bad_inputs(tmp_path):
        with pytest.raises(SystemExit) as exited:
            code = cli.main(["summary", *args])
            raise SystemExit(code)
        assert exited.value.code == 2, args
        out = capsys.readouterr()
        assert out.out == "", args
        lines = out.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Lỗi: "), (args, out.err)
        assert mentioned in lines[0], (args, lines[0])


@pytest.mark.parametrize("case", [0, 3, 4, 7])
def test_failures_as_a_subprocess(tmp_path: Path, case: int) -> None:
    args, mentioned = _bad_inputs(tmp_path)[case]
    done = run_cli("summary", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and mentioned in done.stderr
    assert "Traceback" not in done.stderr
