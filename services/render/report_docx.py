"""Word draft of the results report, in the Party document layout the plan uses.

Header (issuing body | party name), number, place and date, title, body,
"Nơi nhận" and signature block: every name comes from ``plan.document``,
every figure from :mod:`services.figures.report_data` (metrics as of D), every phrase
from :mod:`services.core.strings`. The assessment is left as marked blanks.
"""

from __future__ import annotations

import datetime as dt
import io

from docx.enum.text import WD_ALIGN_PARAGRAPH

from services.core import text
from services.core.config import ALL_PHASES, Plan
from services.figures.report_data import FormTotal, ReportData
from services.ingest.reading import cells
from services.render import docx_writer, docx_xml

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
NO_AUDIENCE = "—"  # participants not recorded for a form (a banner has no audience): not 0


def _date_line(w: docx_writer.Writer, plan: Plan, day: dt.date) -> str:
    return w.t("rpt_date_line", place=plan.document.place, d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)


def _header(w: docx_writer.Writer, plan: Plan, day: dt.date) -> None:
    doc = plan.document
    left, right = w.borderless([7.5, 9])
    w.cell_lines(
        left,
        [
            (doc.issuer_parent, {}),
            (doc.report_issuer, {"bold": True}),
            ("*", {}),
            (w.t("rpt_number", suffix=doc.report_number), {}),
        ],
    )
    w.cell_lines(
        right,
        [(doc.party_name, {"bold": True, "underline": True}), ("", {}), (_date_line(w, plan, day), {"italic": True})],
    )
    w.doc.add_paragraph()
    w.para(doc.report_kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
    w.para(doc.report_subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    w.para("-----", align=WD_ALIGN_PARAGRAPH.CENTER)


def _deployment(w: docx_writer.Writer, plan: Plan, data: ReportData) -> None:
    doc, day = plan.document, data.as_of
    issued = cells.format_date(doc.issued) if doc.issued else ""
    w.para(
        w.t(
            "rpt_intro",
            number=doc.number,
            issued=issued,
            issuer=doc.issuer_name,
            reporter=doc.report_issuer_name,
            as_of=cells.format_date(day),
        )
    )
    w.heading(w.t("rpt_h_deploy", n=ROMAN[0]))
    period = w.t(
        "rpt_period",
        start=cells.format_date(plan.period.start),
        end=cells.format_date(plan.period.end),
        phases=len(plan.phases),
    )
    if plan.peak:
        period += " " + w.t("rpt_peak", start=cells.format_date(plan.peak.start), end=cells.format_date(plan.peak.end))
    w.para(period)
    w.para(
        w.t(
            "rpt_totals",
            as_of=cells.format_date(day),
            units=w.num(data.units_active),
            activities=w.num(data.activities),
            participants=w.num(data.participants),
        )
    )
    for phase in data.phases:
        if phase.key == ALL_PHASES:
            continue
        if phase.started:
            w.bullet(w.t("rpt_phase_count", phase=phase.label, n=w.num(phase.activities)))
        else:
            w.bullet(w.t("rpt_phase_not_started", phase=phase.label))
    w.blank(w.t("rpt_blank_deploy"))


def _by_form(w: docx_writer.Writer, data: ReportData) -> None:
    w.heading(w.t("rpt_h_forms"))
    for form in data.forms:
        if not form.activities:
            w.bullet(w.t("rpt_form_none", form=form.label))
            continue
        parts = [w.t("rpt_form_n", n=w.num(form.activities))]
        if form.participants:
            parts.append(w.t("rpt_form_people", n=w.num(form.participants)))
        if form.quantity and form.quantity_unit:
            parts.append(f"{w.num(form.quantity)} {form.quantity_unit}")
        elif form.quantity:
            parts.append(w.t("rpt_quantity_generic", n=w.num(form.quantity)))
        w.bullet(f"{form.label}: {', '.join(parts)}.")
    header = [w.t("rpt_col_no"), w.t("rpt_col_form"), w.t("rpt_col_activities"), w.t("rpt_col_people")]
    header.append(w.t("rpt_col_quantity"))
    rows = [
        [
            str(i),
            f.label,
            w.num(f.activities),
            _people(w, f),
            f"{w.num(f.quantity)} {f.quantity_unit}".strip() if f.quantity else "",
        ]
        for i, f in enumerate(data.forms, 1)
    ]
    total = [
        "",
        w.t("rpt_total"),
        w.num(data.activities),
        w.num(sum(f.participants for f in data.forms)),
        "",
    ]
    w.table(header, [*rows, total], [1.2, 6.3, 2.4, 2.7, 3.9])


def _people(w: docx_writer.Writer, form: FormTotal) -> str:
    """Participants of a form, or "—" when none of its activities recorded an audience."""
    return w.num(form.participants) if form.audience else NO_AUDIENCE


def _by_ward(w: docx_writer.Writer, plan: Plan, data: ReportData) -> None:
    w.heading(w.t("rpt_h_wards"))
    active = [code for code, tally in data.wards.items() if tally.activities]
    w.para(
        w.t(
            "rpt_wards_covered",
            covered=len(active),
            total=len(data.wards),
            n=w.num(data.district_wide.activities),
            people=w.num(data.district_wide.participants),
        )
    )
    idle = [plan.ward_names[code] for code, tally in data.wards.items() if not tally.activities]
    if idle:
        w.para(w.t("rpt_wards_idle", wards=", ".join(idle)))
    header = [w.t("rpt_col_no"), w.t("rpt_col_ward"), w.t("rpt_col_activities"), w.t("rpt_col_people")]
    rows = [
        [str(i), plan.ward_names[code], w.num(t.activities), w.num(t.participants)]
        for i, (code, t) in enumerate(data.wards.items(), 1)
    ]
    rows.append(
        [
            "",
            w.t("district_wide"),
            w.num(data.district_wide.activities),
            w.num(data.district_wide.participants),
        ]
    )
    w.table(header, rows, [1.2, 8.3, 3.5, 3.5])


def _by_unit(w: docx_writer.Writer, data: ReportData) -> None:
    w.heading(w.t("rpt_h_units"))
    idle = [u.unit for u in data.units if u.unit and not u.activities]
    if idle:
        w.para(w.t("rpt_units_idle", n=len(idle), units=", ".join(idle)))
    header = [w.t("rpt_col_no"), w.t("rpt_col_unit"), w.t("rpt_col_activities"), w.t("rpt_col_people")]
    rows = [
        [str(i), u.unit or w.t("other_unit"), w.num(u.activities), w.num(u.participants)]
        for i, u in enumerate(data.units, 1)
    ]
    w.table(header, rows, [1.2, 8.3, 3.5, 3.5])


def _by_theme(w: docx_writer.Writer, plan: Plan, data: ReportData) -> None:
    w.heading(w.t("rpt_h_themes"))
    for phase in data.phases:
        if phase.key == ALL_PHASES:
            span, label = plan.period, w.t("rpt_all_phases")
        else:
            span, label = plan.phase(phase.key), phase.label
        total = len(phase.covered) + len(phase.not_covered)
        w.para(
            w.t(
                "rpt_theme_phase",
                phase=label,
                start=cells.format_date(span.start),
                end=cells.format_date(span.end),
                covered=len(phase.covered),
                total=total,
            ),
            italic=True,
        )
        if not phase.started:
            w.bullet(w.t("rpt_theme_not_started"))
        for code, theme, n in phase.covered:
            w.bullet(w.t("rpt_theme_covered", code=code, label=theme, n=w.num(n)))
        for code, theme, overdue in phase.not_covered:
            key = "rpt_theme_overdue" if overdue else "rpt_theme_open"
            if phase.started:
                w.bullet(w.t(key, code=code, label=theme))


def _opinions(w: docx_writer.Writer, data: ReportData) -> None:
    w.heading(w.t("rpt_h_opinions"))
    if not data.opinions:
        w.para(w.t("rpt_opinions_none"))
    grouped = data.opinion_units()
    if grouped:
        w.para(w.t("rpt_opinion_summary", n=w.num(len(data.opinions)), units=w.num(len(grouped))))
    for unit in grouped:  # one line per unit, not one per note: the office summarises the content below
        dates = ", ".join(dict.fromkeys(f"{day:%d/%m}" for day in unit.dates))  # oldest first, each day once
        w.bullet(w.t("rpt_opinion_unit", unit=unit.unit, n=w.num(unit.count), dates=dates))
    w.blank(w.t("rpt_blank_opinions"))


def _reports(w: docx_writer.Writer, plan: Plan, data: ReportData) -> None:
    w.heading(w.t("rpt_h_reports", n=ROMAN[2]))
    done = data.completeness  # the one definition (services/figures/reporting.py)
    groups: dict[str, list[str]] = {"on_time": [], "late": [], "pending": [], "missing": []}
    for status in done.units:  # worst first, plan order within a status
        when = f" ({cells.format_date(status.submitted)})" if status.submitted else ""
        groups[status.status].append(status.unit + when)
    w.para(
        w.t(
            "rpt_reports_summary",
            deadline=cells.format_date(done.deadline),
            as_of=cells.format_date(done.as_of),
            expected=done.expected,
            on_time=done.on_time,
            late=done.late,
            pending=done.pending,
            missing=done.missing,
        )
    )
    for kind, names in groups.items():
        if names:
            w.bullet(f"{w.t('report_' + kind)}: {', '.join(names)}.")


def _closing(w: docx_writer.Writer, plan: Plan) -> None:
    w.heading(w.t("rpt_h_assess", n=ROMAN[3]))
    w.para(w.t("rpt_h_strengths"), italic=True)
    w.blank(w.t("rpt_blank_strengths"))
    w.para(w.t("rpt_h_limits"), italic=True)
    w.blank(w.t("rpt_blank_limits"))
    w.heading(w.t("rpt_h_next", n=ROMAN[4]))
    w.blank(w.t("rpt_blank_next"))
    w.heading(w.t("rpt_h_proposals", n=ROMAN[5]))
    w.blank(w.t("rpt_blank_proposals"))
    doc = plan.document
    left, right = w.borderless([7.5, 9])
    recipients: list[tuple[str, dict[str, bool | int]]] = [
        (w.t("rpt_recipients"), {"bold": True, "italic": True, "left": True, "size": 12})
    ]
    recipients += [(f"- {name}", {"left": True, "size": 11}) for name in doc.report_recipients]
    w.cell_lines(left, recipients)
    signature: list[tuple[str, dict[str, bool | int]]] = []
    if doc.signer_on_behalf:
        signature.append((doc.signer_on_behalf, {"bold": True, "size": 14}))
    signature.append((doc.signer_title, {"bold": True, "size": 14}))
    signature += [("", {}), ("", {}), ("", {})]
    signature.append((doc.signer_name or w.t("rpt_signer_blank"), {"bold": bool(doc.signer_name), "size": 14}))
    w.cell_lines(right, signature)


def build(plan: Plan, data: ReportData, lang: str = "vi", note: str = "") -> bytes:
    """The Word draft (.docx bytes) of the results report for the figures in ``data`` (``note`` under the title).

    A filed document: page numbers in the footer, table headers repeated on each page, no
    word about the dashboard or its data checks in the body. Figures as of D (docs/reading-contract.md §3).
    """
    w = docx_writer.Writer(lang)
    w.doc.core_properties.title = text.nfc(plan.document.report_title)
    w.doc.core_properties.subject = text.nfc(plan.document.report_subject)
    _header(w, plan, data.as_of)
    if note:
        w.para(note, italic=True, bold=True)
    _deployment(w, plan, data)
    w.heading(w.t("rpt_h_results", n=ROMAN[1]))
    _by_form(w, data)
    _by_ward(w, plan, data)
    _by_unit(w, data)
    _by_theme(w, plan, data)
    _opinions(w, data)
    _reports(w, plan, data)
    _closing(w, plan)
    for table in w.doc.tables:
        docx_xml.repeat_header(table)
    docx_xml.page_number_footer(w.doc, docx_writer.TABLE_PT)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
