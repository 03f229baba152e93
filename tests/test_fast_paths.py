"""The reader's fast paths (issue 14) give what the plain definitions give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core import text
from services.core.config import Plan
from services.ingest.reading import records, vocab
from services.ingest.reading.records import Activity
from testkit import citywide

_D_LIKE = "đĐÐðɖƉ"
_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"


def _plain_fold(value: str) -> str:
    """docs: case, diacritics, đ look-alikes, zero-width characters, dashes and repeated spaces folded."""
    value = "".join("" if ch in _ZERO_WIDTH else "d" if ch in _D_LIKE else ch for ch in value)
    value = "".join(ch for ch in unicodedata.normalize("NFD", value) if not unicodedata.combining(ch))
    value = re.sub(r"\s*[-‐‑‒–—―−]\s*", "-", value.casefold().replace("_", " "))
    return re.sub(r"\s+", " ", value).strip()


_LETTERS = "aàảãáạăằắặâầấậeêệoơờớợuưừứựyỳỵ AĂÂBĐ_-–—,;\n\t\u0301\u0323İß"
_ALPHABET = st.sampled_from(list(_LETTERS + _D_LIKE + _ZERO_WIDTH))


@given(st.text(_ALPHABET, max_size=20))
def test_fold_is_the_plain_definition(value: str) -> None:
    assert text.fold(value) == _plain_fold(value)


@given(st.text(_ALPHABET, max_size=12), st.text(_ALPHABET, max_size=12))
def test_the_key_of_a_joined_text_is_its_pieces_keys_joined(left: str, right: str) -> None:
    """What the themes reader relies on to key a label split by separators from its pieces' cached keys."""
    assert text.key(left + right) == text.key(left) + text.key(right)


@pytest.fixture(scope="module")
def city_plan() -> Plan:
    plan, _ = citywide.build_plan(citywide.SEED)
    return plan


def _theme_cells(plan: Plan) -> list[str]:
    themes = plan.themes
    cells = [f"{t.code} – {t.label}" for t in themes] + [t.label for t in themes] + [t.label.upper() for t in themes]
    cells += [f"{a.code} – {a.label}, {b.code}; {b.label}, lạ" for a, b in itertools.pairwise(themes)]
    return [*cells, "ND1.12", "PB, ND9", "Bồ Đề", ""]


def _ward_cells(plan: Plan) -> list[str]:
    names = [w.name for w in plan.wards[:40]]
    return [*(f"P. {n[:-1]}, {m}" for n, m in itertools.pairwise(names)), "Toàn quận; xyz", "Bo De"]


def test_memoised_vocabulary_reads_each_cell_as_a_fresh_one(city_plan: Plan) -> None:
    """Cells share pieces (labels, typos): what the memos give equals a first reading, in any order."""
    themes, wards = _theme_cells(city_plan), _ward_cells(city_plan)
    fresh_themes = [vocab.Vocabulary(city_plan).themes(cell) for cell in themes]
    fresh_wards = [vocab.Vocabulary(city_plan).wards(cell) for cell in wards]
    shared = vocab.Vocabulary(city_plan)
    for order in (list(range(len(themes))), random.Random(3).sample(range(len(themes)), len(themes))):
        assert [shared.themes(themes[i]) for i in order] == [fresh_themes[i] for i in order]
    for order in (list(range(len(wards))), random.Random(4).sample(range(len(wards)), len(wards))):
        assert [shared.wards(wards[i]) for i in order] == [fresh_wards[i] for i in order]
    assert any(match.codes for match in fresh_themes[: len(city_plan.themes)])  # the labels are found at all


def test_activities_filled_slot_by_slot_are_the_dataclass_s_own() -> None:
    rows = [
        [2, "HĐ1", dt.date(2016, 1, 6), "Đoàn phường", "Đoàn phường", ("10001",), False, "hoi_nghi", ("ND1.1",),
         "Hội nghị", 120, None, "", "Lan", "", 0],
        [3, None, dt.date(2016, 1, 7), None, "Hội lạ", (), True, "bao_chi", (), "Tin", None, 3, "x", "", "n", 2],
    ]  # fmt: skip
    made = records.activities_from_columns([list(column) for column in zip(*rows, strict=True)])
    assert made == [Activity(*row) for row in rows]
    assert [hash(a) for a in made] == [hash(Activity(*row)) for row in rows]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].title = "changed"  # type: ignore[misc]
