"""``check-plan``: every problem of a plan file, one line each, and a one-screen summary of a good one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from services.core import strings, text
from services.core.config import ALL_PHASES, Plan, load
from services.core.errors import ConfigError

LIST_LIMIT = 8  # names shown per list before "... and N more"


@dataclass(frozen=True)
class Checked:
    """A checked plan file: the plan when it loaded, and every problem found (``file: key: problem``)."""

    plan: Plan | None
    problems: list[str]


def check(path: str | Path) -> Checked:
    """Validate a plan file with the normal loader's rules, collecting every problem instead of the first."""
    file = Path(path)
    try:
        data = load.read_yaml(file)  # bad YAML and duplicate keys, with line numbers
    except ConfigError as err:
        return Checked(None, [str(err)])
    if not isinstance(data, dict):
        return Checked(None, [f"{file}: tệp phải là một bảng khóa: giá trị (mapping)"])
    found: list[ValueError] = []
    try:
        plan = Plan.model_validate(data, context={"problems": found})
    except ValidationError as err:
        return Checked(None, load.problem_lines(err, file))
    problems = [f"{file}: {getattr(p, 'loc', '')}: {p}" for p in found]
    problems += [f"{file}: {where}: {problem}" for where, problem in _shared_names(plan)]
    return Checked(None if problems else plan, problems)


def _shared_names(plan: Plan) -> list[tuple[str, str]]:
    """Aliases that name two different units (or forms): a cell typed that way would be read as either."""
    out: list[tuple[str, str]] = []
    owners: dict[str, str] = {}
    for g, group in enumerate(plan.unit_groups):
        for u, unit in enumerate(group.units):
            for a, name in enumerate([unit.name, *unit.aliases]):
                owner = owners.setdefault(text.key(name), unit.name)
                if owner != unit.name:
                    where = f"unit_groups[{g}].units[{u}].aliases[{a - 1}]"
                    out.append((where, f"tên gọi '{name}' trùng với đơn vị '{owner}'"))
    forms: dict[str, str] = {}
    for f, form in enumerate(plan.forms):
        for a, name in enumerate(form.aliases):
            for k in {text.key(form.key), text.key(form.label), text.key(name)}:
                forms.setdefault(k, form.key)
            owner = forms[text.key(name)]
            if owner != form.key:
                out.append((f"forms[{f}].aliases[{a}]", f"tên gọi '{name}' trùng với hình thức '{owner}'"))
    return out


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _names(values: list[str], lang: str) -> str:
    shown = ", ".join(values[:LIST_LIMIT])
    more = len(values) - LIST_LIMIT
    return shown + (strings.t("plan_check_more", lang, n=more) if more > 0 else "")


def summary(plan: Plan, lang: str = "vi") -> str:
    """A one-screen summary: period, phases and their themes, milestones, forms, units, wards, reporting."""
    t = strings.t
    lines = [t("plan_check_title", lang, name=plan.name, area=plan.area_name or "-")]
    days = (plan.period.end - plan.period.start).days + 1
    lines.append(t("plan_check_period", lang, start=_day(plan.period.start), end=_day(plan.period.end), days=days))
    if plan.peak:
        lines.append(t("plan_check_peak", lang, start=_day(plan.peak.start), end=_day(plan.peak.end)))
    lines.append(t("plan_check_phases", lang, n=len(plan.phases)))
    for phase in plan.phases:
        codes = [th.code for th in plan.themes if th.phase == phase.key]
        span = f"{_day(phase.start)} - {_day(phase.end)}"
        lines.append(f"  {phase.key:<10} {span}  {phase.label}: {len(codes)} ({_names(codes, lang)})")
    cross = [th.code for th in plan.themes if th.phase == ALL_PHASES]
    if cross:
        lines.append(f"  {ALL_PHASES:<10} {t('plan_check_all_phases', lang)}: {len(cross)} ({_names(cross, lang)})")
    lines.append(t("plan_check_milestones", lang, n=len(plan.milestones)))
    for milestone in plan.milestones:
        form = f" [{milestone.form}]" if milestone.form else ""
        lines.append(f"  {_day(milestone.date)}  {milestone.key:<12} {milestone.label}{form}")
    lines.append(t("plan_check_forms", lang, n=len(plan.forms), names=_names([f.key for f in plan.forms], lang)))
    groups = [f"{g.key} ({len(g.units)})" for g in plan.unit_groups]
    lines.append(t("plan_check_units", lang, groups=len(groups), n=len(plan.units), names=_names(groups, lang)))
    approx = sum(1 for w in plan.wards if w.approximate)
    wards = _names([w.name for w in plan.wards], lang)
    lines.append(t("plan_check_wards", lang, n=len(plan.wards), approx=approx, names=wards))
    deadline = plan.milestone(plan.reporting.deadline)
    lines.append(
        t(
            "plan_check_reporting",
            lang,
            n=len(plan.expected_reporters),
            groups=", ".join(plan.reporting.expected_groups) or "-",
            date=_day(deadline.date),
            milestone=deadline.key,
        )
    )
    return "\n".join(lines)
