"""A local fake of the Google Sheets API v4, for driving the real gspread client.

It listens on 127.0.0.1 only and answers like Google for what the dashboard
uses: spreadsheet metadata (optionally with grid data for some ranges),
``values:batchGet``, ``values/{range}`` (get), ``values/{range}:append`` and
``:batchUpdate`` (addSheet, updateCells, updateSheetProperties,
setDataValidation, repeatCell, addProtectedRange, appendDimension), with
Google-shaped JSON errors. Tests inject faults (status codes, JSON or not,
delays that outlast the client's timeout, once or forever) and count requests.

Cells are kept as Python values; a USER_ENTERED string starting with ``=``
becomes a formula (recorded in ``formulas``), RAW input never does.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import google.oauth2.credentials
import requests

from services.ingest import google as sheets

API = "https://sheets.googleapis.com"
_A1 = re.compile(r"^([A-Z]*)(\d*)$")
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "BAD_GATEWAY",
    503: "UNAVAILABLE",
}


class RedirectAdapter(requests.adapters.HTTPAdapter):
    """Send requests meant for sheets.googleapis.com to the fake (RECIPES.md)."""

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        request.url = (request.url or "").replace(API, self.base, 1)
        kwargs["proxies"] = {}
        return super().send(request, **kwargs)


BOT_EMAIL = "dashboard-bot@x.iam.gserviceaccount.com"


def connect(base: str, token: str = "fake", email: str = BOT_EMAIL, **policy: Any) -> sheets.Connection:
    """A real gspread client wired to the fake at ``base`` (also from another process, e.g. a replica)."""
    client = sheets.make_client(google.oauth2.credentials.Credentials(token=token))
    client.http_client.session.mount(API + "/", RedirectAdapter(base))
    return sheets.Connection(client=client, email=email, policy=sheets.RetryPolicy(**policy))


@dataclass
class Fault:
    kind: str  # "metadata", "batchGet", "get", "append", "batchUpdate" or "*"
    status: int | None = None  # an HTTP error to answer
    delay: float = 0.0  # seconds to wait before answering (longer than the client timeout = a timeout)
    apply: bool = False  # with a delay: do the work first (the response is lost, the write is not)
    times: int | None = 1  # None = forever
    json_body: bool = True


@dataclass
class Tab:
    sheet_id: int
    title: str
    index: int
    rows: list[list[Any]] = field(default_factory=list)
    row_count: int = 1000
    column_count: int = 26
    frozen: int = 0
    validations: list[tuple[dict, dict]] = field(default_factory=list)  # (grid range, rule)
    formats: list[tuple[dict, dict]] = field(default_factory=list)  # (grid range, numberFormat)
    protected: list[dict] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 0-based

    def last_row(self) -> int:
        """Number of rows up to the last non-empty one."""
        for index in range(len(self.rows) - 1, -1, -1):
            if any(v not in (None, "") for v in self.rows[index]):
                return index + 1
        return 0

    def set(self, row: int, col: int, value: Any) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= col:
            line.append("")
        line[col] = value
        self.row_count = max(self.row_count, row + 1)
        self.column_count = max(self.column_count, col + 1)


def col_index(letters: str) -> int:
    out = 0
    for ch in letters:
        out = out * 26 + ord(ch) - 64
    return out - 1


def split_range(text: str) -> tuple[str, str]:
    """``'It''s'!A1:B2`` -> (``It's``, ``A1:B2``)."""
    if text.startswith("'"):
        end = 1
        while True:
            end = text.index("'", end)
            if text[end : end + 2] == "''":
                end += 2
                continue
            break
        return text[1:end].replace("''", "'"), text[end + 2 :]
    title, _, cells = text.partition("!")
    return title, cells


def parse_cells(cells: str) -> tuple[int, int, int | None, int | None]:
    """``A2:L`` -> (row0, col0, row_end or None, col_end or None), 0-based, end exclusive."""
    if not cells:
        return 0, 0, None, None
    first, _, last = cells.partition(":")
    m1 = _A1.match(first)
    m2 = _A1.match(last or first)
    if not (m1 and m2):
        raise ValueError(cells)
    row0 = int(m1[2]) - 1 if m1[2] else 0
    col0 = col_index(m1[1]) if m1[1] else 0
    row1 = int(m2[2]) if m2[2] else None
    col1 = col_index(m2[1]) + 1 if m2[1] else None
    return row0, col0, row1, col1


class FakeSheets:
    """The fake server and its state. Use as a context manager."""

    def __init__(self) -> None:
        self.books: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, str] = {"fake": "dashboard-bot@demo-project.iam.gserviceaccount.com"}
        self.token_ok = True  # what the fake OAuth token endpoint answers
        self.faults: list[Fault] = []
        self.calls: list[tuple[str, str, str]] = []  # (kind, method, path)
        self.appends: list[dict[str, Any]] = []  # query of every append that was applied
        self.updates: list[list[dict]] = []  # the requests of every batchUpdate
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeSheets:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- setup helpers for tests
    def add_book(self, key: str, title: str = "Kế hoạch 17", shared: set[str] | None = None) -> None:
        self.books[key] = {"title": title, "tabs": [], "shared": set(shared or {"fake"})}

    def add_tab(self, key: str, title: str, rows: list[list[Any]] | None = None, sheet_id: int | None = None) -> Tab:
        book = self.books[key]
        tab = Tab(sheet_id=sheet_id if sheet_id is not None else 1000 + len(book["tabs"]), title=title,
                  index=len(book["tabs"]), rows=[list(r) for r in rows or []])  # fmt: skip
        tab.row_count = max(1000, len(tab.rows))
        book["tabs"].append(tab)
        return tab

    def tab(self, key: str, title: str) -> Tab:
        return next(t for t in self.books[key]["tabs"] if t.title == title)

    def inject(self, kind: str, status: int | None = None, **kwargs: Any) -> Fault:
        fault = Fault(kind=kind, status=status, **kwargs)
        self.faults.append(fault)
        return fault

    def count(self, kind: str | None = None) -> int:
        with self.lock:
            return sum(1 for c in self.calls if kind is None or c[0] == kind)

    def reset_counts(self) -> None:
        with self.lock:
            self.calls.clear()

    def connection(self, token: str = "fake", email: str | None = None, **policy: Any) -> sheets.Connection:
        """A real gspread client (plain HTTPClient) wired to this fake."""
        email = email if email is not None else self.tokens.get(token, BOT_EMAIL)
        return connect(self.base, token, email, **policy)

    # -- request handling
    def take_fault(self, kind: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.kind in (kind, "*") and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def metadata(self, key: str, query: dict[str, list[str]]) -> dict[str, Any]:
        book = self.books[key]
        out_sheets = []
        grid = query.get("includeGridData", ["false"])[0] == "true"
        wanted: dict[str, list[str]] = {}
        for text in query.get("ranges", []):
            title, cells = split_range(text)
            self.find(key, title)  # 400 for an unknown tab, like Google
            wanted.setdefault(title, []).append(cells)
        for tab in book["tabs"]:
            item: dict[str, Any] = {
                "properties": {
                    "sheetId": tab.sheet_id, "title": tab.title, "index": tab.index, "sheetType": "GRID",
                    "gridProperties": {"rowCount": tab.row_count, "columnCount": tab.column_count,
                                       **({"frozenRowCount": tab.frozen} if tab.frozen else {})},
                }
            }  # fmt: skip
            if tab.protected:
                item["protectedRanges"] = [dict(p) for p in tab.protected]
            if grid and tab.title in wanted:
                item["data"] = [self.grid(tab, cells) for cells in wanted[tab.title]]
            out_sheets.append(item)
        return {"spreadsheetId": key, "properties": {"title": book["title"], "locale": "vi_VN"}, "sheets": out_sheets}

    def grid(self, tab: Tab, cells: str) -> dict[str, Any]:
        row0, col0, row1, col1 = parse_cells(cells)
        row1 = row1 if row1 is not None else tab.row_count
        col1 = col1 if col1 is not None else tab.column_count
        rows = []
        for r in range(row0, row1):
            values = []
            for c in range(col0, col1):
                cell: dict[str, Any] = {}
                value = tab.rows[r][c] if r < len(tab.rows) and c < len(tab.rows[r]) else ""
                if value not in (None, ""):
                    kind = "boolValue" if isinstance(value, bool) else (
                        "numberValue" if isinstance(value, (int, float)) else "stringValue")  # fmt: skip
                    cell["userEnteredValue"] = {kind: value}
                if rule := _covering(tab.validations, r, c):
                    cell["dataValidation"] = rule
                if number := _covering(tab.formats, r, c):
                    cell["userEnteredFormat"] = {"numberFormat": number}
                values.append(cell)
            rows.append({"values": values})
        return {"startRow": row0, "startColumn": col0, "rowData": rows}

    def find(self, key: str, title: str) -> Tab:
        for tab in self.books[key]["tabs"]:
            if tab.title == title:
                return tab
        raise _ApiError(400, f"Unable to parse range: {title}")

    def values(self, key: str, text: str) -> dict[str, Any]:
        title, cells = split_range(text)
        tab = self.find(key, title)
        row0, col0, row1, col1 = parse_cells(cells)
        end = tab.last_row() if row1 is None else min(row1, tab.last_row())
        out = []
        for r in range(row0, end):
            line = tab.rows[r] if r < len(tab.rows) else []
            part = line[col0:col1] if col1 is not None else line[col0:]
            while part and part[-1] in (None, ""):
                part = part[:-1]
            out.append(list(part))
        while out and not out[-1]:
            out.pop()
        last_col = col1 if col1 is not None else tab.column_count
        shown = f"{sheets.quote_title(title)}!{sheets.column_letter(col0)}{row0 + 1}:" \
                f"{sheets.column_letter(last_col - 1)}{row1 if row1 is not None else tab.row_count}"  # fmt: skip
        result: dict[str, Any] = {"range": shown, "majorDimension": "ROWS"}
        if out:
            result["values"] = out
        return result

    def append(self, key: str, text: str, query: dict[str, list[str]], body: dict[str, Any]) -> dict[str, Any]:
        title, _ = split_range(text)
        tab = self.find(key, title)
        option = query.get("valueInputOption", [""])[0]
        if option not in ("RAW", "USER_ENTERED"):
            raise _ApiError(400, "Invalid valueInputOption")
        with self.lock:
            start = tab.last_row()
            rows = body.get("values", [])
            for offset, row in enumerate(rows):
                for col, value in enumerate(row):
                    if option == "USER_ENTERED" and isinstance(value, str) and value.startswith("="):
                        tab.formulas.add((start + offset, col))
                    tab.set(start + offset, col, value)
            self.appends.append({k: v[0] for k, v in query.items()})
            width = max((len(r) for r in rows), default=1)
            updated = f"{sheets.quote_title(title)}!A{start + 1}:{sheets.column_letter(width - 1)}{start + len(rows)}"
        return {
            "spreadsheetId": key,
            "tableRange": f"{sheets.quote_title(title)}!A1:{sheets.column_letter(width - 1)}{start}",
            "updates": {"spreadsheetId": key, "updatedRange": updated, "updatedRows": len(rows),
                        "updatedColumns": width, "updatedCells": len(rows) * width},
        }  # fmt: skip

    def batch_update(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        requests_ = body.get("requests", [])
        replies: list[dict[str, Any]] = []
        with self.lock:
            self.updates.append(requests_)
            for request in requests_:
                ((name, args),) = request.items()
                replies.append(self.apply(key, name, args))
        return {"spreadsheetId": key, "replies": replies}

    def tab_by_id(self, key: str, sheet_id: int) -> Tab:
        for tab in self.books[key]["tabs"]:
            if tab.sheet_id == sheet_id:
                return tab
        raise _ApiError(400, f"No grid with id: {sheet_id}")

    def apply(self, key: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
        if name == "addSheet":
            props = args["properties"]
            if any(t.title == props["title"] for t in self.books[key]["tabs"]):
                raise _ApiError(400, f'A sheet with the name "{props["title"]}" already exists')
            tab = self.add_tab(key, props["title"], sheet_id=props.get("sheetId"))
            gp = props.get("gridProperties", {})
            tab.row_count = gp.get("rowCount", 1000)
            tab.column_count = gp.get("columnCount", 26)
            tab.frozen = gp.get("frozenRowCount", 0)
            return {"addSheet": {"properties": {"sheetId": tab.sheet_id, "title": tab.title, "index": tab.index}}}
        if name == "updateCells":
            start = args["start"]
            tab = self.tab_by_id(key, start["sheetId"])
            for r, row in enumerate(args["rows"]):
                for c, cell in enumerate(row.get("values", [])):
                    value = next(iter(cell.get("userEnteredValue", {"stringValue": ""}).values()))
                    tab.set(start.get("rowIndex", 0) + r, start.get("columnIndex", 0) + c, value)
            return {}
        if name == "updateSheetProperties":
            props = args["properties"]
            tab = self.tab_by_id(key, props["sheetId"])
            if "gridProperties.frozenRowCount" in args["fields"]:
                tab.frozen = props["gridProperties"]["frozenRowCount"]
            return {}
        if name == "appendDimension":
            tab = self.tab_by_id(key, args["sheetId"])
            if args["dimension"] == "COLUMNS":
                tab.column_count += args["length"]
            else:
                tab.row_count += args["length"]
            return {}
        if name == "setDataValidation":
            tab = self.tab_by_id(key, args["range"]["sheetId"])
            tab.validations.append((args["range"], _proto(args["rule"])))
            return {}
        if name == "repeatCell":
            tab = self.tab_by_id(key, args["range"]["sheetId"])
            tab.formats.append((args["range"], args["cell"]["userEnteredFormat"]["numberFormat"]))
            return {}
        if name == "addProtectedRange":
            protected = dict(args["protectedRange"])
            tab = self.tab_by_id(key, protected["range"]["sheetId"])
            protected["protectedRangeId"] = 5000 + len(tab.protected)
            tab.protected.append(protected)
            return {"addProtectedRange": {"protectedRange": protected}}
        raise _ApiError(400, f"Unknown request {name}")


def _proto(rule: dict[str, Any]) -> dict[str, Any]:
    """Like Google, drop false/empty fields (proto3 defaults) when storing a rule."""
    return {k: v for k, v in rule.items() if v not in (False, "", None)}


def _covering(items: list[tuple[dict, dict]], row: int, col: int) -> dict | None:
    found = None
    for grid, value in items:
        if (grid.get("startRowIndex", 0) <= row < grid.get("endRowIndex", 10**9)
                and grid.get("startColumnIndex", 0) <= col < grid.get("endColumnIndex", 10**9)):  # fmt: skip
            found = value
    return found


class _ApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _handler(fake: FakeSheets) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            self.route("GET")

        def do_POST(self) -> None:
            self.route("POST")

        def send_json(self, status: int, payload: Any) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # the client may have given up waiting (a simulated timeout)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        def error(self, code: int, message: str, json_body: bool = True) -> None:
            if not json_body:
                data = f"<html><body>Error {code}</body></html>".encode()
                self.send_response(code)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            status = STATUS_NAMES.get(code, "UNKNOWN")
            self.send_json(code, {"error": {"code": code, "message": message, "status": status}})

        def route(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else b""
            body = json.loads(data) if data and data[:1] == b"{" else {}
            if parts.path == "/token" and method == "POST":  # the OAuth token endpoint of a key file
                with fake.lock:
                    fake.calls.append(("token", method, self.path))
                if fake.token_ok:
                    self.send_json(200, {"access_token": "fake", "expires_in": 3600, "token_type": "Bearer"})
                else:
                    self.send_json(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
                return
            match = re.match(r"^/v4/spreadsheets/([^/:]+)(.*)$", parts.path)
            if not match:
                self.error(404, "Not found")
                return
            key, rest = unquote(match[1]), match[2]
            kind, target = _kind(method, rest)
            with fake.lock:
                fake.calls.append((kind, method, self.path))
            fault = fake.take_fault(kind)
            try:
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in fake.tokens:
                    raise _ApiError(401, "Request had invalid authentication credentials.")
                if fault and not fault.apply:
                    time.sleep(fault.delay)  # a delay past the client's timeout: the work is never done
                    self.error(fault.status or 504, "Injected fault", fault.json_body)
                    return
                if key not in fake.books:
                    raise _ApiError(404, "Requested entity was not found.")
                if token not in fake.books[key]["shared"]:
                    raise _ApiError(403, "The caller does not have permission")
                payload = self.dispatch(kind, key, target, query, body)
            except _ApiError as err:
                self.error(err.code, err.message)
                return
            if fault:
                time.sleep(fault.delay)
                if fault.status:
                    self.error(fault.status, "Injected fault", fault.json_body)
                    return
            self.send_json(200, payload)

        def dispatch(self, kind: str, key: str, target: str, query: dict, body: dict) -> Any:
            if kind == "metadata":
                return fake.metadata(key, query)
            if kind == "batchGet":
                return {"spreadsheetId": key, "valueRanges": [fake.values(key, r) for r in query.get("ranges", [])]}
            if kind == "get":
                return fake.values(key, target)
            if kind == "append":
                return fake.append(key, target, query, body)
            if kind == "batchUpdate":
                return fake.batch_update(key, body)
            raise _ApiError(404, "Not found")

    return Handler


def _kind(method: str, rest: str) -> tuple[str, str]:
    if rest == "" and method == "GET":
        return "metadata", ""
    if rest == ":batchUpdate":
        return "batchUpdate", ""
    if rest == "/values:batchGet":
        return "batchGet", ""
    if rest.startswith("/values/"):
        target = unquote(rest[len("/values/") :])
        if target.endswith(":append"):
            return "append", target[: -len(":append")]
        return "get", target
    return "other", ""


ACTIVITY_HEADER = [
    "Mã", "Ngày", "Đơn vị", "Phường", "Hình thức", "Nội dung", "Tên hoạt động",
    "Số người tham dự", "Số lượng", "Minh chứng", "Người nhập", "Ghi chú",
]  # fmt: skip
REPORT_HEADER = ["Đơn vị", "Ngày nộp", "Minh chứng", "Ghi chú"]


def activity_rows(count: int, seed: int = 17) -> list[list[Any]]:
    """``count`` plausible activity rows as Google returns them (dates as serials)."""
    import random

    rng = random.Random(seed)
    wards = ["Bồ Đề", "Ngọc Lâm", "Gia Thụy", "Long Biên", "Phúc Đồng", "Toàn quận"]
    forms = ["Hội nghị BCV", "Băng rôn", "Văn nghệ", "Sinh hoạt chi bộ", "cong_ttdt"]
    first = 42367  # 29/12/2015
    rows = []
    for n in range(count):
        ward = rng.choice(wards)
        rows.append([
            f"HD{n:06d}", first + rng.randrange(0, 38), f"Đảng ủy phường {ward}", ward, rng.choice(forms),
            rng.choice(["ND1.1", "ND1.3 – Thành tựu 30 năm đổi mới", "PB", "ND2.1, ND2.3"]),
            f"Hoạt động số {n}", rng.randrange(10, 500), "", "", "Nguyễn Văn A", "",
        ])  # fmt: skip
    return rows
