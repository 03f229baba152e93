"""A seeded citywide plan: Hà Nội's 30 districts, ≈580 wards, ≈1,500 units.

The themes, forms, phases and milestones are those of ``config/plan.yaml``, so
the reader and the metrics apply unchanged; only the area (wards with generated
centroids, units, district-wide markers) is scaled up to a city. Ward names are
generated from common place-name syllables and are unique (as the plan
requires); districts are the real 30 of 2015, their positions are generated.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.core import config, text
from services.core.config import Plan

SEED = 2016
WARDS = 580
CENTER = (21.0285, 105.8542)  # Hoàn Kiếm lake
# The 30 districts of Hà Nội in 2015: 12 urban (quận), one town (thị xã), 17 rural (huyện).
URBAN = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa",
    "Hai Bà Trưng", "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông",
]  # fmt: skip
TOWN = ["Sơn Tây"]
RURAL = [
    "Ba Vì", "Phúc Thọ", "Đan Phượng", "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ",
    "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức", "Sóc Sơn", "Đông Anh",
    "Gia Lâm", "Mê Linh", "Thanh Trì",
]  # fmt: skip
_FIRST = [
    "An", "Bình", "Cát", "Đông", "Đại", "Gia", "Hòa", "Hồng", "Hương", "Kim", "Lạc", "Liên",
    "Long", "Mai", "Minh", "Nam", "Ngọc", "Nghĩa", "Phú", "Phúc", "Quang", "Quảng", "Tân", "Thạch",
    "Thanh", "Thái", "Thượng", "Thụy", "Tiên", "Trung", "Tây", "Vân", "Văn", "Việt", "Vĩnh", "Xuân",
    "Yên", "Đức", "Hải", "Khánh", "Lĩnh", "Mỹ", "Sơn", "Tam", "Thịnh", "Cự", "Bồ", "Hạ",
]  # fmt: skip
_SECOND = [
    "An", "Bình", "Châu", "Đình", "Đông", "Đồng", "Giang", "Hà", "Hòa", "Hưng", "Khê", "Lâm",
    "Lộc", "Lợi", "Long", "Mai", "Minh", "Nam", "Ninh", "Phong", "Phú", "Phương", "Quang", "Sơn",
    "Tân", "Thành", "Thanh", "Thịnh", "Thọ", "Thủy", "Tiến", "Trung", "Tú", "Vinh", "Xá", "Yên",
    "Hồ", "Khang", "Lạc", "Viên",
]  # fmt: skip
# District-level units of every district: (name template, aliases). {k} is "Quận"/"Huyện"/"Thị xã"
# as in a unit name, {kl} its lower-case form, {d} the district.
_DISTRICT_UNITS = [
    ("Ban Tuyên giáo {k} ủy {d}", ["BTG {k} ủy {d}"]),
    ("Văn phòng {k} ủy {d}", ["VP {k} ủy {d}"]),
    ("Ban Tổ chức {k} ủy {d}", []),
    ("Ban Dân vận {k} ủy {d}", []),
    ("Ủy ban Kiểm tra {k} ủy {d}", ["UBKT {k} ủy {d}"]),
    ("UBND {kl} {d}", ["Ủy ban nhân dân {kl} {d}"]),
    ("Phòng Văn hóa - Thông tin {kl} {d}", ["Phòng VH-TT {kl} {d}", "Phòng VHTT {d}"]),
    ("Trung tâm Văn hóa {kl} {d}", ["TTVH {kl} {d}"]),
    ("Trung tâm TDTT {kl} {d}", ["TT TDTT {d}"]),
    ("Ủy ban MTTQ {kl} {d}", ["MTTQ {kl} {d}", "UBMTTQ {d}"]),
    ("Đoàn Thanh niên {kl} {d}", ["{k} đoàn {d}"]),
    ("Hội Liên hiệp Phụ nữ {kl} {d}", ["Hội LHPN {d}"]),
    ("Hội Cựu chiến binh {kl} {d}", ["Hội CCB {d}"]),
    ("Liên đoàn Lao động {kl} {d}", ["LĐLĐ {d}"]),
    ("Hội Nông dân {kl} {d}", ["Hội ND {d}"]),
    ("Đài Truyền thanh {kl} {d}", []),
]
SCHOOLS_PER_DISTRICT = 15  # "Chi bộ Trường THCS số k, <district>": brings units to ≈1,500


@dataclass(frozen=True)
class District:
    """One generated district: its kind, GSO-like code, centre and ward codes."""

    name: str
    kind: str  # "quan", "thi_xa" or "huyen"
    code: str
    lat: float
    lon: float
    ward_codes: tuple[str, ...]

    @property
    def title(self) -> str:
        """``Quận Ba Đình``, ``Huyện Ba Vì``, ``Thị xã Sơn Tây``."""
        return f"{_KIND_WORD[self.kind]} {self.name}"


_KIND_WORD = {"quan": "Quận", "thi_xa": "Thị xã", "huyen": "Huyện"}


def _ward_names(rng: random.Random, count: int) -> list[str]:
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND if text.key(a) != text.key(b)]
    rng.shuffle(pairs)
    names: list[str] = []
    seen: set[str] = set()
    for name in pairs:
        if text.key(name) not in seen:
            seen.add(text.key(name))
            names.append(name)
        if len(names) == count:
            return names
    raise ValueError(f"only {len(names)} distinct ward names, {count} wanted")


def _ward_counts(rng: random.Random, kinds: list[str], total: int) -> list[int]:
    weights = [rng.uniform(10, 18) if k != "huyen" else rng.uniform(14, 32) for k in kinds]
    scale = total / sum(weights)
    counts = [max(5, round(w * scale)) for w in weights]
    counts[-1] += total - sum(counts)  # exact total
    return counts


def _place(rng: random.Random, kind: str, index: int, count: int) -> tuple[float, float]:
    angle = 2 * math.pi * (index + rng.random() * 0.6) / count
    radius = rng.uniform(0.015, 0.09) if kind == "quan" else rng.uniform(0.14, 0.42)
    return round(CENTER[0] + radius * math.sin(angle), 4), round(CENTER[1] + radius * math.cos(angle), 4)


def generate(seed: int = SEED, wards: int = WARDS) -> tuple[dict[str, Any], list[District]]:
    """Return ``(plan as YAML-ready dict, districts)`` for a city of ``wards`` wards."""
    rng = random.Random(seed)
    names = URBAN + TOWN + RURAL
    kinds = ["quan"] * len(URBAN) + ["thi_xa"] * len(TOWN) + ["huyen"] * len(RURAL)
    counts = _ward_counts(rng, kinds, wards)
    ward_names = iter(_ward_names(rng, wards))
    plan = config.load_plan().model_dump(mode="json")
    ward_rows: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    districts: list[District] = []
    code = 1
    urban_seen = 0
    for d_index, (name, kind, count) in enumerate(zip(names, kinds, counts, strict=True)):
        ring_index, ring_size = (urban_seen, len(URBAN)) if kind == "quan" else (d_index - len(URBAN), 18)
        urban_seen += kind == "quan"
        lat, lon = _place(rng, kind, ring_index, ring_size)
        spread = 0.012 if kind == "quan" else 0.035
        codes: list[str] = []
        base_units: list[dict[str, Any]] = []
        for w_index in range(count):
            ward_name = next(ward_names)
            ward_code = f"{code:05d}"
            code += 3  # GSO codes step by 3
            codes.append(ward_code)
            ward_rows.append({
                "code": ward_code, "name": ward_name,
                "lat": round(lat + rng.gauss(0, spread), 4), "lon": round(lon + rng.gauss(0, spread), 4),
            })  # fmt: skip
            level = "phường" if kind == "quan" or (kind == "thi_xa" and w_index < count // 2) else "xã"
            base_units.append({
                "name": f"Đảng ủy {level} {ward_name}", "ward": ward_code,
                "aliases": [f"ĐU {level} {ward_name}", f"Đảng ủy {ward_name}"],
            })  # fmt: skip
        district = District(name, kind, f"{d_index + 1:03d}", lat, lon, tuple(codes))
        districts.append(district)
        groups.append(_district_group(district))
        groups.append(
            {"key": f"d{district.code}_co_so", "label": f"{district.title} — cơ sở Đảng", "units": base_units}
        )
    plan.update(_city_header(plan))
    plan["district_wide"] = _district_markers(districts)
    plan["ward_prefixes"] = ["Phường", "P.", "P", "Xã", "X.", "Thị trấn", "TT."]
    plan["unit_groups"] = groups
    plan["reporting"] = {
        "deadline": "bao_cao",
        "expected_groups": [g["key"] for g in groups if g["key"].endswith("_co_so")],
        "expected_units": [],
    }
    plan["map"] = {"geojson": None, "ward_property": None}
    plan["wards"] = ward_rows
    return plan, districts


def _district_group(district: District) -> dict[str, Any]:
    k = _KIND_WORD[district.kind]
    fill = {"k": k, "kl": k.lower(), "d": district.name}
    units = [
        {"name": name.format(**fill), "aliases": [a.format(**fill) for a in aliases]}
        for name, aliases in _DISTRICT_UNITS
    ]
    units += [
        {"name": f"Chi bộ Trường THCS số {n}, {district.name}", "aliases": []}
        for n in range(1, SCHOOLS_PER_DISTRICT + 1)
    ]
    return {"key": f"d{district.code}_cap_quan", "label": f"{district.title} — cấp quận, huyện", "units": units}


def _district_markers(districts: list[District]) -> list[str]:
    markers = ["Toàn quận", "Toàn huyện", "Toàn thị xã", "Cấp quận", "Cấp huyện", "Toàn thành phố"]
    for d in districts:
        markers += [d.title, f"{_KIND_WORD[d.kind][0]}. {d.name}"]
    return markers


def _city_header(plan: dict[str, Any]) -> dict[str, Any]:
    document = dict(plan["document"])
    document.update(
        issuer_parent="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        issuer="BAN THƯỜNG VỤ THÀNH ỦY",
        issuer_name="Ban Thường vụ Thành ủy",
        place="Hà Nội",
        report_issuer="BAN TUYÊN GIÁO THÀNH ỦY",
        report_issuer_name="Ban Tuyên giáo Thành ủy",
    )
    return {
        "name": f"{plan['name']} (toàn Thành phố)",
        "short_name": f"{plan['short_name']} · Hà Nội",
        "area_name": "Thành phố Hà Nội",
        "document": document,
    }


def build_plan(seed: int = SEED, wards: int = WARDS) -> tuple[Plan, list[District]]:
    """The generated plan, validated as any plan file is."""
    data, districts = generate(seed, wards)
    return Plan.model_validate(data), districts


def write_plan(path: str | Path, seed: int = SEED, wards: int = WARDS) -> tuple[Path, list[District]]:
    """Write the generated plan as YAML; it loads with ``services.core.config.load_plan``."""
    data, districts = generate(seed, wards)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return out, districts


def write_districts(path: str | Path, districts: list[District], sources: dict[str, str]) -> Path:
    """Write a districts config (see ``services.ingest.multisource``): name, source and wards of each."""
    rows = [{"name": d.name, "source": sources[d.name], "wards": list(d.ward_codes)} for d in districts]
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump({"districts": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
