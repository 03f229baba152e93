"""Folding: what units type must meet the config's spelling (docs/reading-contract.md §2, wards)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core import text


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Bồ Đề", "Bồ Đề"),
        ("bo de", "Bồ Đề"),
        ("BỒ ĐỀ", "Bồ Đề"),
        ("Bồ  \t Đề ", "Bồ Đề"),  # repeated spaces
        ("BồĐề", "Bồ Đề"),  # key drops spaces altogether
        ("Bồ \u00d0ề", "Bồ Đề"),  # Ð (U+00D0, Icelandic eth) looks like Đ
        ("bồ đề", "Bồ Đề"),
        (unicodedata.normalize("NFD", "Bồ Đề"), "Bồ Đề"),
        ("Ngọc Thuỵ", "Ngọc Thụy"),  # old tone placement
        ("Ngọc Thụy", "Ngọc Thuỵ"),
        ("Hoà", "Hòa"),
        ("Văn hóa - nghệ thuật", "Văn hóa – nghệ thuật"),  # dash variants and spaces around them
        ("Văn hóa-nghệ thuật", "Văn hóa — nghệ thuật"),
        ("\ufeffBồ Đề\u200b", "Bồ Đề"),  # BOM / zero-width space from copy-paste
        ("hoi_nghi_bcv", "Hội nghị BCV"),
    ],
)
def test_key_meets_canonical_spelling(typed: str, canonical: str) -> None:
    assert text.key(typed) == text.key(canonical)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Phúc Lợi", "Phúc Đồng"), ("ND1.1", "ND1.12"), ("Gia Thụy", "Ngọc Thụy")],
)
def test_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert text.key(a) != text.key(b)


@pytest.mark.parametrize(
    ("value", "pieces"),
    [
        ("Bồ Đề; Gia Thụy", ["Bồ Đề", "Gia Thụy"]),
        ("Bồ Đề,Gia Thụy, Long Biên", ["Bồ Đề", "Gia Thụy", "Long Biên"]),
        (" ; , ", []),
        ("", []),
        ("Bồ Đề;;", ["Bồ Đề"]),
    ],
)
def test_split_list(value: str, pieces: list[str]) -> None:
    assert text.split_list(value) == pieces


def test_fold_of_none_and_numbers() -> None:
    assert text.fold(None) == ""
    assert text.key(139) == "139"


def _reference_fold(value: str) -> str:
    """The fold's definition, one character at a time (the module takes a faster path for the same result)."""
    value = value.translate(text._ZERO_WIDTH).translate(text._D_LIKE)
    value = "".join(ch for ch in unicodedata.normalize("NFD", value) if not unicodedata.combining(ch))
    value = text._DASHES.sub("-", value.casefold().replace("_", " "))
    return text._SPACES.sub(" ", value).strip()


VIETNAMESE = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ\u0300\u0301\u034f\u0483"


@given(st.text() | st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -_abc\u200b"))
def test_fold_matches_its_per_character_definition(value: str) -> None:
    assert text.fold(value) == _reference_fold(value)


@given(st.text())
def test_fold_is_idempotent_and_has_no_marks(value: str) -> None:
    folded = text.fold(value)
    assert text.fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.strip()
    assert text.key(unicodedata.normalize("NFD", value)) == text.key(unicodedata.normalize("NFC", value))


# ---------------------------------------------------------------- Markdown escaping (issue 10)

# Everything that starts Markdown/GFM, a Streamlit directive or LaTeX, or an HTML tag or entity.
SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$&=@")
HOSTILE = [
    "[Phiên đã hết hạn, đăng nhập lại](http://evil.example/login)",
    "$x^2$ **bold** _em_ ~~gạch~~",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    ":red[đỏ] :material/warning: :smile:",
    "# tiêu đề\n- mục\n1. số\n> trích\n---\n===",
    "`mã` ``` khối ```",
    "http://evil.example www.evil.example ai@evil.example",
    "![ảnh](http://evil.example/x.png) [a][ref]\n[ref]: http://evil.example",
    "&lt;b&gt; &#91;x&#93;(http://evil.example)",
    "a\\*b\\\\*c*",  # backslashes typed by the user must not unescape what follows
    "| a | b |\n|---|---|",
    "$$\\frac{1}{2}$$",
]


def unescaped_specials(markdown: str) -> list[str]:
    """Markdown-special characters that are not behind a backslash escape."""
    found, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\" and index + 1 < len(markdown):
            index += 2
            continue
        if markdown[index] in SPECIAL:
            found.append(markdown[index])
        index += 1
    return found


def resolved(markdown: str) -> str:
    """The text a Markdown renderer sees once backslash escapes are resolved."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.DOTALL)


def unescape(markdown: str) -> str:
    return resolved(markdown).replace(text.WORD_JOINER, "")


# remark-gfm's autolink literals, matched on the resolved text (mdast-util-gfm-autolink-literal).
GFM_URL = re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+")
GFM_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_leaves_no_markdown_and_keeps_the_text(value: str) -> None:
    escaped = text.md_escape(value)
    assert unescaped_specials(escaped) == []
    assert unescape(escaped) == value
    assert not GFM_URL.search(resolved(escaped)) and not GFM_EMAIL.search(resolved(escaped))


@given(st.text())
def test_md_escape_round_trips_any_text(value: str) -> None:
    escaped = text.md_escape(value)
    assert unescaped_specials(escaped) == []
    assert unescape(escaped) == value.replace(text.WORD_JOINER, "")
    assert not GFM_URL.search(resolved(escaped)) and not GFM_EMAIL.search(resolved(escaped))
    assert "\n" not in text.md_escape(value, one_line=True).replace("\r", "")


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (f"{text._ROOT}config/access.yaml: users.x: sai", "config/access.yaml: users.x: sai"),
        ("/etc/theodoi/secret/sa.json: không đọc được", "sa.json: không đọc được"),
        ("tệp /home/u/data/a b.xlsx hỏng", "tệp a b.xlsx hỏng"),  # only the folders go
        (r"C:\Users\u\key.json: lỗi", "key.json: lỗi"),
        ("xem http://example.org/a/b.html và 10/01/2016", "xem http://example.org/a/b.html và 10/01/2016"),
    ],
)
def test_hide_paths(message: str, shown: str) -> None:
    assert text.hide_paths(message) == shown


def test_public_error_hides_paths_then_escapes() -> None:
    shown = text.public_error(f"{text._ROOT}config/access.yaml: [x](http://evil.example)")
    assert shown == text.md_escape("config/access.yaml: [x](http://evil.example)")
    assert text._ROOT not in shown


@pytest.mark.parametrize(
    ("value", "limit", "shown"),
    [
        ("Tầm vóc, ý nghĩa Đại hội XII", 40, "Tầm vóc, ý nghĩa Đại hội XII"),  # short enough: unchanged
        ("Sự ra đời, trưởng thành của Đảng qua các kỳ Đại hội", 25, "Sự ra đời, trưởng thành…"),
        ("Sự ra đời, trưởng thành của Đảng", 24, "Sự ra đời, trưởng thành…"),  # the cut falls on a space
        ("abcdefghijklmnop", 8, "abcdefg…"),  # one long word: cut inside it
        ("  a   b  ", 5, "a b"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(value: str, limit: int, shown: str) -> None:
    assert text.shorten(value, limit) == shown


@given(st.text(max_size=120), st.integers(min_value=2, max_value=60))
def test_shorten_never_exceeds_the_limit(value: str, limit: int) -> None:
    out = text.shorten(value, limit)
    assert len(out) <= limit
    whole = " ".join(value.split())
    assert out == whole or (out.endswith("…") and len(whole) > limit)
