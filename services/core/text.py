"""Vietnamese-aware text folding used to match what units type to config values.

Folding removes case, diacritics (including tone placement differences such as
``Thuỵ``/``Thụy``), the letter đ in all its look-alikes, Unicode normal forms,
dash variants and repeated spaces. ``key`` additionally drops spaces, so that
``Bồ Đề``, ``bo de`` and ``BỒĐỀ`` meet.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_D_LIKE = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ɖ": "d", "Ɖ": "d"})
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_SPACES = re.compile(r"\s+")
_ZERO_WIDTH = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})
_INVISIBLE_AND_D = {**_ZERO_WIDTH, **_D_LIKE}  # one pass: neither table makes what the other takes
# Vietnamese tone and vowel marks after NFD are all in the Combining Diacritical Marks block: one
# regex pass removes them much faster than a per-character test (anything left that is not ASCII
# gets the full test). Built from unicodedata so it removes exactly what that test removes.
_COMBINING_DIACRITICS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+"
)
_LIST_SEPARATORS = re.compile(r"[;,\r\n]")


def fold(value: object) -> str:
    """Return a lower-case, diacritic-free, space-collapsed form of ``value``."""
    return _fold("" if value is None else str(value))


# Sheets repeat the same ward, unit and theme texts thousands of times: fold each once.
@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    text = text.translate(_INVISIBLE_AND_D)
    text = _COMBINING_DIACRITICS.sub("", unicodedata.normalize("NFD", text))
    if not text.isascii():
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
    # Line breaks (docs/reading-contract.md §2): a cell typed one value per line must not glue values together.
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


# Every ASCII character that starts Markdown, GFM, Streamlit directive (:red[..], :icon:) or
# LaTeX ($..$) syntax; CommonMark lets any ASCII punctuation be backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=@])")
# Streamlit's Markdown (remark-gfm) turns http(s)://, www. and e-mail addresses into links by a
# regular expression over the text *after* escapes are resolved, so a backslash cannot stop it:
# an invisible WORD JOINER where those patterns start does.
_AUTOLINK = re.compile(r"(?i)(https?)(?=:)|(www)(?=\.)|(@)")
WORD_JOINER = "\u2060"
_ROOT = str(Path(__file__).resolve().parents[2]) + os.sep
# An absolute path not preceded by a word, dot, colon or slash (so URLs are left alone).
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/\\])(?:/|[A-Za-z]:\\)(?:[^\s/\\:'\"]+[/\\])+(?=[^\s/\\:'\"])")


def md_escape(value: object, one_line: bool = False) -> str:
    """``value`` as Markdown that shows it literally: no link, emphasis, directive, HTML or math.

    The one escaping helper for user, sheet and URL text that reaches ``st.markdown``,
    ``st.caption``, ``st.error`` and the like. Web and e-mail addresses get an invisible
    :data:`WORD_JOINER` so they are not auto-linked. ``one_line`` also turns line breaks into spaces.
    """
    plain = "" if value is None else str(value)
    out = _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, plain))
    return " ".join(out.splitlines()) if one_line else out


def hide_paths(message: str) -> str:
    """``message`` without absolute paths: project files relative to the project, others by name."""
    return _ABSOLUTE_PATH.sub("", message.replace(_ROOT, ""))


def public_error(message: object) -> str:
    """An error message fit for any page: paths hidden, Markdown escaped."""
    return md_escape(hide_paths(str(message)))


def format_int(value: int, lang: str = "vi") -> str:
    """A whole number with thousands grouped, the one format everywhere: ``7.060`` (vi), ``7,060`` (en)."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def shorten(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    value = _SPACES.sub(" ", value).strip()
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    if " " in head and not value[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.-–") + "…"
