"""The data-quality tables: one row per problem, counts by kind or column, and filters.

Problems come from the reader (:class:`~services.ingest.reading.reader.Problem`); the
columns have user-facing names, and a problem on a Google Sheet links to its row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from services.core import memo, strings, text
from services.ingest.reading.reader import Dataset, Problem

GOOGLE = "google"  # the ``kind`` of a dataset read from a Google Sheet (ingest/google/source.py)


def sheet_link(data: Dataset, sheet: str, row: int) -> str | None:
    """A link opening the Google Sheet at ``row`` of tab ``sheet``; None for local files."""
    if data.kind != GOOGLE or not data.url or not data.gids:
        return None
    wanted = text.key(sheet)
    gid = next((g for title, g in data.gids.items() if text.key(title) == wanted), None)
    if gid is None:
        return None
    base = data.url.split("#", 1)[0]
    return f"{base}#gid={gid}&range=A{row}"


def problem_rows(data: Dataset, problems: Sequence[Problem], lang: str = "vi") -> pd.DataFrame:
    """One row per problem: where it is, how bad, what is wrong and what to type."""
    col = lambda key: strings.t(key, lang)  # noqa: E731
    frame = pd.DataFrame(
        {
            col("tbl_sheet"): [p.sheet for p in problems],
            col("tbl_row"): [p.row for p in problems],
            col("tbl_column"): [p.column for p in problems],
            col("tbl_message"): [strings.t(p.code, lang, **p.params) for p in problems],
            col("tbl_suggestion"): [p.suggestion or "" for p in problems],
            col("tbl_severity"): [severity_label(p.severity, lang) for p in problems],
            col("tbl_kind"): [kind_label(p.code, lang) for p in problems],
        }
    )
    frame[col("tbl_row")] = frame[col("tbl_row")].astype("int64")
    if data.kind == GOOGLE and data.url and data.gids:  # beside the row: a phone shows it without scrolling
        frame.insert(2, col("tbl_open"), [sheet_link(data, p.sheet, p.row) for p in problems])
    return frame


def severity_label(severity: str, lang: str = "vi") -> str:
    """``error`` or ``warning`` in words."""
    return strings.t(f"severity_{severity}", lang)


def kind_label(code: str, lang: str = "vi") -> str:
    """A short name for a kind of problem (falls back to the code)."""
    label = strings.t(f"kind_{code}", lang)
    return code if label == f"kind_{code}" else label


SEVERITIES = ("error", "warning", "notice")  # services.ingest.reading.records.Severity
_COUNT_HEADER = {"error": "tbl_errors", "warning": "tbl_warnings", "notice": "tbl_notices"}


@memo.by_identity(maxsize=16)
def problem_counts(problems: Sequence[Problem], by: str, lang: str = "vi") -> pd.DataFrame:
    """Errors and warnings (and notices, when there are any) counted by ``kind`` or by ``column``, most first."""
    counts: dict[str, Counter[tuple[str, ...]]] = {severity: Counter() for severity in SEVERITIES}
    for p in problems:
        group = (kind_label(p.code, lang),) if by == "kind" else (p.sheet, p.column)
        counts[p.severity][group] += 1
    names = (
        [strings.t("tbl_kind", lang)] if by == "kind" else [strings.t("tbl_sheet", lang), strings.t("tbl_column", lang)]
    )
    shown = [s for s in SEVERITIES if s != "notice" or counts[s]]  # a notices column only when there are notices
    headers = [strings.t(_COUNT_HEADER[s], lang) for s in shown]
    keys = sorted(set().union(*counts.values()), key=lambda k: (-sum(c[k] for c in counts.values()), k))
    records = [
        {**dict(zip(names, k, strict=True)), **{h: counts[s][k] for s, h in zip(shown, headers, strict=True)}}
        for k in keys
    ]
    return pd.DataFrame.from_records(records, columns=[*names, *headers])


def filter_problems(
    problems: Sequence[Problem],
    sheets: Sequence[str] = (),
    severities: Sequence[str] = (),
    columns: Sequence[str] = (),
) -> list[Problem]:
    """Keep problems matching every non-empty choice."""
    return [
        p
        for p in problems
        if (not sheets or p.sheet in sheets)
        and (not severities or p.severity in severities)
        and (not columns or p.column in columns)
    ]


@memo.by_identity(maxsize=16)
def problem_view(
    data: Dataset,
    sheets: tuple[str, ...] = (),
    severities: tuple[str, ...] = (),
    columns: tuple[str, ...] = (),
    lang: str = "vi",
) -> pd.DataFrame:
    """The problems table for the chosen sheets, severities and columns (shared: read only)."""
    return problem_rows(data, filter_problems(data.problems, sheets, severities, columns), lang)
