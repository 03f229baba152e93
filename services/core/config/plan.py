"""The plan as data (``config/plan.yaml``): period, phases, milestones, themes, forms, units, wards."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from functools import cached_property
from typing import Protocol

from pydantic import Field, ValidationInfo, model_validator

from services.core import text
from services.core.config.model import _duplicates, _Invalid, _Model

ALL_PHASES = "all"


class _Labelled(Protocol):  # Phase, Milestone, Theme, Form, UnitGroup (frozen models: read-only)
    @property
    def label(self) -> str: ...
    @property
    def label_en(self) -> str: ...


def label(item: _Labelled, lang: str = "vi") -> str:
    """What the dashboard shows for a phase, milestone, theme, form or unit group: English when the plan has it."""
    return item.label_en if lang == "en" and item.label_en else item.label


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
    label_en: str = ""  # shown in English mode; the label when empty


class Milestone(_Model):
    key: str
    date: dt.date
    label: str
    label_en: str = ""  # shown in English mode; the label when empty
    form: str | None = None  # a form that must be done by this date (trang_tri)


SHORT_LABEL_MAX = 40  # characters: a theme's name fits an alert line, a badge's tooltip, a PDF row


class Theme(_Model):
    code: str
    phase: str
    label: str
    label_en: str = ""  # shown in English mode; the label when empty
    short: str = Field(default="", max_length=60)  # a few words for alerts and lists; the label is cut without it
    min_activities: int = Field(default=1, ge=1)

    @property
    def short_label(self) -> str:
        """The plan's short label, or the full label cut at a word boundary."""
        return self.short.strip() or text.shorten(self.label, SHORT_LABEL_MAX)

    @property
    def name(self) -> str:
        """Code and short label, the way a theme is named wherever its code appears: ``ND1.5 (Góp ý…)``."""
        return f"{self.code} ({self.short_label})"


class Form(_Model):
    key: str
    label: str
    label_en: str = ""  # shown in English mode; the label when empty
    aliases: list[str] = []


class Unit(_Model):
    name: str
    aliases: list[str] = []
    ward: str | None = None


class UnitGroup(_Model):
    key: str
    label: str
    label_en: str = ""  # shown in English mode; the label when empty
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


class Plan(_Model):
    """A campaign plan: period, phases, milestones, themes, forms, units, wards."""

    name: str
    short_name: str
    area_name: str = ""
    # What one area is called in this plan (phường, xã, xã/thị trấn, tổ dân phố…) and the level above it,
    # in Vietnamese and English; user-visible texts use these words (services/core/strings).
    area_level: str = "phường"
    area_level_en: str = "ward"
    area_level_en_plural: str = ""  # default: area_level_en + "s"
    district_level: str = "quận"
    district_level_en: str = "district"
    district_wide_en: str = ""  # English label for district-wide activities (default "District-wide")
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
    def _consistent(self, info: ValidationInfo) -> Plan:
        # check-plan passes context={"problems": []} to hear every problem, not just the first.
        collect = info.context.get("problems") if isinstance(info.context, dict) else None
        for problem in self._problems():
            if collect is None:
                raise problem
            collect.append(problem)
        return self

    def _problems(self) -> Iterator[_Invalid]:
        """Every cross-field problem, in file order of the sections."""
        phase_keys = [p.key for p in self.phases]
        yield from _duplicates(phase_keys, "giai đoạn", "phases[{}].key")
        yield from _duplicates([m.key for m in self.milestones], "mốc", "milestones[{}].key")
        yield from _duplicates([t.code for t in self.themes], "mã nội dung", "themes[{}].code")
        yield from _duplicates([f.key for f in self.forms], "hình thức", "forms[{}].key")
        yield from _duplicates([w.code for w in self.wards], "mã phường", "wards[{}].code")
        yield from _duplicates([w.name for w in self.wards], "tên phường", "wards[{}].name")
        unit_paths = [
            f"unit_groups[{g}].units[{u}].name" for g, grp in enumerate(self.unit_groups) for u in range(len(grp.units))
        ]
        yield from _duplicates([u.name for u in self.units], "đơn vị", "{}", unit_paths)
        yield from self._timeline_problems(phase_keys)
        yield from self._reference_problems()

    def _timeline_problems(self, phase_keys: list[str]) -> Iterator[_Invalid]:
        for index, phase in enumerate(self.phases):
            if not (self.period.contains(phase.start) and self.period.contains(phase.end)):
                yield _Invalid(f"phases[{index}]", f"giai đoạn '{phase.key}' nằm ngoài thời gian kế hoạch (period)")
        ordered = sorted(self.phases, key=lambda p: p.start)
        for before, after in itertools.pairwise(ordered):
            where = f"phases[{self.phases.index(after)}].start"
            if after.start <= before.end:
                yield _Invalid(where, f"giai đoạn '{after.key}' chồng lên giai đoạn '{before.key}'")
            elif after.start != before.end + dt.timedelta(
                days=1
            ):  # docs/reading-contract.md §3: no day without a phase
                yield _Invalid(where, f"có khoảng trống giữa giai đoạn '{before.key}' và '{after.key}'")
        if ordered[0].start != self.period.start or ordered[-1].end != self.period.end:
            yield _Invalid("phases", "các giai đoạn phải phủ kín thời gian kế hoạch (từ period.start đến period.end)")
        for index, milestone in enumerate(self.milestones):
            if not self.period.contains(milestone.date):
                where = f"milestones[{index}].date"
                yield _Invalid(where, f"mốc {milestone.key} ({milestone.date}) nằm ngoài thời gian kế hoạch (period)")
        if self.peak and not (self.period.contains(self.peak.start) and self.period.contains(self.peak.end)):
            yield _Invalid("peak", "thời gian cao điểm nằm ngoài thời gian kế hoạch (period)")
        for index, theme in enumerate(self.themes):
            if theme.phase != ALL_PHASES and theme.phase not in phase_keys:
                yield _Invalid(f"themes[{index}].phase", f"nội dung {theme.code}: giai đoạn '{theme.phase}' không có")

    def _reference_problems(self) -> Iterator[_Invalid]:
        form_keys = {f.key for f in self.forms}
        for index, milestone in enumerate(self.milestones):
            if milestone.form and milestone.form not in form_keys:
                where = f"milestones[{index}].form"
                yield _Invalid(where, f"mốc {milestone.key}: hình thức '{milestone.form}' không có")
        for key in [*self.document.quantity_units, *self.document.opinion_forms]:
            if key not in form_keys:
                yield _Invalid("document", f"hình thức '{key}' không có")
        ward_codes = {w.code for w in self.wards}
        for g, group in enumerate(self.unit_groups):
            for u, unit in enumerate(group.units):
                if unit.ward and unit.ward not in ward_codes:
                    where = f"unit_groups[{g}].units[{u}].ward"
                    yield _Invalid(where, f"đơn vị '{unit.name}': mã phường '{unit.ward}' không có")
        if self.reporting.deadline not in {m.key for m in self.milestones}:
            yield _Invalid("reporting.deadline", f"mốc '{self.reporting.deadline}' không có trong milestones")
        group_keys = {g.key for g in self.unit_groups}
        for index, expected in enumerate(self.reporting.expected_groups):
            if expected not in group_keys:
                yield _Invalid(f"reporting.expected_groups[{index}]", f"nhóm '{expected}' không có")
        unit_keys = {text.key(u.name) for u in self.units}
        for index, name in enumerate(self.reporting.expected_units):
            if text.key(name) not in unit_keys:
                yield _Invalid(f"reporting.expected_units[{index}]", f"đơn vị '{name}' không có")

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
    def theme_names(self) -> dict[str, str]:
        """Theme code -> :attr:`Theme.name` (code and short label)."""
        return {t.code: t.name for t in self.themes}

    @cached_property
    def ward_names(self) -> dict[str, str]:
        return {w.code: w.name for w in self.wards}
