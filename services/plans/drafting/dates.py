"""Dates in Vietnamese plan prose: ``20/01/2016``, ``ngày 4 tháng 2 năm 2016``, ``cuối tháng 12/2015``.

Each date found carries its *cue*, the words before it (``từ``, ``đến hết``, ``trước``...), which say
whether it starts a span, ends one (inclusive), or is a deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from services.core import text

_NUMERIC = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*([/.])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])|(?<!\d)(\d{1,2})-(\d{1,2})-(\d{4})(?!\d)"
)
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|/)\s*(\d{4}))?", re.IGNORECASE)
_MONTH = re.compile(
    r"(cuối|đầu|giữa|trong)?\s*tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})(?!\s*\d)", re.IGNORECASE
)  # a month without a day: "từ cuối tháng 12/2015"
_VAGUE_DAY = {"đầu": 1, "giữa": 15, "cuối": 21, "trong": 1, "": 1}
CUE_CHARS = 90


@dataclass(frozen=True)
class DateRef:
    """A date in a sentence: where, the date, whether its day was only a word (``cuối tháng``), its cue."""

    start: int
    end: int
    day: dt.date
    vague: str
    cue: str  # folded words between the previous date and this one

    @property
    def role(self) -> str:
        """``from``, ``until`` (inclusive), ``before`` (the day itself is excluded) or ``at``."""
        cue = self.cue
        if re.search(r"(?<!\w)tu(?!\w)[^,;]*$", cue) and not re.search(r"(?<!\w)den(?!\w)", cue.split("tu")[-1]):
            return "from"
        if re.search(r"(?<!\w)(den|toi)(?!\w)", cue):
            if "den het" in cue or "be mac" in cue or "ket thuc" in cue:
                return "until"
            if re.search(r"dien ra|khai mac|truoc", cue):
                return "before"
            return "until"
        if re.search(r"(?<!\w)truoc(?!\w)[^,;]*$", cue) or "cham nhat" in cue:
            return "deadline"
        if re.search(r"(?<!\w)sau(?!\w)[^,;]*$", cue):
            return "after"
        return "at"


def _month_end(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def find(sentence: str, year: int, issued: dt.date | None = None) -> list[DateRef]:
    """Every date in ``sentence``; a date without a year takes the next (or previous) date's year, else ``year``.

    ``cuối tháng M/Y`` is read as the issue date when the plan was issued that month (the plan starts
    when it is issued), else the 21st.
    """
    raw: list[tuple[int, int, int | None, int, int | None, str]] = []  # start, end, day, month, year, vague
    taken: list[range] = []
    for match in _NUMERIC.finditer(sentence):
        if match.group(1):
            day, month, yr = int(match.group(1)), int(match.group(3)), match.group(4)
            if match.group(2) == "." and not yr:
                continue  # "1.2" is numbering, not a date
        else:
            day, month, yr = int(match.group(5)), int(match.group(6)), match.group(7)
        raw.append((match.start(), match.end(), day, month, int(yr) if yr else None, ""))
        taken.append(range(match.start(), match.end()))
    for match in _WORDS.finditer(sentence):
        if not any(match.start() in r for r in taken):
            raw.append((match.start(), match.end(), int(match.group(1)), int(match.group(2)), _int(match.group(3)), ""))
            taken.append(range(match.start(), match.end()))
    for match in _MONTH.finditer(sentence):
        if not any(match.start(2) in r for r in taken):
            vague = (match.group(1) or "").lower()
            raw.append((match.start(), match.end(), None, int(match.group(2)), int(match.group(3)), vague or "tháng"))
    raw.sort()
    refs: list[DateRef] = []
    previous_end = 0
    for index, (start, end, day_of, month, given, vague) in enumerate(raw):
        yr = given or _near_year(raw, index) or year
        if day_of is None:
            if vague == "cuối" and issued and (issued.year, issued.month) == (yr, month):
                day_of = issued.day
            else:
                day_of = min(_VAGUE_DAY.get(vague, 1), _month_end(yr, month)) if 1 <= month <= 12 else 0
        try:
            value = dt.date(yr, month, day_of)
        except ValueError:
            continue  # "15/20": not a date
        cue = text.fold(sentence[max(previous_end, start - CUE_CHARS) : start])
        refs.append(DateRef(start, end, value, vague, cue))
        previous_end = end
    return refs


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _near_year(raw: list[tuple[int, int, int | None, int, int | None, str]], index: int) -> int | None:
    for other in [*raw[index + 1 :], *reversed(raw[:index])]:
        if other[4]:
            return other[4]
    return None


def span(refs: list[DateRef]) -> tuple[dt.date | None, dt.date | None]:
    """The (first day, last day) a phrase gives; either may be ``None``."""
    start = end = None
    for ref in refs:
        role = ref.role
        if role == "from" and start is None:
            start = ref.day
        elif role in ("until", "deadline") and end is None:
            end = ref.day
        elif role == "before" and end is None:
            end = ref.day - dt.timedelta(days=1)
        elif role == "after" and start is None:
            start = ref.day + dt.timedelta(days=1)
    if start is None and end is None and len(refs) == 1:
        start = end = refs[0].day
    return start, end
