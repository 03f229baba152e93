"""Write the reader's full output (records + problems) for the golden workbooks as JSON.

Run once before a refactor; tests/test_golden.py compares the current reader with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent
WORKBOOKS = {"demo": GOLDEN.parent.parent / "data" / "demo.xlsx", "messy": GOLDEN / "messy.xlsx",
             "acceptance": GOLDEN / "acceptance.xlsx"}  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def reader_output(name: str) -> dict[str, Any]:
    """The dataset read from one golden workbook, as plain JSON data."""
    from services.core import strings
    from services.ingest import loader

    plan, schema = loader.load_config(None)
    strings.use_terms(strings.terms_of(plan))  # messages in the plan's words, as the dashboard and CLI show them
    data = loader.read_dataset(str(WORKBOOKS[name]), plan, schema)
    return {
        "read": data.read,
        "errors": data.errors,
        "activities": [{k: _plain(v) for k, v in dataclasses.asdict(a).items()} for a in data.activities],
        "reports": [{k: _plain(v) for k, v in dataclasses.asdict(r).items()} for r in data.reports],
        "problems": [
            [p.sheet, p.row, p.column, p.severity, p.code, p.message("vi"), p.message("en")] for p in data.problems
        ],
    }


if __name__ == "__main__":
    for name in sys.argv[1:] or list(WORKBOOKS):
        out = GOLDEN / f"reader-{name}.json"
        out.write_text(json.dumps(reader_output(name), ensure_ascii=False, indent=0, sort_keys=True) + "\n")
        print(out)
