"""Forms (section III) and implementing bodies with their tasks, units and the report deadline (section IV)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from services.core import text
from services.plans import areas as areas_mod
from services.plans.drafting import dates, known_forms
from services.plans.drafting.document import Document, Line
from services.plans.drafting.review import Review

# Long names and the abbreviations people type for them (both ways make an alias).
ABBREVIATIONS = (
    ("Ban Tuyên giáo", "BTG"),
    ("Ban Tổ chức", "BTC"),
    ("Ban Dân vận", "BDV"),
    ("Ủy ban Kiểm tra", "UBKT"),
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
    ("Ủy ban Mặt trận Tổ quốc", "UB MTTQ"),
    ("Mặt trận Tổ quốc", "MTTQ"),
    ("Văn phòng", "VP"),
    ("Trung tâm", "TT"),
    ("Hội Liên hiệp Phụ nữ", "Hội LHPN"),
    ("Hội Cựu chiến binh", "Hội CCB"),
    ("Hội Nông dân", "Hội ND"),
    ("Liên đoàn Lao động", "LĐLĐ"),
    ("Đoàn Thanh niên", "Đoàn TN"),
    ("Văn hóa - Thông tin", "VH-TT"),
    ("Thể dục thể thao", "TDTT"),
)
_GRASSROOTS = (
    "co so dang",
    "dang uy cac",
    "dang uy phuong",
    "dang uy xa",
    "chi, dang bo",
    "chi bo, dang bo",
    "cac chi bo",
)
_REPORT = re.compile(r"(báo cáo(?: kết quả| sơ kết| tổng kết)?[^.;]*?)\s*(?:trước|chậm nhất|đến hết)", re.IGNORECASE)
_LISTED = re.compile(
    r"(?:gồm|các|có)\s+(?:\d+\s+)?(phường|xã|thị trấn|thôn|tổ dân phố|khu phố)\s*(?:là|gồm)?\s*:\s*([^.]+)",
    re.IGNORECASE,
)
_COUNT = re.compile(r"(\d{1,3})\s+(phường|xã|thôn|tổ dân phố)(?!\w)", re.IGNORECASE)


_STOP = {"cac", "va", "thuoc", "cua", "ve", "to", "chuc"}


def slug(value: str, words: int = 4) -> str:
    """A YAML key from a label: folded, ``_``-joined, at most ``words`` words (``các``, ``và``... dropped)."""
    parts = [p for p in re.findall(r"[a-z0-9]+", text.fold(value)) if p not in _STOP]
    return "_".join(parts[:words]) or "x"


def _label(value: str) -> str:
    value = value.strip().rstrip(" ;,.:/")
    return value[:1].upper() + value[1:]


def forms(doc: Document, review: Review) -> list[dict[str, Any]]:
    """Forms named in the forms section: known ones by key, others under a key made from their words."""
    section = doc.section("forms")
    if section is None:
        review.defaulted("forms", ", ".join(known_forms.DEFAULT_KEYS), "plan_note_default_forms")
        return [known_forms.entry(f) for f in known_forms.KNOWN_FORMS if f.key in known_forms.DEFAULT_KEYS]
    out: dict[str, dict[str, Any]] = {}
    for line in section.lines:
        hits = known_forms.found_in(line.text)
        for form in hits:
            if form.key not in out:
                out[form.key] = known_forms.entry(form)
                review.found(f"forms {form.key}", form.label, line.number)
        if not hits:
            label = _label(re.split(r"[;:]| để | nhằm ", line.text)[0])
            label = " ".join(label.split()[:10])
            key = slug(label)
            if key not in out:
                out[key] = {"key": key, "label": label, "aliases": []}
                review.defaulted(f"forms {key}", label, "plan_note_unknown_form", line.number)
    if not out:
        review.defaulted("forms", ", ".join(known_forms.DEFAULT_KEYS), "plan_note_default_forms")
        return [known_forms.entry(f) for f in known_forms.KNOWN_FORMS if f.key in known_forms.DEFAULT_KEYS]
    return list(out.values())


def aliases(name: str) -> list[str]:
    """Other spellings of a unit's name: its long words abbreviated, or its abbreviations spelled out."""
    out: list[str] = []
    for long, short in ABBREVIATIONS:
        for old, new in ((long, short), (short, long)):
            pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])", re.IGNORECASE)  # not the TT of VH-TT
            if pattern.search(name):
                alias = pattern.sub(new, name, count=1)
                if text.key(alias) not in {text.key(name), *map(text.key, out)}:
                    out.append(alias)
    return out


def _abbreviated(name: str) -> str:
    for long, short in ABBREVIATIONS:
        name = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, name, flags=re.IGNORECASE)
    return name


@dataclass
class Units:
    """Unit groups, wards and who reports by when."""

    level: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    wards: list[dict[str, Any]] = field(default_factory=list)
    report: tuple[str, dt.date, int] | None = None  # label, date, line
    report_group: str = ""

    def reporting(self, milestones: list[dict[str, Any]], review: Review) -> dict[str, Any]:
        keys = [m["key"] for m in milestones]
        deadline = "bao_cao" if "bao_cao" in keys else keys[-1]
        if deadline != "bao_cao":
            review.defaulted("reporting.deadline", deadline, "plan_note_no_report_deadline")
        groups = [self.report_group] if self.report_group else []
        if not groups:
            grassroots = next((g["key"] for g in self.groups if g.get("_grassroots")), None)
            groups = [grassroots] if grassroots else []
            review.defaulted("reporting.expected_groups", ", ".join(groups), "plan_note_report_group")
        for group in self.groups:
            group.pop("_grassroots", None)
        return {"deadline": deadline, "expected_groups": groups, "expected_units": []}


def bodies(
    doc: Document, review: Review, given: list[areas_mod.Area] | None, level: str, issued: dt.date | None
) -> Units:
    """Section IV: one group per implementing body, its tasks and units; ward party units for the grassroots."""
    level = level if level in areas_mod.LEVELS else "phường"
    units = Units(level)
    done = areas_mod.complete(given if given else _areas_in_text(doc, review, level), level)
    units.wards = [areas_mod.ward_entry(a) for a in done]
    if given:
        review.found("wards", f"{len(done)} ({', '.join(a.name for a in done[:4])}…)", None)
    section = doc.section("bodies")
    year = issued.year if issued else dt.date.today().year
    seen: set[str] = set()
    if section is not None:
        top = next((x.marker for x in section.lines if x.marker in ("num", "letter")), "")
        heads = [x for x in section.lines if x.marker == top] if top else []
        ends = [h.number for h in heads[1:]] + [10**9] * bool(heads)
        for head, end in zip(heads, ends, strict=True):
            under = [x for x in section.lines if head.number < x.number < end]
            _group(units, review, head, under, done, seen, year)
    else:
        review.missing("unit_groups", "plan_note_not_in_text")
    if not any(g.get("_grassroots") for g in units.groups):
        label = "Các tổ chức cơ sở Đảng"
        units.groups.append(_grassroots_group("co_so_dang", label, [], done, seen))
        review.defaulted("unit_groups co_so_dang", label, "plan_note_grassroots_added")
    return units


def _areas_in_text(doc: Document, review: Review, level: str) -> list[areas_mod.Area]:
    for line in doc.all_lines():
        if m := _LISTED.search(line.text):
            names = [n.strip(" ;.") for n in re.split(r",|;| và ", m.group(2)) if n.strip(" ;.")]
            review.found("wards", ", ".join(names), line.number)
            return [areas_mod.Area(name=n, level=m.group(1).lower()) for n in names]
    count = 1
    for line in doc.all_lines():
        if m := _COUNT.search(line.text):
            count = int(m.group(1))
            break
    review.missing("wards", "plan_note_no_wards", n=count)
    return [areas_mod.Area(name=f"Địa bàn {i}", level=level) for i in range(1, count + 1)]


def _group(
    units: Units,
    review: Review,
    head: Line,
    under: list[Line],
    done: list[areas_mod.Area],
    seen: set[str],
    year: int,
) -> None:
    name, _, inline = head.text.partition(":")
    name = _label(name)
    tasks = [_label(inline)] if inline.strip() else []
    listed: list[str] = []
    for line in under:
        if not line.marker and line.text.rstrip().endswith(":") and text.fold(line.text).startswith("chi dao"):
            listed += [p.strip() for p in re.split(r",| và ", line.text.rstrip(":")[8:]) if p.strip()]
        else:
            tasks.append(_label(line.text))
    grassroots = any(w in text.fold(name) for w in _GRASSROOTS)
    key = "co_so_dang" if grassroots else slug(_abbreviated(name), 3)
    while any(g["key"] == key for g in units.groups):
        key += "_2"
    for line in [head, *under]:
        match = _REPORT.search(line.text)
        refs = dates.find(line.text[match.end() - 12 :], year) if match else []
        if match and refs and units.report is None:
            phrase = match.group(1).strip()
            units.report = (phrase[:1].lower() + phrase[1:], refs[0].day, line.number)
            units.report_group = key
            review.found("reporting", f"{match.group(1).strip()}: {refs[0].day}", line.number)
    if grassroots:
        units.groups.append(_grassroots_group(key, name, tasks, done, seen))
    else:
        found = [n for n in [*re.split(r" và |, ", name), *listed] if not text.fold(n).startswith("cac ")]
        members = [_unit(n, seen) for n in found]
        members = [m for m in members if m]
        if not members:
            members = [u for u in [_unit(name, seen)] if u]
            review.defaulted(f"unit_groups {key}.units", name, "plan_note_unit_is_group", head.number)
        units.groups.append({"key": key, "label": name, "tasks": tasks, "units": members})
    review.found(f"unit_groups {key}", f"{name} ({len(tasks)})", head.number)


def _unit(name: str, seen: set[str]) -> dict[str, Any] | None:
    name = _label(name)
    if not name or text.key(name) in seen:
        return None
    seen.add(text.key(name))
    return {"name": name, "aliases": [a for a in aliases(name) if text.key(a) not in seen]}


def _grassroots_group(
    key: str, label: str, tasks: list[str], done: list[areas_mod.Area], seen: set[str]
) -> dict[str, Any]:
    members = []
    for area in done:
        unit = areas_mod.party_unit(area)
        if text.key(str(unit["name"])) not in seen:
            seen.add(text.key(str(unit["name"])))
            members.append(unit)
    return {"key": key, "label": label, "tasks": tasks, "units": members, "_grassroots": True}
