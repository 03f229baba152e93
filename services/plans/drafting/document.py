"""The structure of a Vietnamese plan document: header, Roman-numbered sections, numbered and bulleted items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.core import text
from services.plans import source

_ROMAN = re.compile(r"^([IVX]{1,5})\s*[.\-–:)]\s*(.+)$")
_MARKERS = (
    ("num", re.compile(r"^(\d{1,2})\s*[.)]\s+(.+)$")),
    ("num2", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\s*[.)]?\s+(.+)$")),  # "1.2." under "1."
    ("letter", re.compile(r"^([a-zđ])\s*[.)]\s*(.+)$")),
    ("dash", re.compile(r"^[-–—•·]\s*(.+)$")),
    ("plus", re.compile(r"^\+\s*(.+)$")),
    ("star", re.compile(r"^\*\s+(.+)$")),
)
# Section kinds by the words of their heading (folded); a heading may have two ("THỜI GIAN, NỘI DUNG").
KINDS = (
    ("purpose", ("muc dich", "yeu cau")),
    ("time", ("thoi gian",)),
    ("content", ("noi dung",)),
    ("forms", ("hinh thuc", "phuong thuc")),
    ("bodies", ("to chuc thuc hien", "phan cong", "trach nhiem")),
)


@dataclass
class Line:
    """One logical line: its number in the file (1-based), marker kind (``num``, ``dash``... or ``""``), text."""

    number: int
    marker: str
    text: str
    label: str = ""  # the marker itself: "1", "a", "II"


@dataclass(eq=False)  # identity: a section is one place in one document
class Section:
    number: str
    title: str
    line: int
    kinds: set[str]
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    head: list[Line]  # before the first Roman-numbered heading
    sections: list[Section]
    tail: list[Line]  # "Nơi nhận" and the signature

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if kind in s.kinds), None)

    def all_lines(self) -> list[Line]:
        return [*self.head, *(x for s in self.sections for x in s.lines), *self.tail]


def clean(value: str) -> str:
    """Drop emphasis marks and smart quotes, write tones the modern way, collapse spaces."""
    value = value.replace("**", "").replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    value = re.sub(r"(?<=\S)\*|\*(?=\S)", "", value)
    return source.modern_tones(re.sub(r"\s+", " ", value).strip())


def _classify(number: int, raw: str) -> Line:
    value = clean(raw)
    for kind, pattern in _MARKERS:
        match = pattern.match(value)
        if match:
            groups = match.groups()
            return Line(number, kind, groups[-1].strip(), groups[0] if len(groups) > 1 else "")
    return Line(number, "", value)


def _is_heading(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def parse(content: str) -> Document:
    """Split a plan text into header, sections and tail; continuation lines are joined to their item."""
    head: list[Line] = []
    sections: list[Section] = []
    tail: list[Line] = []
    current: list[Line] = head
    for number, raw in enumerate(content.split("\n"), start=1):
        value = clean(raw)
        if not value or value == "*":
            continue
        roman = _ROMAN.match(value)
        if roman and _is_heading(roman.group(2)):
            title = roman.group(2).strip()
            folded = text.fold(title)
            kinds = {kind for kind, words in KINDS if any(w in folded for w in words)}
            sections.append(Section(roman.group(1), title, number, kinds))
            current = sections[-1].lines
            continue
        if text.fold(value).startswith(("noi nhan", "t/m ", "k/t ")):
            current = tail
        line = _classify(number, raw)
        if current and _continues(current[-1], line):
            current[-1].text = f"{current[-1].text} {line.text}"
            continue
        current.append(line)
    return Document(head, sections, tail)


def _continues(previous: Line, line: Line) -> bool:
    """A line cut in the middle of a sentence (a lower-case start after no closing punctuation)."""
    return not line.marker and line.text[:1].islower() and not previous.text.endswith((".", ";", ":", "!", "?"))


def sentences(value: str) -> list[str]:
    """Split prose into sentences (``. `` before a capital, and ``;``)."""
    parts = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ\"(])|;\s*", value)
    return [p.strip() for p in parts if p.strip()]
