"""Matching what units type against the plan's wards, forms, units and themes.

Built once per plan. Matching is exact on the folded key (see ``services.core.text``);
fuzzy matching only proposes a suggestion for an error message and never
accepts a value silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from services.core import text
from services.core.config import Plan

SUGGEST_CUTOFF = 75
_MAX_CACHE = 200_000  # a long-running server must not grow without bound


@dataclass(frozen=True)
class WardMatch:
    """The result of reading a ward cell."""

    codes: tuple[str, ...]
    district_wide: bool
    bad: tuple[str, ...]  # tokens that matched nothing
    suggestions: tuple[str | None, ...]


@dataclass(frozen=True)
class ThemeMatch:
    """The result of reading a themes cell: known codes and unknown tokens."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...]


class Vocabulary:
    """Lookups for one plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._wards = {text.key(w.name): w.code for w in plan.wards}
        self._wards.update({text.key(w.code): w.code for w in plan.wards})
        self._district = {text.key(v) for v in plan.district_wide}
        self._prefixes = sorted((text.fold(p) for p in plan.ward_prefixes), key=len, reverse=True)
        self._ward_display = {text.fold(w.name): w.name for w in plan.wards}
        self._ward_display.update({text.fold(v): v for v in plan.district_wide})
        self._forms: dict[str, str] = {}
        self._form_display: dict[str, str] = {}
        for form in plan.forms:
            for name in (form.key, form.label, *form.aliases):
                self._forms[text.key(name)] = form.key
                self._form_display[text.fold(name)] = form.label
        self._units: dict[str, str] = {}
        self._unit_display: dict[str, str] = {}
        for unit in plan.units:
            for name in (unit.name, *unit.aliases):
                self._units[text.key(name)] = unit.name
                self._unit_display[text.fold(name)] = unit.name
        self._theme_codes = sorted(
            ((text.key(t.code), t.code) for t in plan.themes), key=lambda p: len(p[0]), reverse=True
        )
        self._theme_labels = {text.key(t.label): t.code for t in plan.themes}
        self._token_cache: dict[str, str | None] = {}
        self._theme_cache: dict[str, str | None] = {}
        self._theme_label_of = {t.code: text.key(t.label) for t in plan.themes}
        self._theme_order = {t.code: i for i, t in enumerate(plan.themes)}
        self._label_ends = tuple(self._theme_labels)  # a whole label, with or without its code, ends with one
        self._whole_cache: dict[str, str | None] = {}
        self._suggestion_cache: dict[str, str | None] = {}
        # Labels that contain a separator would be cut by splitting: rejoin up to this many pieces.
        self._label_pieces = max(len(re.findall(r"[;,]", t.label)) + 1 for t in plan.themes)

    @staticmethod
    def _suggest(value: str, display: dict[str, str]) -> str | None:
        folded = text.fold(value)
        found = process.extractOne(folded, list(display), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
        # A long shared prefix ("Đảng ủy phường ...") inflates the ratio: also cap the edits.
        if not found or Levenshtein.distance(folded, found[0]) > max(3, len(folded) // 6):
            return None
        return display[found[0]]

    def _ward_token(self, token: str) -> str | None:
        """Return a ward code, ``""`` for district-wide, or ``None`` (memoised: cells combine few tokens)."""
        try:
            return self._token_cache[token]
        except KeyError:
            code = self._token_cache[token] = self._match_ward_token(token)
            return code

    def _match_ward_token(self, token: str) -> str | None:
        k = text.key(token)
        if k in self._district:
            return ""
        if k in self._wards:
            return self._wards[k]
        folded = text.fold(token)
        for prefix in self._prefixes:
            if folded.startswith(prefix) and len(folded) > len(prefix):
                rest = folded[len(prefix) :]
                if prefix[-1].isalpha() and rest[0].isalnum():
                    continue  # "P" must not eat the "P" of "Phúc Lợi"
                if (code := self._wards.get(text.key(rest))) is not None:
                    return code
        return None

    def _suggest_ward(self, token: str) -> str | None:
        """The ward ``token`` probably means (memoised: the same typo comes back in many cells)."""
        try:
            return self._suggestion_cache[token]
        except KeyError:
            if len(self._suggestion_cache) > _MAX_CACHE:
                self._suggestion_cache.clear()
            found = self._suggestion_cache[token] = self._match_suggest_ward(token)
            return found

    def _match_suggest_ward(self, token: str) -> str | None:
        folded = text.fold(token)
        for prefix in self._prefixes:
            if folded.startswith(prefix) and len(folded) > len(prefix):
                found = self._suggest(folded[len(prefix) :], self._ward_display)
                if found:
                    return found
        return self._suggest(token, self._ward_display)

    def wards(self, cell: str) -> WardMatch:
        """Read a ward cell: one or more wards or a district-wide marker."""
        codes: list[str] = []
        district = False
        bad: list[str] = []
        for token in text.split_list(cell):
            code = self._ward_token(token)
            if code is None:
                bad.append(token)
            elif code == "":
                district = True
            elif code not in codes:
                codes.append(code)
        suggestions = tuple(self._suggest_ward(b) for b in bad) if bad else ()
        return WardMatch(tuple(codes), district, tuple(bad), suggestions)

    def form(self, cell: str) -> str | None:
        """Return the form key a cell names (key, label or alias), else ``None``."""
        return self._forms.get(text.key(cell))

    def suggest_form(self, cell: str) -> str | None:
        return self._suggest(cell, self._form_display)

    def unit(self, cell: str) -> str | None:
        """Return the canonical unit name a cell names, else ``None``."""
        return self._units.get(text.key(cell))

    def suggest_unit(self, cell: str) -> str | None:
        return self._suggest(cell, self._unit_display)

    def _theme_token(self, token: str) -> str | None:
        try:
            return self._theme_cache[token]
        except KeyError:
            code = self._theme_cache[token] = self._match_theme_token(token)
            return code

    def _match_theme_token(self, token: str) -> str | None:
        k = text.key(token)
        if k in self._theme_labels:
            return self._theme_labels[k]
        for code_key, code in self._theme_codes:
            if k.startswith(code_key) and _code_boundary(code_key, k[len(code_key) :]):
                return code
        return None

    def _whole_label(self, k: str) -> str | None:
        """The theme whose full label (optionally after its code) has the key ``k`` (memoised: cells share pieces)."""
        try:
            return self._whole_cache[k]
        except KeyError:
            if len(self._whole_cache) > _MAX_CACHE:
                self._whole_cache.clear()
            code = self._whole_cache[k] = self._match_whole_label(k)
            return code

    def _match_whole_label(self, k: str) -> str | None:
        if k in self._theme_labels:
            return self._theme_labels[k]
        if not k.endswith(self._label_ends):  # in C: most joined pieces are no label at all
            return None
        for code_key, code in self._theme_codes:
            if k.startswith(code_key) and k[len(code_key) :].lstrip("-:.") == self._theme_label_of[code]:
                return code
        return None

    def _label_from(self, parts: list[str], i: int) -> tuple[str | None, int]:
        """A label with separators inside, spanning tokens ``i..end-1``: (its code, end); else (None, i + 1)."""
        tokens = (len(parts) + 1) // 2
        for j in range(min(tokens, i + self._label_pieces), i + 1, -1):
            # Tokens i..j-1 with their separators. The key of a text is its pieces' keys joined (each
            # character folds on its own, spaces and line breaks drop out): the pieces' keys are cached.
            code = self._whole_label("".join(map(text.key, parts[2 * i : 2 * j - 1])))
            if code is not None:
                return code, j
        return None, i + 1

    def themes(self, cell: str) -> ThemeMatch:
        """Read a themes cell: codes found, and tokens that matched nothing."""
        parts = re.split(r"([;,\r\n])", cell)  # line breaks too, as text.split_list does
        tokens = parts[0::2]
        codes: list[str] = []
        unknown: list[str] = []
        i = 0
        while i < len(tokens):
            code, end = self._label_from(parts, i)
            token = tokens[i].strip()
            if code is None and token:
                code = self._theme_token(token)
                if code is None:
                    unknown.append(token)
            if code is not None and code not in codes:
                codes.append(code)
            i = end
        return ThemeMatch(tuple(sorted(codes, key=self._theme_order.__getitem__)), tuple(unknown))


def _code_boundary(code_key: str, rest: str) -> bool:
    """True when ``rest`` does not continue the code (``ND1.1`` is not ``ND1.12``)."""
    if not rest:
        return True
    first = rest[0]
    if first.isdigit():
        return False
    if first == "." and rest[1:2].isdigit():
        return False
    return not (first.isalpha() and code_key[-1].isalpha())


_CACHE: dict[int, tuple[Plan, Vocabulary]] = {}


def for_plan(plan: Plan) -> Vocabulary:
    """Return the vocabulary of a plan, built once per plan object."""
    hit = _CACHE.get(id(plan))
    if hit is None or hit[0] is not plan:
        hit = (plan, Vocabulary(plan))
        _CACHE[id(plan)] = hit
    return hit[1]
