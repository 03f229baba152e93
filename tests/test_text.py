"""Folding: what units type must meet the config's spelling (SPEC §3, ward matching)."""

from __future__ import annotations

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


@given(st.text())
def test_fold_is_idempotent_and_has_no_marks(value: str) -> None:
    folded = text.fold(value)
    assert text.fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.strip()
    assert text.key(unicodedata.normalize("NFD", value)) == text.key(unicodedata.normalize("NFC", value))


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
