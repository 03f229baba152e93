"""Command line: ``python -m services.cli summary|brief|demo|check-plan|new-plan|draft-plan ...``.

Errors a user can fix exit with status 2 and one clear line on stderr; a sheet
whose structure is wrong (missing tab, renamed headers) still prints its output
but exits with status 3 and one line on stderr saying what is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from services.core import strings
from services.core.config import Plan, SheetSchema
from services.core.errors import DashboardError
from services.figures import metrics
from services.ingest import loader
from services.ingest.reading import reader, structure
from services.write import demo

BRIEF_FORMATS = ("pdf", "docx", "xlsx")
STRUCTURE_ERROR = 3  # the data was read but its shape is wrong: the figures are not to be trusted


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{self.prog}: {message} (xem --help)")


def _fail(message: str) -> NoReturn:
    print(f"Lỗi: {_one_line(message)}", file=sys.stderr)
    raise SystemExit(2)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày '{value}' không đúng dạng YYYY-MM-DD") from None


def _config(args: argparse.Namespace) -> tuple[Plan, SheetSchema]:
    """The plan in use (``--config`` first) and the sheet schema; messages use the plan's own words."""
    plan, schema = loader.load_config(args.config)
    strings.use_terms(strings.terms_of(plan))
    return plan, schema


def _read(args: argparse.Namespace) -> tuple[Plan, reader.Dataset]:
    """The plan and the data of ``--source``, else of the source the dashboard reads (one rule)."""
    plan, schema = _config(args)
    secrets = None if args.source else _secrets_file_info()
    data = loader.read_dataset(loader.resolve_source(args.source, secrets), plan, schema, secrets)
    if data.stale_reason:  # Google failed: the figures are from the last good read, and the user must know
        print(strings.t("cli_stale", args.lang, banner=_one_line(_stale(data, args.lang))), file=sys.stderr)
    return plan, data


def _secrets_file_info() -> dict[str, Any] | None:
    # Imported here, as below: gspread costs ~0.3 s CPU in every command that reads only a file.
    from services.ingest import google as sheets

    return sheets.secrets_file_info()


def _stale(data: reader.Dataset, lang: str) -> str:
    from services.ingest.google import snapshot

    return snapshot.banner(data.read_at, data.stale_reason or "", lang)


def _status(data: reader.Dataset, lang: str) -> int:
    """0, or 3 with one line on stderr when the sheet's structure is wrong (the output is printed anyway)."""
    if not data.structural:
        return 0
    print(_one_line(structure.one_line(data.structural, lang)), file=sys.stderr)
    return STRUCTURE_ERROR


def _summary(args: argparse.Namespace) -> int:
    plan, data = _read(args)
    result = metrics.summary(plan, data, args.as_of, lang=args.lang)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    sys.stdout.flush()  # here, so a closed pipe is met inside main()
    return _status(data, args.lang)


def _demo(args: argparse.Namespace) -> int:
    plan, _ = _config(args)
    path = demo.write_workbook(plan, args.out, seed=args.seed, rows=args.rows)
    print(f"Đã ghi dữ liệu mẫu: {path}", file=sys.stderr)
    return 0


def _brief(args: argparse.Namespace) -> int:
    # Imported here: the document stack (fpdf2, python-docx, vl-convert) is only needed for this command.
    from services.render import documents

    plan, data = _read(args)
    content = documents.render(args.format, plan, data, args.as_of, lang=args.lang)
    try:
        with open(args.out, "wb") as handle:
            handle.write(content)
    except OSError as err:
        raise DashboardError(f"không ghi được tệp '{args.out}': {err.strerror or err}") from None
    print(strings.t("cli_written", args.lang, path=args.out), file=sys.stderr)
    return _status(data, args.lang)


def _setup_sheet(args: argparse.Namespace) -> int:
    from services.core import strings
    from services.ingest.google import client, credentials
    from services.write import template

    plan, schema = _config(args)
    connection = client.connect(credentials.secrets_file_info())
    title, sent = template.setup_sheet(connection, args.sheet, plan, schema)
    key = "setup_done" if sent else "setup_nothing"
    print(strings.t(key, count=len(sent), title=title), file=sys.stderr)
    return 0


def _hash_code(args: argparse.Namespace) -> int:
    from services.access import auth  # issue 6: a new access code -> the salted hash to paste into secrets

    code = _read_code(args.lang)
    if len(code.strip()) < auth.MIN_CODE_LENGTH:
        raise DashboardError(strings.t("cli_code_short", args.lang, n=auth.MIN_CODE_LENGTH))
    print(strings.t("cli_code_hint", args.lang), file=sys.stderr)
    print(auth.hash_code(code))
    return 0


def _read_code(lang: str) -> str:
    """The code from a terminal (hidden, typed twice) or the first line of stdin (never an argument)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    code = getpass.getpass(strings.t("cli_code_prompt", lang))
    if getpass.getpass(strings.t("cli_code_confirm", lang)) != code:
        raise DashboardError(strings.t("cli_code_mismatch", lang))
    return code


def _check_plan(args: argparse.Namespace) -> int:
    from services.plans import check

    checked = check.check(args.file)
    if checked.plan is None:
        for problem in checked.problems:
            print(f"Lỗi: {_one_line(problem)}", file=sys.stderr)
        print(strings.t("plan_check_bad", args.lang, n=len(checked.problems), path=args.file), file=sys.stderr)
        return 2
    print(check.summary(checked.plan, args.lang))
    print(strings.t("plan_check_ok", args.lang, path=args.file), file=sys.stderr)
    return 0


def _new_plan(args: argparse.Namespace) -> int:
    from services.plans import areas, skeleton

    start = args.start or dt.date.today()
    data = skeleton.build(
        areas.read_areas(args.wards),
        name=args.name,
        level=areas.level_of(args.area_level),
        start=start,
        end=args.end or start + dt.timedelta(days=skeleton.DEFAULT_DAYS - 1),
    )
    path = skeleton.write(args.out, skeleton.render(data, args.wards))
    print(strings.t("plan_written", path=path), file=sys.stderr)
    return 0


def _draft_plan(args: argparse.Namespace) -> int:
    from services.plans import areas, skeleton, source
    from services.plans.drafting import draft

    area_list = areas.read_areas(args.wards) if args.wards else None
    level = areas.level_of(args.area_level) if args.area_level else ""
    data, review = draft.build(source.read_text(args.text), area_list, level)
    if not review.count("found"):  # an empty or unrelated file: a plan of nothing but defaults would mislead
        raise DashboardError(strings.t("plan_nothing_found", args.lang, path=args.text))
    out = skeleton.write(args.out, draft.render(data, args.text))
    report = skeleton.write(draft.review_path(out), review.render(args.text, str(out), args.lang))
    print(strings.t("plan_written", args.lang, path=out), file=sys.stderr)
    counts = {s: review.count(s) for s in ("found", "defaulted", "missing")}
    print(strings.t("plan_review_written", args.lang, path=report, **counts), file=sys.stderr)
    return 0


def _plan_commands(commands: argparse._SubParsersAction) -> None:
    check_plan = commands.add_parser("check-plan", help="kiểm tra một tệp kế hoạch YAML và in tóm tắt (lỗi: mã 2)")
    check_plan.add_argument("file", help="tệp kế hoạch YAML")
    check_plan.add_argument("--lang", choices=["vi", "en"], default="vi")
    check_plan.set_defaults(run=_check_plan)
    new_plan = commands.add_parser("new-plan", help="tạo khung kế hoạch YAML có chú thích từ danh sách địa bàn")
    new_plan.add_argument("--out", required=True, help="tệp kế hoạch YAML sẽ ghi")
    new_plan.add_argument("--wards", required=True, help="tệp văn bản: mỗi dòng 'tên[;mã][;vĩ độ;kinh độ]'")
    new_plan.add_argument("--name", default="Kế hoạch tuyên truyền (điền tên)", help="tên kế hoạch")
    new_plan.add_argument("--area-level", default="phường", help="phường, xã, thị trấn, tổ dân phố, khu phố, thôn")
    new_plan.add_argument("--start", type=_as_of, default=None, help="ngày bắt đầu YYYY-MM-DD (mặc định: hôm nay)")
    new_plan.add_argument("--end", type=_as_of, default=None, help="ngày kết thúc YYYY-MM-DD")
    new_plan.set_defaults(run=_new_plan)
    draft_plan = commands.add_parser(
        "draft-plan", help="dự thảo kế hoạch YAML từ văn bản kế hoạch (.txt) kèm báo cáo rà soát"
    )
    draft_plan.add_argument("--text", required=True, help="văn bản kế hoạch, tệp .txt UTF-8")
    draft_plan.add_argument("--out", required=True, help="tệp kế hoạch YAML sẽ ghi (báo cáo rà soát: <tệp>.review.md)")
    draft_plan.add_argument(
        "--wards", default=None, help="danh sách địa bàn như new-plan (nếu không, tìm trong văn bản)"
    )
    draft_plan.add_argument("--area-level", default=None, help="cấp địa bàn (mặc định theo cấp quận/huyện của văn bản)")
    draft_plan.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ của báo cáo rà soát")
    draft_plan.set_defaults(run=_draft_plan)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m services.cli", description="Bảng theo dõi kế hoạch tuyên truyền")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="in bản tóm tắt JSON tại một ngày")
    summary.add_argument("--source", required=True, help="tệp .xlsx, thư mục CSV hoặc Google Sheet")
    summary.add_argument("--as-of", type=_as_of, default=dt.date.today(), help="YYYY-MM-DD (mặc định: hôm nay)")
    summary.add_argument("--config", default=None, help="tệp kế hoạch YAML (mặc định config/plan.yaml)")
    summary.add_argument("--lang", choices=["vi", "en"], default="vi")
    summary.add_argument("--pretty", action="store_true", help="in JSON thụt lề")
    summary.set_defaults(run=_summary)
    make_brief = commands.add_parser("brief", help="tạo bản tin họp nhanh (PDF), dự thảo báo cáo (Word) hoặc số liệu")
    make_brief.add_argument("--format", choices=BRIEF_FORMATS, required=True, help="pdf, docx hoặc xlsx")
    make_brief.add_argument("--as-of", type=_as_of, default=dt.date.today(), help="YYYY-MM-DD (mặc định: hôm nay)")
    make_brief.add_argument("--out", required=True, help="tệp kết quả")
    make_brief.add_argument("--source", default=None, help="mặc định: Google Sheet đã cấu hình hoặc dữ liệu mẫu")
    make_brief.add_argument("--config", default=None, help="tệp kế hoạch YAML (mặc định config/plan.yaml)")
    make_brief.add_argument("--lang", choices=["vi", "en"], default="vi")
    make_brief.set_defaults(run=_brief)
    make_demo = commands.add_parser("demo", help="tạo sổ dữ liệu mẫu .xlsx")
    make_demo.add_argument("--out", required=True)
    make_demo.add_argument("--seed", type=int, default=17)
    make_demo.add_argument("--rows", type=int, default=360)
    make_demo.add_argument("--config", default=None)
    make_demo.set_defaults(run=_demo)
    setup = commands.add_parser("setup-sheet", help="tạo trang, dòng tiêu đề và danh sách chọn trong Google Sheet")
    setup.add_argument("--sheet", required=True, help="đường dẫn hoặc mã Google Sheet")
    setup.add_argument("--config", default=None, help="tệp kế hoạch YAML (mặc định config/plan.yaml)")
    setup.set_defaults(run=_setup_sheet)
    hash_code = commands.add_parser("hash-code", help="băm một mã truy cập mới (đọc từ bàn phím hoặc stdin)")
    hash_code.add_argument("--lang", choices=["vi", "en"], default="vi")
    hash_code.set_defaults(run=_hash_code)
    _plan_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DashboardError as err:
        print(f"Lỗi: {_one_line(str(err))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `summary ... | head`: the reader left; no traceback, nothing more to write
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again (Python docs' recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (stdout replaced in-process): nothing to flush
        pass


if __name__ == "__main__":
    sys.exit(main())
