"""Reading and validating config YAML files; errors name the file, the key and the problem."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from services.core.config.model import _Invalid
from services.core.config.plan import Plan
from services.core.config.schema import SheetSchema
from services.core.config.settings import Settings
from services.core.errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: ~10x faster


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int, first: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line, self.first = key, line, first


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *base" then overriding a key is how merges are meant to work
            key = self.construct_object(key_node, deep=True)
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


def load_plan(path: str | Path | None = None) -> Plan:
    """Load and validate a plan YAML file (default ``config/plan.yaml``)."""
    file = Path(path) if path else CONFIG_DIR / "plan.yaml"
    return validate(Plan, read_yaml(file), file)


def load_schema(path: str | Path | None = None) -> SheetSchema:
    """Load and validate the sheet schema (default ``config/sheet.yaml``)."""
    file = Path(path) if path else CONFIG_DIR / "sheet.yaml"
    return validate(SheetSchema, read_yaml(file), file)


def load_settings(path: str | Path | None = None) -> Settings:
    """Load and validate runtime settings (default ``config/settings.yaml``)."""
    file = Path(path) if path else CONFIG_DIR / "settings.yaml"
    try:
        stat = file.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # read_yaml says why, by name
    return _settings_at(file, stamp)


# Settings are asked for on every page rerun and read: parse the file again only when it changes.
@lru_cache(maxsize=8)
def _settings_at(file: Path, stamp: tuple[int, int] | None) -> Settings:
    return validate(Settings, read_yaml(file), file)


def resolve(path: str, base: Path = CONFIG_DIR) -> Path:
    """Resolve a path from a config file relative to the config folder."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (base / candidate).resolve()
