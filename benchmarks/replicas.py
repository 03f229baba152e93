"""Google requests per TTL with N replicas: ``values:batchGet`` counted by the fake Sheets server.

N processes (``--replicas``, 2), each standing for one dashboard replica, serve ``--sessions``
sessions (4) from one Google Sheet (the fake, on 127.0.0.1) within one TTL, all started at
once. *Own* is each process keeping its own read for the TTL (what ``st.cache_data`` does
in every replica without ``shared_cache_dir``); *shared* is the dashboard's shared snapshot
(``services.ingest.shared.SharedSnapshot``: a file lock, one refresh per TTL, the others
load its file). The fake counts the requests that reached it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEY = "replicasheet" + "x" * 30
TTL = 600.0  # far longer than the run: every session falls inside one TTL


def _child(base: str, plan_path: str, mode: str, folder: str, sessions: int) -> int:
    """One replica: ``sessions`` reads of the sheet inside one TTL; prints the rows each session saw."""
    from services.core import config
    from services.ingest import google as sheets
    from services.ingest import shared
    from services.ingest.reading import reader
    from testkit import fake_sheets

    plan, schema = config.load_plan(plan_path), config.load_schema()
    own = tempfile.mkdtemp(prefix="replica-")
    source = sheets.GoogleSheetSource(KEY, connection=fake_sheets.connect(base), snapshot_dir=own)
    snapshot = shared.SharedSnapshot(folder, KEY, TTL)
    kept: Any = None
    seen = []
    for _ in range(sessions):
        if mode == "shared":
            data = snapshot.get(lambda: reader.read(source.read(), plan, schema)).result
        else:
            kept = kept or reader.read(source.read(), plan, schema)
            data = kept
        seen.append(data.read)
    print(json.dumps(seen))
    return 0


def requests_per_ttl(values: dict[str, list[list[Any]]], plan_path: Path, replicas: int = 2, sessions: int = 4) -> dict:
    """``batchGet`` requests the fake saw for one TTL, each way; and whether every session saw every row."""
    from testkit import fake_sheets

    out: dict[str, Any] = {}
    with fake_sheets.FakeSheets() as fake:
        fake.add_book(KEY, title="Toàn thành phố")
        for title, rows in values.items():
            fake.add_tab(KEY, title, rows)
        for mode in ("own", "shared"):
            fake.reset_counts()
            with tempfile.TemporaryDirectory() as folder:
                command = [sys.executable, "-m", "benchmarks.replicas", "--child", fake.base, str(plan_path), mode,
                           folder, str(sessions)]  # fmt: skip
                children = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
                            for _ in range(replicas)]  # fmt: skip
                seen = [json.loads(child.communicate(timeout=600)[0]) for child in children]
                if any(child.returncode for child in children):
                    raise RuntimeError(f"a replica failed ({mode})")
            out[f"requests_{mode}"] = sum(1 for kind, _, _ in fake.calls if kind == "batchGet")
            out[f"sessions_{mode}"] = [n for replica in seen for n in replica]
    return out


def main(argv: list[str] | None = None) -> int:
    """Child mode (internal) or a run on a prepared benchmark folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--data", help="a folder made by benchmarks.run prepare(): plan.yaml, values.json")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=4)
    args = parser.parse_args(argv)
    if args.child:
        base, plan_path, mode, folder, sessions = args.child
        return _child(base, plan_path, mode, folder, int(sessions))
    if not args.data:
        parser.error("--data is required")
    folder = Path(args.data)
    values = json.loads((folder / "values.json").read_text(encoding="utf-8"))
    print(json.dumps(requests_per_ttl(values, folder / "plan.yaml", args.replicas, args.sessions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
