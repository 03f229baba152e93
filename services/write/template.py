"""The shared sheet's template: setup requests for Google Sheets and a .xlsx file.

Both come from the same config: header rows from ``sheet.yaml``, dropdowns
from the plan (wards plus the district-wide markers, forms, units, and themes
as ``CODE – label``), date validation, non-negative counts. Building the Google
requests is a pure function of the sheet's current state, so running setup
twice sends nothing the second time, and no request ever writes a data row.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.core import strings
from services.core.config import Column, Plan, SheetSchema, Tab
from services.core.errors import SheetAccessError
from services.ingest import google as sheets
from services.ingest.reading import headers

DASH = " – "
DATE_PATTERN = "dd/mm/yyyy"
DATE_FORMAT = {"type": "DATE", "pattern": DATE_PATTERN}
NEW_TAB_ROWS = 1000
LIST_KINDS = ("wards", "form", "unit", "themes")


def _clean(label: str) -> str:
    """A label safe inside a multi-value cell: no ``,`` or ``;`` (chips are joined with ``, ``)."""
    first = label.split(";")[0]
    return re.sub(r"\s*,\s*", " / ", first).strip()


def theme_option(plan: Plan, code: str) -> str:
    """The dropdown value of a theme: ``ND1.3 – Thành tựu 30 năm đổi mới``."""
    theme = next(t for t in plan.themes if t.code == code)
    return f"{theme.code}{DASH}{_clean(theme.label)}"


def options(plan: Plan) -> dict[str, list[str]]:
    """Dropdown values by column kind; each one reads back as itself under the reader's rules."""
    return {
        "wards": [w.name for w in plan.wards] + list(plan.district_wide),
        "form": [f.label for f in plan.forms],
        "unit": [u.name for u in plan.units],
        "themes": [theme_option(plan, t.code) for t in plan.themes],
    }


def rule_for(column: Column, plan: Plan, lang: str = "vi") -> dict[str, Any] | None:
    """The Google data-validation rule of a column (never strict: units type freely, the reader checks)."""
    if column.kind in LIST_KINDS:
        values = [{"userEnteredValue": v} for v in options(plan)[column.kind]]
        rule: dict[str, Any] = {"condition": {"type": "ONE_OF_LIST", "values": values}, "showCustomUi": True}
        if column.kind in ("wards", "themes"):
            rule["inputMessage"] = strings.t("setup_hint_list", lang)
        return rule
    if column.kind == "date":
        return {"condition": {"type": "DATE_IS_VALID"}, "inputMessage": strings.t("setup_hint_date", lang)}
    if column.kind == "count":
        condition = {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]}
        return {"condition": condition, "inputMessage": strings.t("setup_hint_count", lang)}
    return None


def _same_rule(current: Mapping[str, Any] | None, wanted: Mapping[str, Any]) -> bool:
    """Compare rules as Google returns them (false/empty fields omitted)."""
    if not current:
        return False
    keys = ("condition", "inputMessage", "strict", "showCustomUi")
    return all((current.get(k) or None) == (wanted.get(k) or None) for k in keys)


@dataclass
class TabState:
    """What setup needs to know about one existing tab."""

    sheet_id: int
    title: str
    header: list[str]
    frozen: int = 0
    column_count: int = 26
    validations: dict[int, dict[str, Any]] = field(default_factory=dict)  # column -> rule on row 2
    formats: dict[int, dict[str, Any]] = field(default_factory=dict)  # column -> numberFormat on row 2
    header_protected: bool = False


def state_from_metadata(meta: Mapping[str, Any], schema: SheetSchema) -> dict[str, TabState | None]:
    """Read ``spreadsheets.get`` (with grid data for rows 1-2 of our tabs) into tab states."""
    by_title = {s["properties"]["title"]: s for s in meta.get("sheets", [])}
    states: dict[str, TabState | None] = {}
    for key, tab in schema.tabs.items():
        title = headers.match_tab(list(by_title), tab)
        if title is None:
            states[key] = None
            continue
        sheet = by_title[title]
        props = sheet["properties"]
        grid = props.get("gridProperties", {})
        rows = [row.get("values", []) for data in sheet.get("data", []) for row in data.get("rowData", [])]
        header = [_cell_text(c) for c in rows[0]] if rows else []
        second = rows[1] if len(rows) > 1 else []
        sheet_id = int(props.get("sheetId", 0))
        states[key] = TabState(
            sheet_id=sheet_id,
            title=title,
            header=header,
            frozen=int(grid.get("frozenRowCount", 0)),
            column_count=int(grid.get("columnCount", 26)),
            validations={i: c["dataValidation"] for i, c in enumerate(second) if c.get("dataValidation")},
            formats={
                i: c["userEnteredFormat"]["numberFormat"]
                for i, c in enumerate(second)
                if c.get("userEnteredFormat", {}).get("numberFormat")
            },
            header_protected=any(
                _is_header_range(p.get("range", {}), sheet_id) for p in sheet.get("protectedRanges", [])
            ),
        )
    return states


def _cell_text(cell: Mapping[str, Any]) -> str:
    value = cell.get("userEnteredValue") or cell.get("effectiveValue") or {}
    return str(next(iter(value.values()), "")) if value else str(cell.get("formattedValue", ""))


def _is_header_range(grid: Mapping[str, Any], sheet_id: int) -> bool:
    return (
        int(grid.get("sheetId", 0)) == sheet_id
        and int(grid.get("startRowIndex", 0)) == 0
        and int(grid.get("endRowIndex", -1)) == 1
    )


def _column_range(sheet_id: int, column: int) -> dict[str, int]:
    """Rows 2 to the end of one column: data rows get rules, never values."""
    return {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": column, "endColumnIndex": column + 1}


def _header_cells(sheet_id: int, column: int, names: list[str]) -> dict[str, Any]:
    cells = [
        {"userEnteredValue": {"stringValue": n}, "userEnteredFormat": {"textFormat": {"bold": True}}} for n in names
    ]
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": column},
            "rows": [{"values": cells}],
            "fields": "userEnteredValue,userEnteredFormat.textFormat.bold",
        }
    }


def _tab_requests(tab: Tab, state: TabState, plan: Plan, lang: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    positions = headers.map_header(state.header, tab)
    if not positions and any(h.strip() for h in state.header):
        # Row 1 holds something that is not our header (data?): never write over it.
        columns = ", ".join(f"'{c.header}'" for c in tab.columns if c.required)
        raise SheetAccessError(strings.t("sheet_headers_renamed", lang, tab=state.title, columns=columns))
    missing = [c for c in tab.columns if c.key not in positions]
    if missing:
        used = max((i + 1 for i, h in enumerate(state.header) if h.strip()), default=0)
        needed = used + len(missing) - state.column_count
        if needed > 0:
            out.append({"appendDimension": {"sheetId": state.sheet_id, "dimension": "COLUMNS", "length": needed}})
        out.append(_header_cells(state.sheet_id, used, [c.header for c in missing]))
        positions.update({c.key: used + i for i, c in enumerate(missing)})
    if state.frozen < 1:
        out.append(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": state.sheet_id, "gridProperties": {"frozenRowCount": 1}},
                    "fields": "gridProperties.frozenRowCount",
                }
            }
        )
    for column in tab.columns:
        position = positions[column.key]
        rule = rule_for(column, plan, lang)
        if rule is not None and not _same_rule(state.validations.get(position), rule):
            out.append({"setDataValidation": {"range": _column_range(state.sheet_id, position), "rule": rule}})
        if column.kind == "date" and state.formats.get(position) != DATE_FORMAT:
            out.append(
                {
                    "repeatCell": {
                        "range": _column_range(state.sheet_id, position),
                        "cell": {"userEnteredFormat": {"numberFormat": DATE_FORMAT}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            )
    if not state.header_protected:
        header_range = {"sheetId": state.sheet_id, "startRowIndex": 0, "endRowIndex": 1}
        protected = {"range": header_range, "description": strings.t("setup_protect", lang), "warningOnly": False}
        out.append({"addProtectedRange": {"protectedRange": protected}})
    return out


def setup_requests(
    states: Mapping[str, TabState | None], plan: Plan, schema: SheetSchema, lang: str = "vi"
) -> list[dict[str, Any]]:
    """The ``batchUpdate`` requests that bring the sheet to the template; ``[]`` when it already is."""
    out: list[dict[str, Any]] = []
    used_ids = {s.sheet_id for s in states.values() if s is not None}
    next_id = max(used_ids, default=0) + 1
    for key, tab in schema.tabs.items():
        state = states.get(key)
        if state is None:
            while next_id in used_ids:
                next_id += 1
            used_ids.add(next_id)
            grid = {"rowCount": NEW_TAB_ROWS, "columnCount": len(tab.columns)}
            out.append({"addSheet": {"properties": {"sheetId": next_id, "title": tab.title, "gridProperties": grid}}})
            state = TabState(sheet_id=next_id, title=tab.title, header=[], column_count=len(tab.columns))
        out.extend(_tab_requests(tab, state, plan, lang))
    return out


# ---------------------------------------------------------------- applying it to a Google Sheet

_SETUP_FIELDS = (
    "properties.title,sheets(properties,protectedRanges,"
    "data(rowData(values(userEnteredValue,dataValidation,userEnteredFormat.numberFormat))))"
)


def setup_sheet(
    conn: sheets.Connection, spec: str, plan: Plan, schema: SheetSchema, lang: str = "vi"
) -> tuple[str, list[dict[str, Any]]]:
    """Bring a spreadsheet to the template; return its title and the requests sent (``[]``: none).

    Two reads (tabs, then rows 1-2 of our tabs with their rules) and at most one
    ``batchUpdate``; data rows only ever receive validation and date format.
    """
    key = sheets.spreadsheet_key(spec)
    meta = sheets.metadata(conn, key, {"fields": "properties.title,sheets.properties"})
    titles = [str(s["properties"]["title"]) for s in meta.get("sheets", [])]
    found = [t for tab in schema.tabs.values() if (t := headers.match_tab(titles, tab)) is not None]
    if found:
        params = {
            "includeGridData": "true",
            "ranges": [f"{sheets.quote_title(t)}!1:2" for t in found],
            "fields": _SETUP_FIELDS,
        }
        meta = sheets.metadata(conn, key, params)
    requests_ = setup_requests(state_from_metadata(meta, schema), plan, schema, lang)
    if requests_:
        sheets.batch_update(conn, key, requests_)
    return str(meta.get("properties", {}).get("title", key)), requests_


# ---------------------------------------------------------------- the .xlsx template


def xlsx_template(plan: Plan, schema: SheetSchema, lang: str = "vi") -> bytes:
    """A workbook with both tabs' headers, frozen, and the same dropdowns as the Google setup."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])  # the empty default sheet
    lists = book.create_sheet(strings.t("template_lists", lang))
    ranges: dict[str, str] = {}
    for index, (kind, values) in enumerate(options(plan).items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=kind)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[kind] = f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"
    for tab in schema.tabs.values():
        sheet = book.create_sheet(tab.title, index=len(book.sheetnames) - 1)
        sheet.append([c.header for c in tab.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for position, column in enumerate(tab.columns, start=1):
            letter = get_column_letter(position)
            target = f"{letter}2:{letter}{NEW_TAB_ROWS}"
            validation = _xlsx_validation(column, ranges, plan, DataValidation)
            if validation is not None:
                validation.add(target)
                sheet.add_data_validation(validation)
            if column.kind == "date":
                for (cell,) in sheet.iter_rows(min_row=2, max_row=NEW_TAB_ROWS, min_col=position, max_col=position):
                    cell.number_format = "DD/MM/YYYY"
            sheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_validation(column: Column, ranges: Mapping[str, str], plan: Plan, factory: Any) -> Any:
    # Excel cannot pick several values from a list: a warning (not a stop) lets units type "A, B".
    if column.kind in LIST_KINDS:
        return factory(type="list", formula1=f"={ranges[column.kind]}", allow_blank=True, errorStyle="warning")
    if column.kind == "date":
        return factory(type="date", operator="greaterThan", formula1="1", allow_blank=True, errorStyle="warning")
    if column.kind == "count":
        return factory(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    return None
