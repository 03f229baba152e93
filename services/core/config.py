"""Typed configuration: the plan (``plan.yaml``), the sheet schema and settings.

Every file is validated on load; a broken file raises :class:`ConfigError`
whose message names the file, the key and the problem.
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from services.core import text
from services.core.errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
ALL_PHASES = "all"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"ngày kết thúc {self.end} trước ngày bắt đầu {self.start}")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Phase(Span):
    key: str
    label: str


class Milestone(_Model):
    key: str
    date: dt.date
    label: str
    form: str | None = None  # a form that must be done by this date (trang_tri)


class Theme(_Model):
    code: str
    phase: str
    label: str
    min_activities: int = Field(default=1, ge=1)


class Form(_Model):
    key: str
    label: str
    aliases: list[str] = []


class Unit(_Model):
    name: str
    aliases: list[str] = []
    ward: str | None = None


class UnitGroup(_Model):
    key: str
    label: str
    tasks: list[str] = []
    units: list[Unit] = []


class Ward(_Model):
    code: str
    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    approximate: bool = False


class Reporting(_Model):
    deadline: str
    expected_groups: list[str] = []
    expected_units: list[str] = []


class MapSettings(_Model):
    geojson: str | None = None
    ward_property: str | None = None


class DocumentInfo(_Model):
    number: str = ""
    issued: dt.date | None = None
    issuer_parent: str = ""
    issuer: str = ""
    issuer_name: str = ""  # the issuer in running text ("Ban Thường vụ Quận ủy")
    party_name: str = ""  # the right-hand header line ("ĐẢNG CỘNG SẢN VIỆT NAM")
    place: str = ""
    report_issuer: str = ""
    report_issuer_name: str = ""
    report_number: str = ""  # suffix after the blank number: "-BC/BTGQU"
    report_title: str = ""
    report_kind: str = "BÁO CÁO"
    report_subject: str = ""
    report_recipients: list[str] = []
    signer_on_behalf: str = ""  # "T/M ...", "K/T ..." or empty
    signer_title: str = ""
    signer_name: str = ""
    quantity_units: dict[str, str] = {}  # form key -> what "Số lượng" counts
    opinion_forms: list[str] = []  # form keys whose activities are public-opinion notes


class _Invalid(ValueError):
    """A cross-field problem, with the key path where it is (``themes[3].phase``)."""

    def __init__(self, loc: str, message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _unique(values: list[str], what: str, path: str, paths: list[str] | None = None) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        k = text.key(value)
        if k in seen:
            raise _Invalid(path.format(paths[index] if paths else index), f"{what} '{value}' bị trùng")
        seen.add(k)


class Plan(_Model):
    """A campaign plan: period, phases, milestones, themes, forms, units, wards."""

    name: str
    short_name: str
    area_name: str = ""
    document: DocumentInfo = DocumentInfo()
    period: Span
    peak: Span | None = None
    phases: list[Phase] = Field(min_length=1)
    milestones: list[Milestone] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)
    district_wide: list[str] = []
    ward_prefixes: list[str] = []
    unit_groups: list[UnitGroup] = []
    reporting: Reporting
    map: MapSettings = MapSettings()
    wards: list[Ward] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        phase_keys = [p.key for p in self.phases]
        _unique(phase_keys, "giai đoạn", "phases[{}].key")
        _unique([m.key for m in self.milestones], "mốc", "milestones[{}].key")
        _unique([t.code for t in self.themes], "mã nội dung", "themes[{}].code")
        _unique([f.key for f in self.forms], "hình thức", "forms[{}].key")
        _unique([w.code for w in self.wards], "mã phường", "wards[{}].code")
        _unique([w.name for w in self.wards], "tên phường", "wards[{}].name")
        unit_paths = [
            f"unit_groups[{g}].units[{u}].name" for g, grp in enumerate(self.unit_groups) for u in range(len(grp.units))
        ]
        _unique([u.name for u in self.units], "đơn vị", "{}", unit_paths)
        for index, phase in enumerate(self.phases):
            if not (self.period.contains(phase.start) and self.period.contains(phase.end)):
                raise _Invalid(f"phases[{index}]", f"giai đoạn '{phase.key}' nằm ngoài thời gian kế hoạch (period)")
        ordered = sorted(self.phases, key=lambda p: p.start)
        for before, after in itertools.pairwise(ordered):
            where = f"phases[{self.phases.index(after)}].start"
            if after.start <= before.end:
                raise _Invalid(where, f"giai đoạn '{after.key}' chồng lên giai đoạn '{before.key}'")
            if after.start != before.end + dt.timedelta(days=1):  # SPEC §4: every day of the period has a phase
                raise _Invalid(where, f"có khoảng trống giữa giai đoạn '{before.key}' và '{after.key}'")
        if ordered[0].start != self.period.start or ordered[-1].end != self.period.end:
            raise _Invalid("phases", "các giai đoạn phải phủ kín thời gian kế hoạch (từ period.start đến period.end)")
        for index, theme in enumerate(self.themes):
            if theme.phase != ALL_PHASES and theme.phase not in phase_keys:
                raise _Invalid(f"themes[{index}].phase", f"nội dung {theme.code}: giai đoạn '{theme.phase}' không có")
        form_keys = {f.key for f in self.forms}
        for index, milestone in enumerate(self.milestones):
            if milestone.form and milestone.form not in form_keys:
                where = f"milestones[{index}].form"
                raise _Invalid(where, f"mốc {milestone.key}: hình thức '{milestone.form}' không có")
        for key in [*self.document.quantity_units, *self.document.opinion_forms]:
            if key not in form_keys:
                raise _Invalid("document", f"hình thức '{key}' không có")
        ward_codes = {w.code for w in self.wards}
        for g, group in enumerate(self.unit_groups):
            for u, unit in enumerate(group.units):
                if unit.ward and unit.ward not in ward_codes:
                    where = f"unit_groups[{g}].units[{u}].ward"
                    raise _Invalid(where, f"đơn vị '{unit.name}': mã phường '{unit.ward}' không có")
        if self.reporting.deadline not in {m.key for m in self.milestones}:
            raise _Invalid("reporting.deadline", f"mốc '{self.reporting.deadline}' không có trong milestones")
        group_keys = {g.key for g in self.unit_groups}
        for index, group in enumerate(self.reporting.expected_groups):
            if group not in group_keys:
                raise _Invalid(f"reporting.expected_groups[{index}]", f"nhóm '{group}' không có")
        unit_keys = {text.key(u.name) for u in self.units}
        for index, name in enumerate(self.reporting.expected_units):
            if text.key(name) not in unit_keys:
                raise _Invalid(f"reporting.expected_units[{index}]", f"đơn vị '{name}' không có")
        return self

    # Cached: a citywide plan has ~1,500 units and pages ask for these on every rerun.
    @cached_property
    def units(self) -> list[Unit]:
        return [unit for group in self.unit_groups for unit in group.units]

    def phase(self, key: str) -> Phase:
        return next(p for p in self.phases if p.key == key)

    def theme_span(self, theme: Theme) -> Span:
        """The dates in which an activity counts for ``theme``."""
        if theme.phase == ALL_PHASES:
            return self.period
        return self.phase(theme.phase)

    def milestone(self, key: str) -> Milestone:
        return next(m for m in self.milestones if m.key == key)

    @property
    def report_deadline(self) -> dt.date:
        return self.milestone(self.reporting.deadline).date

    @cached_property
    def expected_reporters(self) -> list[str]:
        """Units expected to send a results report, in config order."""
        names = [
            unit.name
            for group in self.unit_groups
            if group.key in self.reporting.expected_groups
            for unit in group.units
        ]
        by_key = {text.key(u.name): u.name for u in self.units}
        for name in self.reporting.expected_units:
            canonical = by_key[text.key(name)]
            if canonical not in names:
                names.append(canonical)
        return names

    @cached_property
    def ward_names(self) -> dict[str, str]:
        return {w.code: w.name for w in self.wards}


ColumnKind = Literal["id", "date", "unit", "wards", "form", "themes", "text", "count"]


class Column(_Model):
    key: str
    header: str
    kind: ColumnKind
    required: bool = False


class Tab(_Model):
    title: str
    aliases: list[str] = []
    columns: list[Column]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class SheetSchema(_Model):
    """The shared sheet's tabs and columns."""

    tabs: dict[Literal["activities", "reports"], Tab]


class Settings(_Model):
    plan: str = "plan.yaml"
    sheet_schema: str = "sheet.yaml"
    demo_source: str = "../data/demo.xlsx"
    demo_as_of: dt.date | None = None
    sheet: str = ""
    cache_ttl_seconds: int = Field(default=60, ge=0)
    language: Literal["vi", "en"] = "vi"
    # Google Sheet access (issue 4): the env var naming a service-account JSON key file,
    # and the bounded retry budget around every Google request.
    credentials_env: str = "DASHBOARD_SA_FILE"
    sheet_retry_tries: int = Field(default=3, ge=1, le=10)
    sheet_retry_budget_seconds: float = Field(default=10.0, gt=0, le=60)
    sheet_timeout_seconds: float = Field(default=6.0, gt=0, le=60)
    cache_dir: str = "../.cache"
    # Size limits on what is read from one tab (issue 6): rows (blank included), columns, characters per cell.
    max_rows: int = Field(default=200_000, ge=1)
    max_columns: int = Field(default=60, ge=1, le=18_278)
    max_cell_chars: int = Field(default=10_000, ge=100, le=50_000)
    # City scale (issue 7): a YAML file listing one source per district (services/ingest/multisource.py),
    # relative to config/; empty means one source (the sheet or the demo workbook).
    districts: str = ""


def _read_yaml(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: không tìm thấy tệp cấu hình") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: không đọc được tệp cấu hình ({err})") from None
    try:
        return yaml.safe_load(raw)
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


def _validate(model: type[_Model], data: Any, path: Path) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: tệp phải là một bảng khóa: giá trị (mapping)")
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = _format_loc(first["loc"])
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, _Invalid):
            loc = cause.loc
        more = f" (và {err.error_count() - 1} lỗi khác)" if err.error_count() > 1 else ""
        raise ConfigError(f"{path}: {loc}: {_problem(first)}{more}") from None


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
    return _validate(Plan, _read_yaml(file), file)


def load_schema(path: str | Path | None = None) -> SheetSchema:
    """Load and validate the sheet schema (default ``config/sheet.yaml``)."""
    file = Path(path) if path else CONFIG_DIR / "sheet.yaml"
    return _validate(SheetSchema, _read_yaml(file), file)


def load_settings(path: str | Path | None = None) -> Settings:
    """Load and validate runtime settings (default ``config/settings.yaml``)."""
    file = Path(path) if path else CONFIG_DIR / "settings.yaml"
    try:
        stat = file.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # _read_yaml says why, by name
    return _settings_at(file, stamp)


# Settings are asked for on every page rerun and read: parse the file again only when it changes.
@lru_cache(maxsize=8)
def _settings_at(file: Path, stamp: tuple[int, int] | None) -> Settings:
    return _validate(Settings, _read_yaml(file), file)


def resolve(path: str, base: Path = CONFIG_DIR) -> Path:
    """Resolve a path from a config file relative to the config folder."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (base / candidate).resolve()
