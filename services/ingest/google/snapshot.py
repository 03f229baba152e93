"""The last good read of a Google Sheet, kept on disk and served (marked stale) when Google fails."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

from services.core import strings
from services.ingest.raw import RawTab, RawWorkbook


def save(raw: RawWorkbook, path: Path) -> None:
    """Keep the last good read on disk (atomically; JSON, cells as read)."""
    data = {
        "label": raw.label,
        "url": raw.url,
        "gids": raw.gids,
        "read_at": raw.read_at.isoformat(),
        "tabs": {t: {"header": tab.header, "rows": tab.rows} for t, tab in raw.tabs.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temp.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)  # only left when writing failed


def load(path: Path) -> RawWorkbook | None:
    """The saved snapshot, or ``None`` when there is none (or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tabs = {
            title: RawTab(title=title, header=tab["header"], rows=[(int(n), list(r)) for n, r in tab["rows"]])
            for title, tab in data["tabs"].items()
        }
        return RawWorkbook(
            tabs=tabs, label=data["label"], read_at=dt.datetime.fromisoformat(data["read_at"]),
            kind="google", url=data.get("url"), gids={k: int(v) for k, v in data.get("gids", {}).items()},
        )  # fmt: skip
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # A corrupt snapshot is no worse than none: the caller reports Google's error.
        return None


def banner(read_at: dt.datetime | None, reason: str, lang: str = "vi", now: dt.datetime | None = None) -> str:
    """``Đang hiển thị dữ liệu lúc 09:42, chưa cập nhật được: …`` (with the day when not today)."""
    now = now or dt.datetime.now().astimezone()
    if read_at is None:
        shown = "?"
    else:
        local = read_at.astimezone(now.tzinfo) if read_at.tzinfo else read_at
        shown = local.strftime("%H:%M")
        if local.date() != now.date():
            shown = strings.t("stale_time_day", lang, time=shown, date=local.strftime("%d/%m/%Y"))
    return strings.t("stale_banner", lang, time=shown, reason=reason)
