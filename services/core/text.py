"""Vietnamese-aware text folding used to match what units type to config values.

Folding removes case, diacritics (including tone placement differences such as
``Thuỵ``/``Thụy``), the letter đ in all its look-alikes, Unicode normal forms,
dash variants and repeated spaces. ``key`` additionally drops spaces, so that
``Bồ Đề``, ``bo de`` and ``BỒĐỀ`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_D_LIKE = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ɖ": "d", "Ɖ": "d"})
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_SPACES = re.compile(r"\s+")
_ZERO_WIDTH = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


def fold(value: object) -> str:
    """Return a lower-case, diacritic-free, space-collapsed form of ``value``."""
    return _fold("" if value is None else str(value))


# Sheets repeat the same ward, unit and theme texts thousands of times: fold each once.
@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    text = text.translate(_ZERO_WIDTH).translate(_D_LIKE)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("_", " ")
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def key(value: object) -> str:
    """Return the matching key of ``value``: its fold without any spaces."""
    return fold(value).replace(" ", "")


def nfc(value: object) -> str:
    """Return ``value`` as NFC text (the form documents and exports need)."""
    return unicodedata.normalize("NFC", "" if value is None else str(value))


def split_list(value: str) -> list[str]:
    """Split a multi-value cell on ``;`` and ``,`` (and line breaks); drop empty pieces."""
    # Line breaks are not in SPEC, but a cell typed one value per line must not glue values together.
    return [part.strip() for part in re.split(r"[;,\r\n]", value) if part.strip()]


def shorten(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    value = _SPACES.sub(" ", value).strip()
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    if " " in head and not value[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.-–") + "…"
