"""Parsing of single cells whose meaning does not depend on the plan.

Each parser returns ``(value, error_key)``: ``error_key`` is a key of
``services.core.strings`` when the cell is unusable, else ``None``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

SERIAL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SERIAL = re.compile(r"^\d+(?:\.\d+)?$")
_PLAIN_INT = re.compile(r"^\d+$")
_GROUPED_INT = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def is_blank(value: Any) -> bool:
    """True for an empty cell: ``None``, ``""`` or only whitespace, or NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _from_serial(number: float | int) -> tuple[dt.date | None, str | None]:
    try:
        days = float(number)
    except OverflowError:  # an int too large for a float
        return None, "date_bad"
    if not math.isfinite(days) or days < 1:
        return None, "date_bad"
    try:
        return SERIAL_EPOCH + dt.timedelta(days=math.floor(days)), None
    except OverflowError:
        return None, "date_bad"


def _make(year: int, month: int, day: int) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, "date_impossible"


def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """Read a date cell, day first; serial numbers count days since 1899-12-30."""
    if is_blank(value):
        return None, "date_empty"
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, "date_bad"
    if isinstance(value, (int, float)):
        return _from_serial(value)
    raw = str(value).strip()
    if match := _DMY.match(raw):
        return _make(int(match[4]), int(match[3]), int(match[1]))
    if match := _ISO.match(raw):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if _SERIAL.match(raw):
        return _from_serial(float(raw))
    return None, "date_bad"


def parse_count(value: Any, maximum: int | None = None) -> tuple[int | None, str | None]:
    """Read a non-negative whole number; ``1.200`` and ``1,200`` are 1200.

    A malformed cell is ``count_bad`` (a warning: the count is missing). A number
    above ``maximum``, or infinity/NaN in any form (``1e308``, ``'inf'``,
    ``'1e19'``), is ``count_implausible``: no real activity has that many, so the
    row is an error rather than a figure that breaks every total.
    """
    if isinstance(value, float) and math.isnan(value):
        return None, "count_implausible"  # a NaN number is not a blank cell here
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, "count_bad"
    if isinstance(value, int):
        return _bounded(value, maximum) if value >= 0 else (None, "count_bad")
    if isinstance(value, float):
        if not math.isfinite(value) or (maximum is not None and value > maximum):
            return None, "count_implausible"
        if value >= 0 and value.is_integer():
            return int(value), None
        return None, "count_bad"
    raw = str(value).strip()
    if _PLAIN_INT.match(raw) or _GROUPED_INT.match(raw):
        return _bounded(int(re.sub(r"[.,]", "", raw)), maximum)
    return None, ("count_implausible" if _implausible_text(raw, maximum) else "count_bad")


def _bounded(number: int, maximum: int | None) -> tuple[int | None, str | None]:
    return (None, "count_implausible") if maximum is not None and number > maximum else (number, None)


def _implausible_text(raw: str, maximum: int | None) -> bool:
    """Text Python reads as a number that is infinite, NaN or above ``maximum`` (``1e19``, ``inf``)."""
    try:
        number = float(raw)
    except (ValueError, OverflowError):
        return False
    return not math.isfinite(number) or (maximum is not None and abs(number) > maximum)


def show_number(value: Any, limit: int = 20) -> str:
    """A cell as a message shows it: ``1e+308``, not 309 digits; long text is cut."""
    if isinstance(value, float):
        return format(value, "g")
    shown = parse_text(value)
    if isinstance(value, int) and len(shown) > limit:
        return f"{shown[0]}.{shown[1:4]}e+{len(shown) - 1}"
    return shown if len(shown) <= limit * 2 else shown[: limit * 2] + "…"


def parse_id(value: Any) -> str | None:
    """Read an optional id; numbers typed as 7 or 7.0 are the same id ``7``."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_text(value: Any) -> str:
    """Read a free-text cell as a stripped string (empty for a blank cell)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def format_date(day: dt.date | None) -> str:
    """Show a date the Vietnamese way, ``dd/mm/yyyy``."""
    return day.strftime("%d/%m/%Y") if day else ""
