"""Plans are validated on load; a broken file names the file, the key path and the problem."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.core import config
from services.core.config import Plan
from services.core.errors import ConfigError
from tests.conftest import TET_PLAN

PLAN_DATA = yaml.safe_load((config.CONFIG_DIR / "plan.yaml").read_text(encoding="utf-8"))


def test_default_plan_is_the_plan_of_spec_2(plan: Plan) -> None:
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == ("2015-12-29", "2016-02-04")
    assert [(p.key, p.start.isoformat(), p.end.isoformat()) for p in plan.phases] == [
        ("truoc", "2015-12-29", "2016-01-19"),
        ("trong", "2016-01-20", "2016-01-28"),
        ("sau", "2016-01-29", "2016-02-04"),
    ]
    assert [(m.key, m.date.isoformat()) for m in plan.milestones] == [
        ("ban_hanh", "2015-12-29"),
        ("trang_tri", "2016-01-07"),
        ("khai_mac", "2016-01-20"),
        ("be_mac", "2016-01-28"),
        ("bao_cao", "2016-02-04"),
    ]
    assert plan.peak is not None and (plan.peak.start.isoformat(), plan.peak.end.isoformat()) == (
        "2016-01-07",
        "2016-01-28",
    )
    assert [t.code for t in plan.themes] == [
        *(f"ND1.{i}" for i in range(1, 7)),
        *(f"ND2.{i}" for i in range(1, 7)),
        *(f"ND3.{i}" for i in range(1, 5)),
        "PB",
    ]
    assert {t.code: t.phase for t in plan.themes}["PB"] == "all"
    assert [f.key for f in plan.forms] == [
        "hoi_nghi_bcv",
        "sinh_hoat",
        "co_dong_truc_quan",
        "van_hoa_nghe_thuat",
        "the_thao",
        "gan_bien",
        "cong_ttdt",
        "ban_tin",
        "truyen_thanh",
        "du_luan",
    ]
    assert len(plan.wards) == 14 and plan.ward_names["00145"] == "Long Biên" and plan.ward_names["00139"] == "Bồ Đề"
    assert plan.report_deadline.isoformat() == "2016-02-04"
    assert plan.expected_reporters == [f"Đảng ủy phường {w.name}" for w in plan.wards]
    for unit in [
        "Ban Tuyên giáo Quận ủy",
        "Văn phòng Quận ủy",
        "Ban Tổ chức Quận ủy",
        "Ban Dân vận Quận ủy",
        "Ủy ban Kiểm tra Quận ủy",
        "Phòng Văn hóa - Thông tin",
        "Trung tâm Văn hóa quận",
        "Trung tâm TDTT quận",
        "Ủy ban MTTQ quận",
        "Quận đoàn",
        "Hội Liên hiệp Phụ nữ quận",
        "Hội Cựu chiến binh quận",
        "Liên đoàn Lao động quận",
    ]:
        assert unit in [u.name for u in plan.units]


def test_second_plan_loads(tet_plan: Plan) -> None:
    assert tet_plan.area_name == "Huyện Gia Lâm" and [p.key for p in tet_plan.phases] == ["chuan_bi", "tet", "sau_tet"]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


def _append(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path:
            target = target[part]
        target.append(value)

    return change


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (_drop(["period"]), "period", "thiếu khóa bắt buộc"),
        (_drop(["themes", 2, "label"]), "themes[2].label", "thiếu khóa bắt buộc"),
        (_drop(["reporting", "deadline"]), "reporting.deadline", "thiếu khóa bắt buộc"),
        (_set(["themes", 0, "labl"], "x"), "themes[0].labl", "khóa không được phép"),
        (_set(["perod"], "x"), "perod", "khóa không được phép"),
        (_set(["period", "start"], "29/12/2015"), "period.start", "không phải ngày"),
        (_set(["milestones", 1, "date"], "2016-02-30"), "milestones[1].date", "không phải ngày"),
        (_set(["period", "end"], "2015-12-01"), "period", "trước ngày bắt đầu"),
        (_set(["themes", 3, "phase"], "giua"), "themes[3].phase", "giai đoạn 'giua' không có"),
        (_set(["themes", 3, "min_activities"], 0), "themes[3].min_activities", "≥ 1"),
        (_set(["wards", 4, "code"], "00115"), "wards[4].code", "mã phường '00115' bị trùng"),
        (_set(["wards", 4, "lat"], 210.5), "wards[4].lat", "≤ 90"),
        (_set(["phases", 1, "key"], "truoc"), "phases[1].key", "bị trùng"),
        (_set(["phases", 1, "start"], "2016-01-10"), "phases[1].start", "chồng lên"),
        (_set(["phases", 2, "end"], "2016-03-01"), "phases[2]", "nằm ngoài thời gian kế hoạch"),
        (_set(["phases", 2, "start"], "2016-01-30"), "phases[2].start", "khoảng trống"),
        (_set(["phases", 2, "end"], "2016-02-03"), "phases", "phủ kín"),
        (_set(["phases", 0, "start"], "2015-12-30"), "phases", "phủ kín"),
        (_set(["reporting", "deadline"], "khai_mac_x"), "reporting.deadline", "mốc 'khai_mac_x' không có"),
        (_set(["reporting", "expected_groups"], ["co_so"]), "reporting.expected_groups[0]", "nhóm 'co_so' không có"),
        (_set(["reporting", "expected_units"], ["Đoàn X"]), "reporting.expected_units[0]", "đơn vị 'Đoàn X' không có"),
        (_set(["milestones", 1, "form"], "pano"), "milestones[1].form", "hình thức 'pano' không có"),
        (_set(["unit_groups", 4, "units", 0, "ward"], "99999"), "unit_groups[4].units[0].ward", "'99999' không có"),
        (_append(["unit_groups", 0, "units"], {"name": "Quận đoàn"}), "unit_groups[3].units[1].name", "bị trùng"),
        (_set(["forms"], []), "forms", "không được rỗng"),
        (_set(["themes"], "ND1.1"), "themes", "danh sách"),
    ],
)
def test_broken_plan_names_file_key_and_problem(
    tmp_path: Path, change: Callable[..., None], where: str, problem: str
) -> None:
    data = copy.deepcopy(PLAN_DATA)
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load_plan(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("name: [unclosed\nperiod: x\n", "dòng 2"),
        ("name: x\n  bad indent: : y\n", "YAML không hợp lệ"),
        ("- just\n- a list\n", "bảng khóa"),
        ("", "bảng khóa"),
        ("\tname: tab\n", "YAML không hợp lệ"),
    ],
)
def test_bad_yaml_is_one_clear_line(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load_plan(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="không tìm thấy tệp cấu hình"):
        config.load_plan(tmp_path / "none.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Bồ Đề".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(ConfigError, match="không đọc được"):
        config.load_plan(latin)


def test_schema_and_settings_load() -> None:
    schema = config.load_schema()
    assert [c.header for c in schema.tabs["activities"].columns] == [
        "Mã",
        "Ngày",
        "Đơn vị",
        "Phường",
        "Hình thức",
        "Nội dung",
        "Tên hoạt động",
        "Số người tham dự",
        "Số lượng",
        "Minh chứng",
        "Người nhập",
        "Ghi chú",
    ]
    assert [c.key for c in schema.tabs["reports"].columns] == ["unit", "submitted", "evidence", "notes"]
    assert config.load_settings().language == "vi"


def test_fixture_plan_is_a_file() -> None:
    assert TET_PLAN.is_file()


def test_every_default_theme_has_a_short_label_of_at_most_40_characters(plan: Plan) -> None:
    for theme in plan.themes:
        assert theme.short and len(theme.short) <= 40, theme.code
        assert theme.name == f"{theme.code} ({theme.short})"
    assert plan.theme_names["ND1.5"] == "ND1.5 (Góp ý dự thảo Văn kiện; tâm tư nhân dân)"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("T1", "T1 (Kỷ niệm 87 năm thành lập Đảng)"),  # the plan's short label
        ("T4", "T4 (Lễ hội đầu Xuân văn minh)"),  # no short label, the label fits
    ],
)
def test_theme_name_falls_back_to_the_label(tet_plan: Plan, code: str, name: str) -> None:
    assert tet_plan.theme_names[code] == name


def test_a_long_label_without_short_is_cut_at_a_word(plan: Plan) -> None:
    theme = plan.themes[0].model_copy(update={"short": ""})
    assert theme.short_label == "Nghị quyết Đảng bộ quận khóa III, Nghị…"
    assert len(theme.short_label) <= 40


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2]\n", "a: [1\n", "a: 1\na: 2\n"], ids=["good", "bad", "duplicate"])
@pytest.mark.parametrize("enabled", [True, False])
def test_reading_config_leaves_the_garbage_collector_as_it_was(tmp_path: Path, text: str, enabled: bool) -> None:
    """The loader pauses the collector (heap.gc_paused) while it builds objects and gives it back, even on an error."""
    import gc

    from services.core.config import load

    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with contextlib.suppress(ConfigError):  # the broken files: only the collector's state matters here
            load._parsed(config.Settings, path, None)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(
    ("text", "line", "first"),
    [("a: 1\nb: 2\na: 3\n", 3, 1), ("1: x\n'1': y\n1: z\n", 3, 1), ("? [1]\n: x\nb: 1\nb: 2\n", 4, 3)],
)
def test_duplicate_keys_name_both_lines(tmp_path: Path, text: str, line: int, first: int) -> None:
    from services.core.config import load

    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"dòng {line}: .* \(đã có ở dòng {first}\)"):
        load.read_yaml(path)
