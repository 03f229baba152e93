"""Reading and validating config YAML files; errors name the file, the key and the problem."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from services.core import heap
from services.core.config import paths
from services.core.config.model import _Invalid
from services.core.config.plan import Plan
from services.core.config.schema import SheetSchema
from services.core.config.settings import Settings
from services.core.errors import ConfigError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: ~10x faster


_STR_TAG = "tag:yaml.org,2002:str"


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int, first: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line, self.first = key, line, first


class _UniqueKeyLoader(_BaseLoader):
    """A safe loader that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *base" then overriding a key is how merges are meant to work
            # A plain string key is its own text: no need to build it twice (half the plan's keys).
            is_text = key_node.tag == _STR_TAG and isinstance(key_node, yaml.ScalarNode)
            key = key_node.value if is_text else self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise _DuplicateKey(key, line, seen[key])
                seen[key] = line
            except TypeError:
                continue  # an unhashable key: the base constructor reports it
        return super().construct_mapping(node, deep)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a missing file, bad YAML or a duplicate key raises ``ConfigError`` with the line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: không tìm thấy tệp cấu hình") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: không đọc được tệp cấu hình ({err})") from None
    try:
        return yaml.load(raw, Loader=_UniqueKeyLoader)
    except _DuplicateKey as err:
        raise ConfigError(f"{path}: dòng {err.line}: khóa '{err.key}' bị trùng (đã có ở dòng {err.first})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(f"{path}: {where}YAML không hợp lệ ({' '.join(problem.split())})") from None


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


def validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    """Validate ``data`` as ``model``; the first problem raises ``ConfigError`` (file, key, problem)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: tệp phải là một bảng khóa: giá trị (mapping)")
    try:
        return model.model_validate(data)
    except ValidationError as err:
        more = f" (và {err.error_count() - 1} lỗi khác)" if err.error_count() > 1 else ""
        raise ConfigError(f"{problem_lines(err, path)[0]}{more}") from None


def problem_lines(err: ValidationError, path: Path) -> list[str]:
    """Every problem of a validation error, one ``file: key: problem`` line each."""
    lines = []
    for error in err.errors():
        loc = _format_loc(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, _Invalid):
            loc = cause.loc
        lines.append(f"{path}: {loc}: {_problem(error)}")
    return lines


# Pydantic's English messages for the mistakes people make in YAML, in Vietnamese.
_PROBLEMS = {
    "extra_forbidden": "khóa không được phép (gõ sai tên khóa?)",
    "missing": "thiếu khóa bắt buộc",
    "date_type": "không phải ngày (dạng YYYY-MM-DD)",
    "date_parsing": "không phải ngày (dạng YYYY-MM-DD)",
    "date_from_datetime_parsing": "không phải ngày (dạng YYYY-MM-DD)",
    "date_from_datetime_inexact": "không phải ngày (dạng YYYY-MM-DD)",
    "string_type": "phải là chuỗi chữ",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "too_short": "danh sách không được rỗng",
}


def _problem(error: Any) -> str:
    kind = error["type"]
    if kind in _PROBLEMS:
        return _PROBLEMS[kind]
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        limit = next(iter(error.get("ctx", {}).values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        return f"phải {sign} {limit} (đang là {error.get('input')!r})"
    if kind == "literal_error":
        return f"giá trị không hợp lệ, phải là một trong: {error.get('ctx', {}).get('expected', '')}"
    return str(error["msg"]).removeprefix("Value error, ")


def plan_path(path: str | Path | None = None) -> Path:
    """The plan file in use (see ``paths.plan_file`` for the order)."""
    return paths.plan_file(path, load_settings().plan)


def load_plan(path: str | Path | None = None) -> Plan:
    """Load and validate a plan YAML file (default: the plan in use, see ``plan_path``)."""
    plan: Plan = _load(Plan, plan_path(path))
    return plan


def load_schema(path: str | Path | None = None) -> SheetSchema:
    """Load and validate the sheet schema (default: ``sheet_schema:`` in settings)."""
    schema: SheetSchema = _load(SheetSchema, Path(path) if path else paths.schema_file(load_settings().sheet_schema))
    return schema


def load_settings(path: str | Path | None = None) -> Settings:
    """Load and validate runtime settings (default: ``$DASHBOARD_SETTINGS`` or ``config/settings.yaml``)."""
    settings: Settings = _load(Settings, Path(path) if path else paths.settings_file())
    return settings


def _load(model: type[BaseModel], file: Path) -> Any:
    try:
        stat = file.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # read_yaml says why, by name
    return _parsed(model, file, stamp)


# Config is asked for on every page rerun and read: parse a file again only when it changes
# (so an edited plan is picked up at the next rerun, and a broken edit is reported, never the old plan).
@lru_cache(maxsize=16)
def _parsed(model: type[BaseModel], file: Path, stamp: tuple[int, int] | None) -> Any:
    with heap.gc_paused():
        return validate(model, read_yaml(file), file)
