"""The plan's time: the event, period, peak, phases (one per period item) and their themes, milestones."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from services.core import text
from services.plans.drafting import dates, document, known_forms
from services.plans.drafting.document import Line

if TYPE_CHECKING:
    from services.plans.drafting.draft import Draft

EVENT_HEADS = ("đại hội", "bầu cử", "hội nghị", "kỳ họp", "lễ hội", "tết", "ngày hội", "lễ kỷ niệm", "kỷ niệm")
ONE_DAY = dt.timedelta(days=1)


@dataclass
class Timeline:
    """What the time section says."""

    period: tuple[dt.date, dt.date] | None = None
    peak: tuple[dt.date, dt.date] | None = None
    event: tuple[dt.date, dt.date] | None = None
    deadlines: list[tuple[str, dt.date, int]] = field(default_factory=list)  # sentence, date, line
    phases: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)


def _event_name(subject: str) -> tuple[str, str]:
    """Short names for the event, with and without its number (``Đại hội XII``, ``Đại hội``)."""
    folded = text.fold(subject)
    for head in EVENT_HEADS:
        at = folded.find(text.fold(head))
        if at >= 0:
            word = subject[at : at + len(head)]
            roman = re.search(r"lần thứ ([IVXL]+)", subject)
            return (f"{word} {roman.group(1)}" if roman else word), word
    words = " ".join(subject.split()[:2]) or "sự kiện"
    return words, words


def _intro(d: Draft, tl: Timeline, lines: list[Line]) -> None:
    """The event, period, peak and deadlines from prose lines (before the first period item)."""
    year = d.issued.year if d.issued else dt.date.today().year
    for line in lines:
        for sentence in document.sentences(line.text):
            refs = dates.find(sentence, year, d.issued)
            if not refs:
                continue
            folded = text.fold(sentence)
            start, end = dates.span(refs)
            if "dien ra" in folded[:200] and tl.event is None and start:
                subject = sentence[: sentence.lower().find("diễn ra")].strip(" ,")
                d.event, d.event_head = _event_name(subject)
                tl.event = (start, end or start)
                d.event_line = line.number
                d.review.found("event", f"{d.event}: {start} - {end or start}", line.number)
            elif "cao diem" in folded and tl.peak is None and start and end:
                tl.peak = (start, end)
                d.review.found("peak", f"{start} - {end}", line.number)
            elif "hoan thanh" in folded and end and any(r.role == "deadline" for r in refs):
                tl.deadlines.append((sentence, end, line.number))
            elif tl.period is None and start and end:
                tl.period = (start, end)
                if any(r.vague for r in refs):
                    d.review.defaulted("period", f"{start} - {end}", "plan_note_vague_start", line.number)
                else:
                    d.review.found("period", f"{start} - {end}", line.number)


def _phase_kind(line: Line) -> str:
    folded = text.fold(line.text)[:200]
    if folded.startswith("giai doan"):  # "Giai đoạn 1 (từ ... đến ...): chuẩn bị đón Tết" -> "chuẩn bị đón Tết"
        folded = re.sub(r"^giai doan\s*\w*\s*[:.)-]?\s*", "", re.sub(r"\([^)]*\)", "", folded)).lstrip(" :.-")
    if folded.startswith("trong") or "trong thoi gian dien ra" in folded[:60]:
        return "trong"
    if folded.startswith(("ngay sau", "sau ")):
        return "sau"
    until_event = folded.startswith("tu ") and ("dien ra" in folded or "khai mac" in folded)
    if folded.startswith(("truoc", "chuan bi")) or until_event:
        return "truoc"
    return ""


def _period_items(section: document.Section, year: int) -> list[Line]:
    """The items of the section that each open a period (a phase): by their words or their dates."""
    items: list[Line] = []
    chosen: str | None = None  # the marker of period items ("" for "Giai đoạn 1: ..." paragraphs)
    for line in section.lines:
        opens = text.fold(line.text).startswith("giai doan")
        if (not line.marker and not opens) or (chosen is not None and line.marker != chosen):
            continue
        if _phase_kind(line) or opens or dates.find(line.text[:160], year):
            chosen = line.marker if chosen is None else chosen
            items.append(line)
    return items


def _cross_cutting(sentence: str) -> bool:
    folded = text.fold(sentence)
    return "xuyen suot" in folded or ("coi trong" in folded and ("dau tranh" in folded or "phan bac" in folded))


def _cross_label(sentence: str) -> str:
    at = text.fold(sentence).find("dau tranh")
    label = sentence[at:] if at >= 0 else sentence
    return (label[:1].upper() + label[1:]).rstrip(" .;,")


def _theme_lines(section: document.Section, items: list[Line]) -> list[tuple[Line, list[Line]]]:
    """Each period item with its theme lines (the first marker kind under it)."""
    out = []
    numbers = [i.number for i in items] + [10**9]
    for item, until in zip(items, numbers[1:], strict=False):
        under = [x for x in section.lines if item.number < x.number < until]
        kind = next((x.marker for x in under if x.marker and x.marker != item.marker), "")
        themes = []
        for line in under:
            if not line.marker:
                break  # prose after the list ends it ("Trong quá trình triển khai...")
            if line.marker == kind and not _cross_cutting(line.text):
                themes.append(line)
        out.append((item, themes))
    return out


def _label(value: str) -> str:
    value = value.strip().rstrip(" ;,.")
    return value[:1].upper() + value[1:]


def read(d: Draft) -> Timeline:
    """Read the time and content sections into a timeline whose phases tile the period."""
    tl = Timeline()
    content = d.doc.section("content") or d.doc.section("time")
    time = d.doc.section("time") or content
    year = d.issued.year if d.issued else dt.date.today().year
    items = _period_items(content, year) if content else []
    first = items[0].number if items else 10**9
    for section in dict.fromkeys(s for s in (time, content) if s):
        _intro(d, tl, [x for x in section.lines if section is not content or x.number < first])
    raw = [_raw_phase(d, tl, item, index, year) for index, item in enumerate(items)]
    _fill(d, tl, raw)
    _read_themes(d, tl, content, items)
    return tl


def _raw_phase(d: Draft, tl: Timeline, item: Line, index: int, year: int) -> dict[str, Any]:
    kind = _phase_kind(item)
    start, end = dates.span(dates.find(item.text[:250], year, d.issued))
    if tl.event:
        if kind == "trong" and start is None:
            start, end = tl.event
        elif kind == "sau" and start is None:
            start = tl.event[1] + ONE_DAY
        elif kind == "truoc" and end is None:
            end = tl.event[0] - ONE_DAY
    labels = {"truoc": "Trước", "trong": "Trong", "sau": "Sau"}
    label = f"{labels[kind]} {d.event_head}" if kind else f"Giai đoạn {index + 1}"
    return {"key": kind or f"gd{index + 1}", "label": label, "start": start, "end": end, "line": item.number}


def _fill(d: Draft, tl: Timeline, raw: list[dict[str, Any]]) -> None:
    """Period and phases with every date known, phases contiguous and inside the period."""
    starts = [p["start"] for p in raw if p["start"]]
    ends = [p["end"] for p in raw if p["end"]]
    if tl.period is None:
        begin = min([*starts, *([d.issued] if d.issued else [])], default=None)
        finish = max(ends, default=None) or (tl.event[1] if tl.event else None)
        if begin is None or finish is None or finish < begin:
            begin = d.issued or dt.date.today()
            finish = begin + dt.timedelta(days=35)
        tl.period = (begin, finish)
        d.review.defaulted("period", f"{begin} - {finish}", "plan_note_period_from_phases")
    if not raw:
        raw = [{"key": "gd1", "label": "Toàn thời gian", "start": None, "end": None, "line": None}]
        d.review.missing("phases", "plan_note_no_phases")
    period = tl.period
    keys: set[str] = set()
    for index, phase in enumerate(raw):
        given = (phase["start"], phase["end"])
        phase["start"] = raw[index - 1]["end"] + ONE_DAY if index else period[0]
        phase["end"] = _phase_end(raw, index, period)
        key = phase["key"] if phase["key"] not in keys else f"{phase['key']}_{index + 1}"
        keys.add(key)
        phase["key"] = key
        value = f"{key}: {phase['start']} - {phase['end']}"
        if given != (phase["start"], phase["end"]):
            d.review.defaulted(f"phases[{index}]", value, "plan_note_phase_joined", phase["line"])
        else:
            d.review.found(f"phases[{index}]", value, phase["line"])
    tl.phases = [{k: p[k] for k in ("key", "label", "start", "end")} for p in raw]


def _phase_end(raw: list[dict[str, Any]], index: int, period: tuple[dt.date, dt.date]) -> dt.date:
    """The last day of phase ``index``: the day before the next one starts; the period's end for the last."""
    start = raw[index]["start"]
    left = len(raw) - index - 1  # phases still to fit after this one
    if not left:
        return max(period[1], start)
    following = raw[index + 1]["start"]
    end = following - ONE_DAY if following else raw[index]["end"]
    if end is None:  # neither this end nor the next start is written: share what is left equally
        end = start + dt.timedelta(days=(period[1] - start).days // (left + 1))
    latest = period[1] - dt.timedelta(days=left)
    return min(max(end, start), latest)


def _read_themes(d: Draft, tl: Timeline, content: document.Section | None, items: list[Line]) -> None:
    for index, (item, lines) in enumerate(_theme_lines(content, items) if content else []):
        phase = tl.phases[index]["key"]
        if not lines and ":" in item.text:  # themes inline: "Trong Đại hội: tầm vóc...; các hoạt động..."
            inline = [x for x in item.text.split(":", 1)[1].split(";") if x.strip()]
            lines = [Line(item.number, "inline", x.strip()) for x in inline]
        for number, line in enumerate(lines, start=1):
            code = f"ND{index + 1}.{number}"
            tl.themes.append({"code": code, "phase": phase, "label": _label(line.text)})
            d.review.found(f"themes {code}", line.text, line.number)
    cross = [
        (line, sentence)
        for section in dict.fromkeys(s for s in (content, d.doc.section("time")) if s)
        for line in section.lines
        for sentence in document.sentences(line.text)
        if _cross_cutting(sentence)
    ]
    for count, (line, sentence) in enumerate(cross):
        folded = text.fold(sentence)
        code = ("PB" if "dau tranh" in folded or "phan bac" in folded else "XS") + (str(count + 1) if count else "")
        tl.themes.append({"code": code, "phase": "all", "label": _label(_cross_label(sentence))})
        d.review.found(f"themes {code}", sentence, line.number)
    if not tl.themes:
        tl.themes.append({"code": "ND1", "phase": "all", "label": "(Nội dung tuyên truyền)"})
        d.review.missing("themes", "plan_note_no_themes")


def milestones(d: Draft, tl: Timeline, form_keys: list[str], report: tuple[str, dt.date, int] | None) -> list[dict]:
    """Issue date, completion deadlines, the event, the report deadline: inside the period, by date."""
    found: list[tuple[dict[str, Any], int | None]] = []
    if d.issued:
        issued = {"key": "ban_hanh", "date": d.issued, "label": f"Ban hành Kế hoạch {d.number}".strip()}
        found.append((issued, d.issued_line))
    for sentence, day, line in tl.deadlines:
        form = next((f.key for f in known_forms.found_in(sentence) if f.key in form_keys), None)
        label = "Hoàn thành " + (
            next(f.label for f in known_forms.KNOWN_FORMS if f.key == form).lower() if form else ""
        )
        entry: dict[str, Any] = {"key": "hoan_thanh", "date": day, "label": label.strip()}
        found.append(((entry | {"form": form}) if form else entry, line))
    if tl.event:
        start, end = tl.event
        if start == end:
            found.append(({"key": "dien_ra", "date": start, "label": f"Ngày {d.event}"}, d.event_line))
        else:
            meeting = text.fold(d.event_head) in {"dai hoi", "hoi nghi", "ky hop"}
            opening, closing = ("Khai mạc", "Bế mạc") if meeting else ("Bắt đầu", "Kết thúc")
            found.append(({"key": "khai_mac", "date": start, "label": f"{opening} {d.event}"}, d.event_line))
            found.append(({"key": "be_mac", "date": end, "label": f"{closing} {d.event}"}, d.event_line))
    if tl.peak and all(m["date"] != tl.peak[0] for m, _ in found):
        found.append(({"key": "cao_diem", "date": tl.peak[0], "label": "Bắt đầu cao điểm"}, None))
    if report:
        found.append(({"key": "bao_cao", "date": report[1], "label": "Hạn " + report[0]}, report[2]))
    out: list[dict[str, Any]] = []
    assert tl.period is not None
    for entry, where in sorted(found, key=lambda pair: pair[0]["date"]):
        if not tl.period[0] <= entry["date"] <= tl.period[1]:
            d.review.defaulted(f"milestones {entry['key']}", entry["date"], "plan_note_milestone_outside", where)
            continue
        keys = {m["key"] for m in out}
        base, n = entry["key"], 2
        while entry["key"] in keys:
            entry["key"], n = f"{base}_{n}", n + 1
        out.append(entry)
        d.review.found(f"milestones {entry['key']}", f"{entry['date']} {entry['label']}", where)
    if not out:
        out.append({"key": "ket_thuc", "date": tl.period[1], "label": "Kết thúc kế hoạch"})
        d.review.defaulted("milestones", tl.period[1], "plan_note_no_milestones")
    return out
