"""check-plan, duplicate YAML keys for every config file, and new-plan -> check-plan round trips."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from services import cli
from services.core import config, text
from services.core.errors import ConfigError, DashboardError
from services.ingest.reading import vocab
from services.plans import areas, check
from services.plans.drafting import emit
from tests.conftest import ROOT, TET_PLAN

PLAN_TEXT = (config.CONFIG_DIR / "plan.yaml").read_text(encoding="utf-8")
PLAN_DATA = yaml.safe_load(PLAN_TEXT)


@pytest.mark.parametrize(
    ("loader", "content", "message"),
    [
        (config.load_plan, PLAN_TEXT + "\nperiod: {start: 2016-01-01, end: 2016-02-04}\n", "khóa 'period' bị trùng"),
        (config.load_plan, PLAN_TEXT.replace("  - {key: trong,", "  - {key: trong, key: giua,"), "khóa 'key' bị trùng"),
        (config.load_settings, "language: vi\ncache_ttl_seconds: 5\nlanguage: en\n", "dòng 3: khóa 'language'"),
        (config.load_schema, "tabs:\n  activities: {}\n  activities: {}\n", "dòng 3: khóa 'activities' bị trùng"),
    ],
)
def test_a_duplicate_key_is_an_error_with_both_lines(
    tmp_path: Path, loader: Callable[[Path], Any], content: str, message: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        loader(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: dòng ") and message in text and "(đã có ở dòng " in text


def test_duplicate_key_names_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"dòng 5: khóa 'c' bị trùng \(đã có ở dòng 3\)"):
        config.read_yaml(path)


def test_merge_keys_may_override(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n", encoding="utf-8")
    assert config.read_yaml(path)["m"] == {"x": 3, "y": 2}


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _edit(*changes: tuple[list[Any], Any]) -> dict[str, Any]:
    data = copy.deepcopy(PLAN_DATA)
    for path, value in changes:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_edit((["themes", 3, "phase"], "giua")), ["themes[3].phase: nội dung ND1.4: giai đoạn 'giua' không có"]),
        (_edit((["phases", 1, "start"], "2016-01-10")), ["phases[1].start: giai đoạn 'trong' chồng lên"]),
        (_edit((["phases", 2, "start"], "2016-01-31")), ["phases[2].start: có khoảng trống"]),
        (_edit((["milestones", 2, "date"], "2016-03-01")), ["milestones[2].date: mốc khai_mac (2016-03-01) nằm ngoài"]),
        (_edit((["peak", "end"], "2016-02-20")), ["peak: thời gian cao điểm nằm ngoài"]),
        (
            _edit((["reporting", "expected_units"], ["Đoàn X"])),
            ["reporting.expected_units[0]: đơn vị 'Đoàn X' không có"],
        ),
        (
            _edit((["wards", 4, "code"], "00115")),  # and so the unit of the ward that lost its code
            ["wards[4].code: mã phường '00115' bị trùng", "units[4].ward: đơn vị 'Đảng ủy phường Việt Hưng'"],
        ),
        (_edit((["milestones", 1, "form"], "pano")), ["milestones[1].form: mốc trang_tri: hình thức 'pano' không có"]),
        (
            _edit((["unit_groups", 0, "units", 0, "aliases"], ["Ban Dân vận"])),
            ["unit_groups[1].units[2].aliases[1]: tên gọi 'Ban Dân vận' trùng với đơn vị 'Ban Tuyên giáo Quận ủy'"],
        ),
        (  # every problem is listed, not only the first
            _edit(
                (["themes", 0, "phase"], "x"),
                (["wards", 1, "code"], "00115"),
                (["milestones", 4, "date"], "2017-01-01"),
            ),
            [
                "wards[1].code: mã",
                "milestones[4].date: mốc bao_cao",
                "themes[0].phase: nội dung ND1.1",
                "units[1].ward",
            ],
        ),
        (
            _edit((["period", "start"], "29/12"), (["wards", 0, "lat"], 99)),
            ["period.start: không phải ngày", "wards[0].lat"],
        ),
    ],
)
def test_check_lists_every_problem_with_file_and_key(tmp_path: Path, data: dict[str, Any], expected: list[str]) -> None:
    path = _write(tmp_path, data)
    checked = check.check(path)
    assert checked.plan is None
    assert len(checked.problems) == len(expected)
    for line in expected:
        assert any(p.startswith(f"{path}: ") and line in p for p in checked.problems), (line, checked.problems)


@pytest.mark.parametrize("path", [config.CONFIG_DIR / "plan.yaml", TET_PLAN])
def test_check_passes_the_shipped_plans(path: Path) -> None:
    checked = check.check(path)
    assert checked.problems == [] and checked.plan == config.load_plan(path)


def test_summary_fits_one_screen_and_names_everything() -> None:
    plan = config.load_plan()
    lines = check.summary(plan).splitlines()
    assert len(lines) <= 24 and max(map(len, lines)) <= 140
    body = "\n".join(lines)
    for expected in ("29/12/2015 - 04/02/2016 (38 ngày)", "07/01/2016 - 28/01/2016", "20/01/2016 - 28/01/2016"):
        assert expected in body
    assert "Trước Đại hội: 6 (ND1.1" in body and "xuyên suốt: 1 (PB)" in body
    assert "Hạn báo cáo kết quả" in body and "… và 2 nữa" in body
    assert "14 đơn vị (nhóm co_so_dang) trước 04/02/2016 (mốc bao_cao)" in body
    assert "Areas (14, 2 approximate positions)" in check.summary(plan, "en")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("command", ["check-plan", "new-plan", "draft-plan"])
def test_help_of_each_plan_command(command: str) -> None:
    done = _cli(command, "--help")
    assert done.returncode == 0 and command in done.stdout and "usage" in done.stdout


def test_check_plan_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check-plan", str(TET_PLAN)]) == 0
    assert "Trong Tết" in capsys.readouterr().out
    bad = _write(tmp_path, _edit((["themes", 0, "phase"], "x"), (["wards", 1, "code"], "00115")))
    done = _cli("check-plan", str(bad))
    assert done.returncode == 2 and done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if line.startswith("Lỗi: ")]
    assert len(errors) == 3 and all(str(bad) in line for line in errors)  # the 3rd: the unit of the ward
    dup = tmp_path / "dup.yaml"
    dup.write_text(PLAN_TEXT + "name: x\n", encoding="utf-8")
    assert cli.main(["check-plan", str(dup)]) == 2
    assert "khóa 'name' bị trùng (đã có ở dòng 4)" in capsys.readouterr().err


WARDS = "tên;mã;vĩ độ;kinh độ\nThượng Thanh;00115;21.0655;105.8883\nNgọc Thụy\t00118\t21.0589\t105.8584\n"


@pytest.mark.parametrize(
    ("content", "level", "expected"),
    [
        (WARDS + "Sài Đồng\n", "phường", [("00115", False), ("00118", False), ("001", True)]),
        (
            "# xã của huyện\nXã Đặng Xá\nThị trấn Trâu Quỳ, TQ\nPhú Thị; 21,020; 105,965\n",
            "xã",
            [("001", True), ("TQ", True), ("002", False)],
        ),
        ("\ufeffA\nB\nC\nD\nE\n", "tổ dân phố", [(f"00{i}", True) for i in range(1, 6)]),
    ],
)
def test_new_plan_round_trips_through_check_plan(
    tmp_path: Path, content: str, level: str, expected: list[tuple[str, bool]]
) -> None:
    wards = tmp_path / "wards.txt"
    wards.write_text(content, encoding="utf-8")
    out = tmp_path / "new" / "plan.yaml"
    args = ["new-plan", "--out", str(out), "--wards", str(wards), "--area-level", level, "--start", "2021-04-01"]
    assert cli.main([*args, "--name", "Kế hoạch 12-KH/HU bầu cử"]) == 0
    checked = check.check(out)
    assert checked.problems == [] and checked.plan is not None
    plan = checked.plan
    assert [(w.code, w.approximate) for w in plan.wards] == expected
    assert plan.period.start.isoformat() == "2021-04-01" and plan.name == "Kế hoạch 12-KH/HU bầu cử"
    assert plan.expected_reporters == [u.name for u in plan.units] and len(plan.units) == len(expected)
    placed = {(w.lat, w.lon) for w in plan.wards}
    assert len(placed) == len(expected)  # nobody drawn on top of anybody
    assert "# approximate: true = chưa có tọa độ thật" in out.read_text(encoding="utf-8")
    words = vocab.Vocabulary(plan)
    first = plan.units[0]
    for typed in (first.name, *first.aliases):  # unaccented, any case, spaces: folding meets them all
        for variant in (typed, text.fold(typed), typed.upper().replace(" ", "")):
            assert words.unit(variant) == first.name, variant


def test_party_units_and_their_aliases() -> None:
    ward, town, group = areas.complete(areas.parse_areas("Bồ Đề\nThị trấn Trâu Quỳ\nTổ dân phố 5\n"), "phường")
    assert areas.party_unit(ward) == {
        "name": "Đảng ủy phường Bồ Đề",
        "ward": "001",
        "aliases": ["ĐU phường Bồ Đề", "Đảng ủy P. Bồ Đề", "ĐU P. Bồ Đề", "Đảng ủy Bồ Đề", "ĐU Bồ Đề"],
    }
    assert areas.party_unit(town)["name"] == "Đảng ủy thị trấn Trâu Quỳ"
    assert "ĐU TT. Trâu Quỳ" in areas.party_unit(town)["aliases"]  # type: ignore[operator]
    assert areas.party_unit(group)["name"] == "Chi bộ tổ dân phố 5"
    assert areas.ward_prefixes(["phường", "thị trấn"]) == ["Phường", "P.", "P", "Thị trấn", "TT.", "TT"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A\nB\nA\n", "dòng 3: tên 'A' bị trùng (đã có ở dòng 1)"),
        ("A;01\nB;01\n", "dòng 2: mã '01' bị trùng"),
        ("A;01;21.0\n", "dòng 1: cần cả vĩ độ và kinh độ"),
        ("A;01;121.0;21.0\n", "tọa độ (121.0, 21.0) không hợp lệ"),
        ("A;01;x;y\n", "không hiểu 'x'"),
        ("# nothing\n\n", "danh sách địa bàn rỗng"),
    ],
)
def test_bad_area_lists_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "wards.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DashboardError, match=message.replace("(", r"\(").replace(")", r"\)")):
        areas.read_areas(path)


def test_new_plan_bad_input_exits_2(tmp_path: Path) -> None:
    done = _cli("new-plan", "--out", str(tmp_path / "x.yaml"), "--wards", str(tmp_path / "none.txt"))
    assert done.returncode == 2 and "không tìm thấy tệp" in done.stderr and len(done.stderr.splitlines()) == 1
    wards = tmp_path / "w.txt"
    wards.write_text("A\n", encoding="utf-8")
    done = _cli("new-plan", "--out", str(tmp_path / "x.yaml"), "--wards", str(wards), "--area-level", "ấp")
    assert done.returncode == 2 and "cấp địa bàn 'ấp' không hỗ trợ" in done.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("truoc", "truoc"), ("yes", '"yes"'), ("001", '"001"'), ("Bồ Đề", '"Bồ Đề"'), ('a "b"', '"a \\"b\\""')],
)
def test_yaml_scalars_read_back_as_strings(value: str, expected: str) -> None:
    assert emit.scalar(value) == expected
    assert yaml.safe_load(f"x: {emit.scalar(value)}")["x"] == value


_LETTERS = "abcdeghiklmnopqrstuvxyĐđàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ "
_NAMES = st.text(alphabet=_LETTERS, min_size=1)


@given(
    st.lists(
        st.tuples(_NAMES, st.floats(-89, 89), st.floats(-179, 179), st.sampled_from([";", "\t"])),
        min_size=1,
        max_size=12,
        unique_by=lambda row: text.key(row[0]),
    )
)
def test_any_area_list_reads_back(rows: list[tuple[str, float, float, str]]) -> None:
    rows = [r for r in rows if r[0].strip() and text.key(r[0]) not in {"ten", "name", "phuong", "xa", "area"}]
    assume(rows and len({text.key(r[0].strip()) for r in rows}) == len(rows))
    content = "\n".join(f"{n}{sep}C{i}{sep}{lat:.5f}{sep}{lon:.5f}" for i, (n, lat, lon, sep) in enumerate(rows))
    read = areas.parse_areas(content)
    assert [(a.code, a.lat, a.lon) for a in read] == [
        (f"C{i}", round(lat, 5), round(lon, 5)) for i, (_, lat, lon, _) in enumerate(rows)
    ]
