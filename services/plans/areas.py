"""Areas (wards, communes, towns): reading a list, placing those without coordinates, their party units."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from services.core import text
from services.core.errors import DashboardError
from services.plans import source

# The words for an area level, the abbreviation people type, and the party body that reports for it.
LEVELS: dict[str, tuple[str, str]] = {
    "phường": ("P.", "Đảng ủy"),
    "xã": ("X.", "Đảng ủy"),
    "thị trấn": ("TT.", "Đảng ủy"),
    "tổ dân phố": ("TDP", "Chi bộ"),
    "khu phố": ("KP", "Chi bộ"),
    "thôn": ("Thôn", "Chi bộ"),
}
_SHORT_BODY = {"Đảng ủy": "ĐU", "Chi bộ": "CB"}
# The level above: what "the whole district" is called.
PARENT = {
    "phường": "quận",
    "xã": "huyện",
    "thị trấn": "huyện",
    "tổ dân phố": "phường",
    "khu phố": "phường",
    "thôn": "xã",
}
# Where areas without any coordinates are drawn (the centre of Hà Nội): the map marks them approximate.
DEFAULT_CENTER = (21.0285, 105.8542)
DEFAULT_SPACING = 0.01  # degrees, about 1.1 km


@dataclass(frozen=True)
class Area:
    """One area of a list; ``lat``/``lon`` are ``None`` until placed."""

    name: str
    code: str = ""
    lat: float | None = None
    lon: float | None = None
    level: str = ""
    line: int = 0
    approximate: bool = False


def level_of(value: str) -> str:
    """The canonical level word for ``value`` (``"Phường"`` -> ``"phường"``); raise on an unknown word."""
    folded = text.fold(value)
    for level in LEVELS:
        if text.fold(level) == folded:
            return level
    raise DashboardError(f"cấp địa bàn '{value}' không hỗ trợ (dùng: {', '.join(LEVELS)})")


def _split_level(name: str) -> tuple[str, str]:
    """``"Xã Đặng Xá"`` -> (``"xã"``, ``"Đặng Xá"``); a name without a level word -> (``""``, name)."""
    folded = text.fold(name)
    for level, (abbr, _) in LEVELS.items():
        for prefix in (text.fold(level) + " ", text.fold(abbr)):
            if folded.startswith(prefix) and len(folded) > len(prefix):
                rest = name[len(prefix) :].strip()
                if rest and (prefix.endswith((" ", ".")) or not rest[0].islower()):
                    return level, rest
    return "", name


_HEADER_WORDS = {"ten", "name", "ten phuong", "ten xa", "phuong", "xa", "dia ban", "area"}


def parse_areas(content: str, origin: str = "") -> list[Area]:
    """Areas from text, one per line: ``name[;code][;lat;lon]`` (``;``, tab or ``,`` separated; ``#`` comments)."""
    areas: list[Area] = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        sep = next((s for s in ("\t", ";", ",") if s in line), None)
        fields = [f.strip() for f in (line.split(sep) if sep else [line])]
        if not areas and text.fold(fields[0]) in _HEADER_WORDS:
            continue
        areas.append(_area(fields, sep, f"{origin}dòng {number}", number))
    if not areas:
        raise DashboardError(f"{origin}danh sách địa bàn rỗng")
    _check_unique(areas, origin)
    return areas


def _area(fields: list[str], sep: str | None, where: str, number: int) -> Area:
    level, name = _split_level(fields[0])
    if not name:
        raise DashboardError(f"{where}: thiếu tên địa bàn")
    rest = [f for f in fields[1:] if f]
    numbers: list[float] = []
    code = ""
    for field in rest:
        value = field.replace(",", ".") if sep != "," else field
        if re.fullmatch(r"-?\d+\.\d+", value):
            numbers.append(float(value))
        elif not code:
            code = field
        else:
            raise DashboardError(f"{where}: không hiểu '{field}' (dạng: tên; mã; vĩ độ; kinh độ)")
    if len(numbers) not in (0, 2):
        raise DashboardError(f"{where}: cần cả vĩ độ và kinh độ (hoặc không có cả hai)")
    lat, lon = (numbers[0], numbers[1]) if numbers else (None, None)
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DashboardError(f"{where}: tọa độ ({lat}, {lon}) không hợp lệ (vĩ độ trước, kinh độ sau)")
    return Area(name=name, code=code, lat=lat, lon=lon, level=level, line=number)


def _check_unique(areas: list[Area], origin: str) -> None:
    for attr, what in (("name", "tên"), ("code", "mã")):
        seen: dict[str, int] = {}
        for area in areas:
            value = getattr(area, attr)
            if not value:
                continue
            if text.key(value) in seen:
                raise DashboardError(
                    f"{origin}dòng {area.line}: {what} '{value}' bị trùng (đã có ở dòng {seen[text.key(value)]})"
                )
            seen[text.key(value)] = area.line


def read_areas(path: str | Path) -> list[Area]:
    """Read an area list file (see ``parse_areas``); errors name the file and line."""
    return parse_areas(source.read_text(path), f"{Path(path)}: ")


def complete(areas: list[Area], level: str) -> list[Area]:
    """Give every area a level, a code (``001``...) and a position; placed ones are marked approximate."""
    used = {a.code for a in areas if a.code}
    width = max(3, len(str(len(areas))))
    counter = 0
    coded: list[Area] = []
    for area in areas:
        code = area.code
        while not code:
            counter += 1
            candidate = str(counter).zfill(width)
            code = "" if candidate in used else candidate
        coded.append(replace(area, code=code, level=area.level or level))
    return _place(coded)


def _place(areas: list[Area]) -> list[Area]:
    known = [(a.lat, a.lon) for a in areas if a.lat is not None and a.lon is not None]
    missing = [a for a in areas if a.lat is None]
    if not missing:
        return areas
    spacing = _spacing(known)
    cols = max(1, math.ceil(math.sqrt(len(missing))))
    if known:  # a grid just south of the known areas, so nothing is drawn on top of them
        top = min(lat for lat, _ in known) - spacing
        left = min(lon for _, lon in known)
    else:
        rows = math.ceil(len(missing) / cols)
        top = DEFAULT_CENTER[0] + spacing * (rows - 1) / 2
        left = DEFAULT_CENTER[1] - spacing * (cols - 1) / 2
    spots = iter(
        (round(top - (i // cols) * spacing, 4), round(left + (i % cols) * spacing, 4)) for i in range(len(missing))
    )
    placed = []
    for area in areas:
        if area.lat is None:
            lat, lon = next(spots)
            area = replace(area, lat=lat, lon=lon, approximate=True)
        placed.append(area)
    return placed


def _spacing(known: list[tuple[float, float]]) -> float:
    """The median distance from each known area to its nearest neighbour (the grid then looks like the map)."""
    if len(known) < 2:
        return DEFAULT_SPACING
    nearest = sorted(min(math.dist(p, q) for j, q in enumerate(known) if j != i) for i, p in enumerate(known))
    return max(0.002, round(nearest[len(nearest) // 2], 4))


def party_unit(area: Area) -> dict[str, object]:
    """The party body that reports for ``area`` and the ways people write its name.

    Only spellings that differ after folding are listed: matching already ignores case,
    diacritics and spaces, so ``DU Bo De`` meets ``ĐU Bồ Đề`` without an alias.
    """
    abbr, body = LEVELS.get(area.level, LEVELS["phường"])
    short = _SHORT_BODY[body]
    name = f"{body} {area.level} {area.name}"
    candidates = [
        f"{short} {area.level} {area.name}",
        f"{body} {abbr} {area.name}",
        f"{short} {abbr} {area.name}",
        f"{body} {area.name}",
        f"{short} {area.name}",
    ]
    aliases: list[str] = []
    seen = {text.key(name)}
    for alias in candidates:
        if text.key(alias) not in seen:
            seen.add(text.key(alias))
            aliases.append(alias)
    return {"name": name, "ward": area.code, "aliases": aliases}


def ward_prefixes(levels: list[str]) -> list[str]:
    """What people write before an area's name (``Phường``, ``P.``, ``P``), for every level used."""
    out: list[str] = []
    for level in dict.fromkeys(levels):
        abbr = LEVELS[level][0]
        for prefix in (level[0].upper() + level[1:], abbr, abbr.rstrip(".")):
            if prefix not in out:
                out.append(prefix)
    return out


def district_wide(levels: list[str], area_name: str = "") -> list[str]:
    """Cell texts that mean "the whole district" for areas of these levels."""
    parent = PARENT.get(levels[0], "quận") if levels else "quận"
    out = [f"Toàn {parent}", f"Cấp {parent}"]
    if area_name:
        out.append(area_name)
    return out


def ward_entry(area: Area) -> dict[str, object]:
    """The plan's ``wards`` entry for a completed area."""
    entry: dict[str, object] = {"code": area.code, "name": area.name, "lat": area.lat, "lon": area.lon}
    if area.approximate:
        entry["approximate"] = True
    return entry
