"""The review report of a drafted plan: each field found (with its source line), defaulted (why) or missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.core import strings

STATUSES = ("found", "defaulted", "missing")


@dataclass(frozen=True)
class Entry:
    field: str
    value: str
    status: str  # one of STATUSES
    line: int | None = None
    note: str = ""  # a strings key (plan_note_*) or ""
    params: tuple[tuple[str, object], ...] = ()


@dataclass
class Review:
    """Entries in the order the draft made them."""

    entries: list[Entry] = field(default_factory=list)

    def found(self, name: str, value: object, line: int | None) -> None:
        self.entries.append(Entry(name, _short(value), "found", line))

    def defaulted(self, name: str, value: object, note: str, line: int | None = None, **params: object) -> None:
        self.entries.append(Entry(name, _short(value), "defaulted", line, note, tuple(params.items())))

    def missing(self, name: str, note: str, **params: object) -> None:
        self.entries.append(Entry(name, "", "missing", None, note, tuple(params.items())))

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    def render(self, source: str, out: str, lang: str = "vi") -> str:
        """The report as Markdown: counts, then one table row per field."""
        t = strings.t
        counts = {s: self.count(s) for s in STATUSES}
        lines = [
            f"# {t('plan_review_title', lang, source=source)}",
            "",
            t("plan_review_intro", lang, out=out, **counts),
            "",
            f"| {t('plan_review_field', lang)} | {t('plan_review_value', lang)} | {t('plan_review_status', lang)} "
            f"| {t('plan_review_line', lang)} | {t('plan_review_note', lang)} |",
            "|---|---|---|---|---|",
        ]
        for entry in self.entries:
            note = t(entry.note, lang, **dict(entry.params)) if entry.note else ""
            cells = [entry.field, entry.value, t(f"plan_review_{entry.status}", lang), str(entry.line or ""), note]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"


def _short(value: object, width: int = 90) -> str:
    shown = str(value)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
