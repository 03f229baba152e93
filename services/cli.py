"""Command line: ``python -m services.cli summary|demo ...``.

Errors a user can fix exit with status 2 and one clear line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence

from services import demo, loader, metrics
from services.errors import DashboardError


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày '{value}' không đúng dạng YYYY-MM-DD") from None


def _summary(args: argparse.Namespace) -> int:
    plan, schema = loader.load_config(args.config)
    data = loader.read_dataset(args.source, plan, schema)
    result = metrics.summary(plan, data, args.as_of, lang=args.lang)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0


def _demo(args: argparse.Namespace) -> int:
    plan, _ = loader.load_config(args.config)
    path = demo.write_workbook(plan, args.out, seed=args.seed, rows=args.rows)
    print(f"Đã ghi dữ liệu mẫu: {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.cli", description="Bảng theo dõi kế hoạch tuyên truyền")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="in bản tóm tắt JSON tại một ngày")
    summary.add_argument("--source", required=True, help="tệp .xlsx, thư mục CSV hoặc Google Sheet")
    summary.add_argument("--as-of", type=_as_of, default=dt.date.today(), help="YYYY-MM-DD (mặc định: hôm nay)")
    summary.add_argument("--config", default=None, help="tệp kế hoạch YAML (mặc định config/plan.yaml)")
    summary.add_argument("--lang", choices=["vi", "en"], default="vi")
    summary.add_argument("--pretty", action="store_true", help="in JSON thụt lề")
    summary.set_defaults(run=_summary)
    make_demo = commands.add_parser("demo", help="tạo sổ dữ liệu mẫu .xlsx")
    make_demo.add_argument("--out", required=True)
    make_demo.add_argument("--seed", type=int, default=17)
    make_demo.add_argument("--rows", type=int, default=360)
    make_demo.add_argument("--config", default=None)
    make_demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DashboardError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
