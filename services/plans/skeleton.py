"""``new-plan``: a commented plan YAML from a list of areas, ready for ``check-plan``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from services.core.errors import DashboardError
from services.plans import areas as areas_mod
from services.plans.drafting import emit, known_forms

DEFAULT_DAYS = 36  # a campaign of about five weeks, like most plans of the genre
PHASE_NAMES = (("truoc", "Trước sự kiện"), ("trong", "Trong sự kiện"), ("sau", "Sau sự kiện"))

COMMENTS: dict[str, list[str]] = {
    "name": ["Tên đầy đủ và tên ngắn của kế hoạch (hiện trên đầu mọi trang)."],
    "area_name": ["Tên địa bàn cấp trên (quận, huyện...) như muốn hiện trên báo cáo."],
    "period": ["Thời gian thực hiện kế hoạch (YYYY-MM-DD, tính cả hai đầu). Mọi mốc phải nằm trong khoảng này."],
    "phases": [
        "Các giai đoạn: nối liền nhau, phủ kín thời gian kế hoạch (ngày sau bắt đầu ngay sau ngày trước kết thúc).",
        "Sửa nhãn và ngày theo mục Thời gian của văn bản kế hoạch.",
    ],
    "milestones": [
        "Các mốc: ngày ban hành, hạn hoàn thành, ngày diễn ra sự kiện, hạn báo cáo...",
        "form: (tùy chọn) hình thức phải xong trước mốc, ví dụ co_dong_truc_quan.",
    ],
    "themes": [
        "Nội dung tuyên truyền (mục Nội dung của kế hoạch): mỗi nội dung một mã, thuộc một giai đoạn",
        "(phase: khóa giai đoạn) hoặc xuyên suốt (phase: all). Thay các dòng mẫu bằng nội dung thật.",
    ],
    "forms": [
        "Hình thức tuyên truyền (mục Hình thức). aliases: những cách đơn vị hay gõ tên hình thức.",
        "Xóa hình thức kế hoạch không dùng; thêm hình thức mới với một key không dấu.",
    ],
    "district_wide": ["Những chữ trong cột Phường có nghĩa là toàn địa bàn (không riêng phường, xã nào)."],
    "ward_prefixes": ['Tiền tố bỏ đi trước khi so tên địa bàn ("P. Bồ Đề" -> "Bồ Đề").'],
    "unit_groups": [
        "Nhóm đơn vị và nhiệm vụ (mục Tổ chức thực hiện). Đã tạo sẵn đảng ủy của từng địa bàn;",
        "thêm các ban, ngành, đoàn thể cấp trên. Viết không dấu, hoa thường, thêm bớt dấu cách vẫn khớp,",
        "nên aliases chỉ cần những cách viết tắt khác hẳn.",
    ],
    "reporting": ["Ai phải gửi báo cáo kết quả (nhóm hoặc từng đơn vị) và hạn là mốc nào."],
    "map": ["Ranh giới địa bàn: tệp GeoJSON (đường dẫn tính từ tệp này) và thuộc tính chứa mã hoặc tên."],
    "wards": [
        "Địa bàn: mã, tên, tọa độ tâm (vĩ độ, kinh độ).",
        "approximate: true = chưa có tọa độ thật, đã xếp tạm theo lưới; bản đồ ghi là vị trí gần đúng.",
        "Hãy thay bằng tọa độ thật rồi xóa dòng approximate.",
    ],
}


def _phases(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    days = (end - start).days + 1
    if days < len(PHASE_NAMES):
        raise DashboardError(f"thời gian kế hoạch {start} - {end} quá ngắn: cần ít nhất {len(PHASE_NAMES)} ngày")
    bounds = [start + dt.timedelta(days=days * i // len(PHASE_NAMES)) for i in range(len(PHASE_NAMES) + 1)]
    bounds[-1] = end + dt.timedelta(days=1)
    return [
        {"key": key, "label": label, "start": bounds[i], "end": bounds[i + 1] - dt.timedelta(days=1)}
        for i, (key, label) in enumerate(PHASE_NAMES)
    ]


def _short(name: str, width: int = 24) -> str:
    """The name cut at a word boundary to fit a chart title."""
    if len(name) <= width:
        return name
    return name[:width].rsplit(" ", 1)[0].rstrip(" ,:(") + "…"


def build(area_list: list[areas_mod.Area], *, name: str, level: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The plan data for ``area_list`` (levels, codes and positions filled in) over ``start``..``end``."""
    if end < start:
        raise DashboardError(f"ngày kết thúc {end} trước ngày bắt đầu {start}")
    done = areas_mod.complete(area_list, level)
    levels = [a.level for a in done]
    phases = _phases(start, end)
    themes = [
        {"code": f"ND{i}.1", "phase": p["key"], "label": f"(Nội dung tuyên truyền {p['label'].lower()})"}
        for i, p in enumerate(phases, start=1)
    ]
    themes.append(
        {"code": "PB", "phase": "all", "label": "Đấu tranh, phản bác thông tin, quan điểm sai trái, thù địch"}
    )
    return {
        "name": name,
        "short_name": _short(name),
        "area_name": "",
        "period": {"start": start, "end": end},
        "phases": phases,
        "milestones": [
            {"key": "ban_hanh", "date": start, "label": "Ban hành kế hoạch"},
            {"key": "bao_cao", "date": end, "label": "Hạn báo cáo kết quả"},
        ],
        "themes": themes,
        "forms": [known_forms.entry(f) for f in known_forms.KNOWN_FORMS if f.key in known_forms.DEFAULT_KEYS],
        "district_wide": areas_mod.district_wide(levels),
        "ward_prefixes": areas_mod.ward_prefixes(levels),
        "unit_groups": [
            {
                "key": "co_so_dang",
                "label": "Các tổ chức cơ sở Đảng",
                "tasks": ["Báo cáo kết quả thực hiện kế hoạch trước hạn (mốc bao_cao)."],
                "units": [areas_mod.party_unit(a) for a in done],
            }
        ],
        "reporting": {"deadline": "bao_cao", "expected_groups": ["co_so_dang"], "expected_units": []},
        "map": {"geojson": None, "ward_property": None},
        "wards": [areas_mod.ward_entry(a) for a in done],
    }


def render(data: dict[str, Any], source: str) -> str:
    """The commented YAML text of a skeleton built from ``source`` (the ward list file)."""
    approx = sum(1 for w in data["wards"] if w.get("approximate"))
    header = [
        f"Khung kế hoạch tạo bằng new-plan từ {source}: {len(data['wards'])} địa bàn ({approx} chưa có tọa độ).",
        "Điền các mục có chú thích, rồi kiểm tra: python -m services.cli check-plan <tệp này>",
    ]
    return emit.dump(data, COMMENTS, header)


def write(path: str | Path, content: str) -> Path:
    """Write ``content`` to ``path`` (parent folders created); errors name the file."""
    file = Path(path)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(content, encoding="utf-8")
    except OSError as err:
        raise DashboardError(f"không ghi được tệp '{file}': {err.strerror or err}") from None
    return file
