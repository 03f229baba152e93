"""The strict base every config model shares, and cross-field validation errors."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from services.core import text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Invalid(ValueError):
    """A cross-field problem, with the key path where it is (``themes[3].phase``)."""

    def __init__(self, loc: str, message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _unique(values: list[str], what: str, path: str, paths: list[str] | None = None) -> None:
    for problem in _duplicates(values, what, path, paths):
        raise problem


def _duplicates(values: list[str], what: str, path: str, paths: list[str] | None = None) -> Iterator[_Invalid]:
    """One problem per value whose matching key (``text.key``) was seen before."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        k = text.key(value)
        if k in seen:
            yield _Invalid(path.format(paths[index] if paths else index), f"{what} '{value}' bị trùng")
        seen.add(k)
