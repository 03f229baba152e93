"""The shared sheet's tabs and columns (``config/sheet.yaml``)."""

from __future__ import annotations

from typing import Literal

from services.core.config.model import _Model

ColumnKind = Literal["id", "date", "unit", "wards", "form", "themes", "text", "count"]
TabKey = Literal["activities", "reports"]


class Column(_Model):
    key: str
    header: str
    kind: ColumnKind
    required: bool = False


class Tab(_Model):
    title: str
    aliases: list[str] = []
    columns: list[Column]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class SheetSchema(_Model):
    """The shared sheet's tabs and columns."""

    tabs: dict[TabKey, Tab]
