"""The downloadable documents, made the same way by the CLI and the pages.

``pdf`` is the meeting brief, ``docx`` the Word draft of the results report,
``xlsx`` the data tables (activities, problems, per ward, per unit).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from services.core import strings, text
from services.core.config import Plan
from services.figures import brief, metrics, quality, report_data, tables
from services.ingest.reading.reader import Activity, Dataset
from services.render import exports, pdf, report_docx

Format = Literal["pdf", "docx", "xlsx"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "xlsx")
MIME: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def ward_frame(plan: Plan, counted: Sequence[Activity], lang: str = "vi") -> pd.DataFrame:
    """Per configured ward (then district-wide): activities and participants."""
    t = lambda key: strings.t(key, lang)  # noqa: E731
    wards = metrics.ward_coverage(plan, counted)
    wide = metrics.district_wide(counted)
    codes = [*wards, ""]
    names = [plan.ward_names[c] for c in wards] + [t("district_wide")]
    tallies = [*wards.values(), wide]
    return pd.DataFrame(
        {
            t("xlsx_ward_code"): codes,
            t("rpt_col_ward"): names,
            t("rpt_col_activities"): [x.activities for x in tallies],
            t("rpt_col_people"): [x.participants for x in tallies],
        }
    )


def workbook(plan: Plan, data: Dataset, activities: Sequence[Activity], day: dt.date, lang: str = "vi") -> bytes:
    """The four data tables as of ``day`` in one .xlsx, formula-like text defused."""
    counted = metrics.counted(activities, day)
    sheets = {
        strings.t("xlsx_activities", lang): tables.activities_table(plan, counted, lang),
        strings.t("xlsx_problems", lang): quality.problem_rows(data, data.problems, lang),
        strings.t("xlsx_wards", lang): ward_frame(plan, counted, lang),
        strings.t("xlsx_units", lang): tables.unit_rows(plan, counted, data.reports, day, lang),
    }
    return exports.to_xlsx_bytes(sheets)


def render(
    fmt: Format,
    plan: Plan,
    data: Dataset,
    day: dt.date,
    lang: str = "vi",
    activities: Sequence[Activity] | None = None,
    note: str = "",
) -> bytes:
    """One document as bytes; ``activities`` defaults to every valid activity of ``data``.

    ``note`` (e.g. which sidebar filters narrowed ``activities``) is printed in the PDF and the report.
    """
    rows = data.activities if activities is None else activities
    if fmt == "pdf":
        made = brief.build(plan, rows, data.reports, day, lang, blocked=data.blocked)
        return pdf.build(plan, made, lang, note=note, read_at=data.read_at, stale=bool(data.stale_reason))
    if fmt == "docx":
        figures = report_data.build(plan, rows, data.reports, day)
        return report_docx.build(plan, figures, lang=lang, note=note)
    return workbook(plan, data, rows, day, lang)


def filename(fmt: Format, plan: Plan, day: dt.date) -> str:
    """An ASCII file name such as ``bao-cao-kh-17-kh-qu-2016-01-15.docx``."""
    kind = {"pdf": "ban-tin-hop-nhanh", "docx": "bao-cao", "xlsx": "so-lieu"}[fmt]
    slug = re.sub(r"[^a-z0-9]+", "-", text.fold(plan.short_name)).strip("-") or "ke-hoach"
    return f"{kind}-{slug}-{day.isoformat()}.{fmt}"
