"""``draft-plan``: a plan YAML drafted from a Vietnamese campaign plan document, rule by rule.

Deterministic: the same text gives the same plan. What it reads: the header (number, issuer,
place, date), the time/content section (the event's dates, the period, the peak, one phase per
period item with its themes, the cross-cutting sentence), the forms section and the implementing
bodies (``draft_units``). Everything it could not read is defaulted and said so in the review.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.core import text
from services.plans import areas as areas_mod
from services.plans.areas import Area
from services.plans.drafting import document, draft_units, emit, timeline
from services.plans.drafting.document import Document
from services.plans.drafting.review import Review

_NUMBER = re.compile(r"Số\s*:?\s*(\d+)\s*-\s*([A-ZĐ]+(?:/[A-ZĐ0-9-]+)+)")
_PLACE_DATE = re.compile(r"^(.+?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_LEVELS = "quận|huyện|thị xã|thành phố|tỉnh|xã|phường|thị trấn"
_AREA = re.compile(rf"(?:trên )?địa bàn ({_LEVELS})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?)+)")
_PARENT_AREA = re.compile(r"^ĐẢNG (?:BỘ|ỦY) (QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|TỈNH|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$")
# What a district's areas are called, by the district's own level.
AREA_LEVEL = {
    "quận": "phường", "thị xã": "phường", "thành phố": "phường", "huyện": "xã", "tỉnh": "xã",
    "xã": "thôn", "phường": "tổ dân phố", "thị trấn": "tổ dân phố",
}  # fmt: skip


@dataclass
class Draft:
    """What is read so far, and the review of it."""

    doc: Document
    review: Review = field(default_factory=Review)
    issued: dt.date | None = None
    issued_line: int | None = None
    event_line: int | None = None
    number: str = ""
    event: str = "sự kiện"  # for milestone labels: "Đại hội XII"
    event_head: str = "sự kiện"  # for phase labels: "Đại hội"


def _title_case(value: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in value.split())


def _header(d: Draft) -> dict[str, Any]:
    info: dict[str, Any] = {}
    parent_line = None
    head = d.doc.head
    for line in head:
        if (m := _PLACE_DATE.match(line.text)) and d.issued is None:
            d.issued = dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            d.issued_line = line.number
            info["place"], info["issued"] = m.group(1).strip(), d.issued
            d.review.found("document.place", info["place"], line.number)
            d.review.found("document.issued", d.issued, line.number)
        if (m := _NUMBER.search(line.text)) and not d.number:
            d.number = f"{m.group(1)}-{m.group(2)}"
            info["number"] = d.number
            d.review.found("document.number", d.number, line.number)
        if _PARENT_AREA.match(line.text):  # the last is the issuer's own area
            info["issuer_parent"] = line.text
            parent_line = line.number
    if "issuer_parent" in info:
        d.review.found("document.issuer_parent", info["issuer_parent"], parent_line)
    for name, key in (("document.number", "number"), ("document.issued", "issued")):
        if key not in info:
            d.review.missing(name, "plan_note_not_in_text")
    info.update(_issuer(d, info))
    return info


def _issuer(d: Draft, info: dict[str, Any]) -> dict[str, Any]:
    for line in d.doc.head:
        for sentence in document.sentences(line.text):
            match = re.search(r"(?:^|\.\s)([A-ZĐ][^.]*?)\s+ban hành (?:kế hoạch|Kế hoạch)", sentence)
            if match:
                name = match.group(1).split(",")[-1].strip()  # "Thực hiện ... của X, Ban Thường vụ Y ban hành"
                d.review.found("document.issuer_name", name, line.number)
                return {"issuer_name": name, "issuer": name.upper()}
    for line in d.doc.tail:  # the signature block: "T/M BAN THƯỜNG VỤ"
        if m := re.match(r"^(?:T/M|K/T)\s+(.+)$", line.text):
            name = _title_case(m.group(1))
            d.review.defaulted("document.issuer_name", name, "plan_note_issuer_from_signature", line.number)
            return {"issuer_name": name, "issuer": m.group(1).upper(), "signer_on_behalf": line.text}
    d.review.missing("document.issuer_name", "plan_note_not_in_text")
    return {}


def _area(d: Draft, info: dict[str, Any]) -> tuple[str, str]:
    """(area name, its level word) from the issuer line or "trên địa bàn quận X"."""
    if m := _PARENT_AREA.match(info.get("issuer_parent", "")):
        return _title_case(f"{m.group(1)} {m.group(2)}"), m.group(1).lower()
    for line in d.doc.all_lines():
        if m := _AREA.search(line.text):
            name = m.group(2).strip()
            d.review.found("area_name", f"{m.group(1)} {name}", line.number)
            return f"{m.group(1)[0].upper()}{m.group(1)[1:]} {name}", m.group(1)
    d.review.missing("area_name", "plan_note_not_in_text")
    return "", ""


def _title(d: Draft) -> tuple[str, int | None]:
    head = d.doc.head
    for index, line in enumerate(head):
        if text.fold(line.text) == "ke hoach" and index + 1 < len(head):
            return head[index + 1].text, head[index + 1].number
    return "", None


def _document(d: Draft, info: dict[str, Any], area_name: str) -> dict[str, Any]:
    """The ``document`` block; the line above the issuer is the party's area when the text leaves it out."""
    if "issuer_parent" not in info and area_name:
        info["issuer_parent"] = f"ĐẢNG BỘ {area_name.upper()}"
        d.review.defaulted("document.issuer_parent", info["issuer_parent"], "plan_note_parent_from_area")
    if any(text.fold(x.text) == "dang cong san viet nam" for x in d.doc.head):
        info["party_name"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
    return info


def _inside(span: tuple[dt.date, dt.date] | None, period: tuple[dt.date, dt.date]) -> bool:
    return span is not None and period[0] <= span[0] <= span[1] <= period[1]


def build(content: str, areas: list[Area] | None = None, level: str = "") -> tuple[dict[str, Any], Review]:
    """Draft a plan from a plan text; return the plan data and the review of every field."""
    d = Draft(document.parse(content))
    info = _header(d)
    title, title_line = _title(d)
    number = d.number or "(số)"
    if title:
        d.review.found("name", title, title_line)
    else:
        d.review.missing("name", "plan_note_not_in_text")
    area_name, area_level = _area(d, info)
    tl = timeline.read(d)
    forms = draft_units.forms(d.doc, d.review)
    units = draft_units.bodies(d.doc, d.review, areas, level or AREA_LEVEL.get(area_level, "phường"), d.issued)
    milestones = timeline.milestones(d, tl, [f["key"] for f in forms], units.report)
    reporting = units.reporting(milestones, d.review)
    assert tl.period is not None
    data: dict[str, Any] = {
        "name": f"Kế hoạch {number}: {title}" if title else f"Kế hoạch {number}",
        "short_name": f"KH {number}",
        "area_name": area_name,
        "document": _document(d, info, area_name),
        "period": {"start": tl.period[0], "end": tl.period[1]},
        **({"peak": {"start": tl.peak[0], "end": tl.peak[1]}} if tl.peak and _inside(tl.peak, tl.period) else {}),
        "phases": tl.phases,
        "milestones": milestones,
        "themes": tl.themes,
        "forms": forms,
        "district_wide": areas_mod.district_wide([units.level], area_name),
        "ward_prefixes": areas_mod.ward_prefixes([units.level]),
        "unit_groups": units.groups,
        "reporting": reporting,
        "map": {"geojson": None, "ward_property": None},
        "wards": units.wards,
    }
    return data, d.review


COMMENTS: dict[str, list[str]] = {
    "name": ["Dự thảo bằng draft-plan: đối chiếu với báo cáo rà soát (.review.md) trước khi dùng."],
    "period": ["Thời gian kế hoạch; mọi giai đoạn và mốc nằm trong khoảng này."],
    "phases": ["Các giai đoạn nối liền nhau, phủ kín thời gian kế hoạch."],
    "themes": ["Nội dung tuyên truyền theo giai đoạn; phase: all = xuyên suốt. Có thể rút gọn nhãn cho dễ đọc."],
    "forms": ["Hình thức: khóa đã biết lấy từ từ điển; khóa lạ đặt theo chữ, hãy thêm aliases (cách đơn vị hay gõ)."],
    "unit_groups": ["Nhóm đơn vị và nhiệm vụ theo mục Tổ chức thực hiện; kiểm tra tên đơn vị và aliases."],
    "wards": ["approximate: true = chưa có tọa độ thật (xếp tạm theo lưới); bản đồ ghi là vị trí gần đúng."],
}


def render(data: dict[str, Any], source: str) -> str:
    """The YAML text of a drafted plan, with comments saying what to check."""
    header = [f"Kế hoạch dự thảo từ văn bản {source}. Kiểm tra: python -m services.cli check-plan <tệp này>"]
    return emit.dump(data, COMMENTS, header)


def review_path(out: Path) -> Path:
    """Where the review report of ``out`` goes: ``plan.yaml`` -> ``plan.yaml.review.md``."""
    return out.with_name(out.name + ".review.md")
