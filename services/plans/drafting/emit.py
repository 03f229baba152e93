"""Writing a plan as commented YAML in the style of ``config/plan.yaml`` (short entries on one line)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE = re.compile(r"[a-z][a-z0-9_]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}  # would not read back as strings
FLOW_WIDTH = 118  # a short mapping or list goes on one line when it fits


def scalar(value: Any) -> str:
    """One YAML scalar: strings double-quoted (JSON escapes are valid YAML), dates ISO, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if _BARE.fullmatch(str(value)) and str(value) not in _YAML_WORDS:
        return str(value)  # keys such as truoc, ban_hanh read best unquoted, as in config/plan.yaml
    return json.dumps(str(value), ensure_ascii=False)


def _flow(value: Any) -> str | None:
    """``value`` on one line, or ``None`` when it holds nested collections."""
    if isinstance(value, Mapping):
        if any(isinstance(v, Mapping | list | tuple) and v for v in value.values()):
            return None
        parts = [f"{k}: {_flow(v) if isinstance(v, list | tuple) else scalar(v)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        if any(isinstance(v, Mapping | list | tuple) for v in value):
            return None
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return scalar(value)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            flat = _flow(item)
            if flat is not None and (_is_scalar(item) or len(pad) + len(str(key)) + len(flat) + 2 <= FLOW_WIDTH):
                lines.append(f"{pad}{key}: {flat}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(_block(item, indent + 2))
        return lines
    for item in value:
        flat = _flow(item)
        if flat is not None and (_is_scalar(item) or len(pad) + len(flat) + 2 <= FLOW_WIDTH):
            lines.append(f"{pad}- {flat}")
        else:
            inner = _block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
    return lines


def dump(data: Mapping[str, Any], comments: Mapping[str, Sequence[str]], header: Sequence[str] = ()) -> str:
    """The YAML text of ``data``; ``comments[key]`` lines go above each top-level key, ``header`` on top."""
    lines = [f"# {line}".rstrip() for line in header]
    for key, value in data.items():
        if lines:
            lines.append("")
        lines.extend(f"# {line}".rstrip() for line in comments.get(key, ()))
        lines.extend(_block({key: value}, 0))
    return "\n".join(lines) + "\n"
