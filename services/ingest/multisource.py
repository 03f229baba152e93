"""Several district sources in one plan: read concurrently, fail separately, merge.

A districts file (YAML) lists one source per district::

    max_workers: 8            # optional; threads reading sources at once
    districts:
      - name: "Long Biên"
        source: "long-bien.xlsx"      # a workbook, a CSV folder or a Google Sheet
        wards: ["00115", "00118"]     # optional: the plan's ward codes of this district

Each district is read in its own thread with its own error handling and its
own cache (one parsed dataset per source version): a broken, missing or
unshared source degrades only that district, which is named in its status,
and its last good data (if any) is kept and marked stale. Google Sheets'
retries and on-disk stale snapshots are the Sheets source's own; this module
only keeps one source object per district so a sheet's metadata is read once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.core import config, strings, text
from services.core.config import Plan, SheetSchema
from services.core.errors import ConfigError, DashboardError
from services.ingest import loader
from services.ingest.raw import RawWorkbook, Source
from services.ingest.reading import reader
from services.ingest.reading.reader import Activity, Dataset

log = logging.getLogger(__name__)
State = Literal["ok", "stale", "failed"]


class District(BaseModel):
    """One district: its display name, its source and (optionally) its ward codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    source: str = Field(min_length=1)
    wards: list[str] = []


class DistrictsConfig(BaseModel):
    """The districts file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_workers: int = Field(default=8, ge=1, le=64)
    districts: list[District] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> DistrictsConfig:
        names: set[str] = set()
        owner: dict[str, str] = {}
        for district in self.districts:
            if text.key(district.name) in names:
                raise ValueError(f"quận/huyện '{district.name}' bị trùng")
            names.add(text.key(district.name))
            for code in district.wards:
                if code in owner:
                    raise ValueError(f"mã phường '{code}' thuộc cả '{owner[code]}' và '{district.name}'")
                owner[code] = district.name
        return self


def load_districts(path: str | Path, plan: Plan | None = None) -> DistrictsConfig:
    """Load and validate a districts file; with ``plan``, check its ward codes exist."""
    file = Path(path)
    cfg: DistrictsConfig = config.validate(DistrictsConfig, config.read_yaml(file), file)
    if plan is not None:
        known = set(plan.ward_names)
        for index, district in enumerate(cfg.districts):
            for code in district.wards:
                if code not in known:
                    raise ConfigError(f"{file}: districts[{index}].wards: mã phường '{code}' không có trong kế hoạch")
    return cfg


@dataclass(frozen=True)
class DistrictStatus:
    """How one district's read went; ``message`` (Vietnamese) names the district."""

    name: str
    state: State
    message: str | None = None
    read: int = 0
    valid: int = 0
    errors: int = 0
    read_at: dt.datetime | None = None


@dataclass
class CityData:
    """The merged dataset, each district's own dataset, and every district's status."""

    data: Dataset
    parts: dict[str, Dataset]
    statuses: list[DistrictStatus]
    origin: dict[int, str] = field(default_factory=dict)  # id(activity) -> district
    config: DistrictsConfig | None = None

    @property
    def degraded(self) -> list[DistrictStatus]:
        """Districts that failed or show older data: what a banner must name."""
        return [s for s in self.statuses if s.state != "ok"]

    def district_of(self, activity: Activity) -> str | None:
        return self.origin.get(id(activity))


def merge(parts: Sequence[tuple[str, Dataset]], lang: str = "vi") -> Dataset:
    """One dataset from several: records concatenated, problems named ``District / Tab``."""
    problems = [
        dataclasses.replace(p, sheet=f"{name} / {p.sheet}") for name, data in parts for p in data.problems
    ]  # fmt: skip
    stale = [f"{name}: {data.stale_reason}" for name, data in parts if data.stale_reason]
    times = [data.read_at for _, data in parts if data.read_at is not None]
    return Dataset(
        activities=[a for _, data in parts for a in data.activities],
        reports=[r for _, data in parts for r in data.reports],
        problems=problems,
        read=sum(data.read for _, data in parts),
        errors=sum(data.errors for _, data in parts),
        label=strings.t("city_label", lang, n=len(parts)),
        kind="multi",
        read_at=min(times) if times else None,
        stale_reason="; ".join(stale) or None,
    )


Opener = Callable[[str], Source]


class CitySource:
    """Reads every district of a districts file; keeps one source and one cache per district."""

    def __init__(self, cfg: DistrictsConfig, base: Path = config.CONFIG_DIR, opener: Opener = loader.open_source):
        self.cfg = cfg
        self.base = base
        self._opener = opener
        self._sources: dict[str, Source] = {}
        self._cache: dict[str, tuple[str, int, Dataset]] = {}  # name -> (version, id(plan), dataset)
        self._failed: dict[str, tuple[str, int, DashboardError]] = {}  # name -> (version, id(plan), error)
        self._locks = {d.name: threading.Lock() for d in cfg.districts}
        self._digests: dict[str, bytes] = {}  # name -> digest of the cells last parsed
        self._refresh = False
        self._last: tuple[tuple[object, ...], CityData] | None = None

    @classmethod
    def from_file(cls, path: str | Path, plan: Plan | None = None) -> CitySource:
        file = Path(path).resolve()
        return cls(load_districts(file, plan), base=file.parent)

    def _spec(self, district: District) -> str:
        spec = district.source.strip()
        if loader.is_local(spec):
            candidate = Path(spec)
            return str(candidate if candidate.is_absolute() else (self.base / candidate).resolve())
        return spec

    def _source(self, district: District) -> Source:
        if district.name not in self._sources:
            self._sources[district.name] = self._opener(self._spec(district))
        return self._sources[district.name]

    def _read_one(self, district: District, plan: Plan, schema: SheetSchema, force: bool) -> Dataset:
        """The district's dataset, re-read only when its source's version changed (or ``force``)."""
        with self._locks[district.name]:  # viewers arriving together share one read
            source = self._source(district)
            version = source.version()
            hit = self._cache.get(district.name)
            if hit and not force and hit[0] == version and hit[1] == id(plan):
                return hit[2]
            failed = self._failed.get(district.name)
            if failed and not force and failed[0] == version and failed[1] == id(plan):
                # A failing sheet is asked once per version, not once per viewer (a fresh copy per caller).
                raise type(failed[2])(*failed[2].args)
            try:
                raw = source.read()
            except DashboardError as err:
                self._failed[district.name] = (version, id(plan), err)
                raise
            self._failed.pop(district.name, None)
            digest = _digest(raw)
            if hit and hit[1] == id(plan) and self._digests.get(district.name) == digest:
                # Same cells as last time (a sheet re-fetched after its TTL): keep the parsed records.
                data = dataclasses.replace(hit[2], read_at=raw.read_at, stale_reason=raw.stale_reason)
            else:
                data = reader.read(raw, plan, schema)
            self._digests[district.name] = digest
            self._cache[district.name] = (version, id(plan), data)
            return data

    def _attempt(
        self, district: District, plan: Plan, schema: SheetSchema, force: bool, lang: str
    ) -> tuple[Dataset | None, DistrictStatus]:
        name = district.name
        try:
            data = self._read_one(district, plan, schema, force)
        except DashboardError as err:
            reason = str(err)
        except Exception as err:  # one district's bug or odd file must not take the city down
            log.exception("district %s: unexpected error while reading", name)
            reason = strings.t("city_unexpected", lang, kind=type(err).__name__)
        else:
            if data.stale_reason:
                message = strings.t("city_district_stale", lang, district=name, reason=data.stale_reason)
                return data, _status(name, "stale", message, data)
            return data, _status(name, "ok", None, data)
        hit = self._cache.get(name)
        if hit is not None and hit[1] == id(plan):
            message = strings.t("city_district_stale", lang, district=name, reason=reason)
            return hit[2], _status(name, "stale", message, hit[2])
        return None, DistrictStatus(
            name, "failed", strings.t("city_district_failed", lang, district=name, error=reason)
        )

    def request_refresh(self) -> None:
        """Make the next :meth:`read` fetch every district again (the refresh button)."""
        self._refresh = True

    def read(self, plan: Plan, schema: SheetSchema, *, force: bool = False, lang: str = "vi") -> CityData:
        """Read all districts concurrently; a failure degrades only its own district.

        When no district's data changed, the previous result is returned as the
        same object, so pages' caches keyed on it stay warm.
        """
        force, self._refresh = force or self._refresh, False
        workers = min(self.cfg.max_workers, len(self.cfg.districts))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="district") as pool:
            futures = [pool.submit(self._attempt, d, plan, schema, force, lang) for d in self.cfg.districts]
            results = [f.result() for f in futures]
        key = (lang, *((id(data), status) for data, status in results))
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        parts = [(s.name, data) for data, s in results if data is not None]
        origin = {id(a): name for name, data in parts for a in data.activities}
        city = CityData(merge(parts, lang), dict(parts), [s for _, s in results], origin, self.cfg)
        self._last = (key, city)
        return city


def _digest(raw: RawWorkbook) -> bytes:
    """A digest of every tab's cells: equal digests mean the reader would give the same records."""
    cells = [(title, tab.header, tab.rows) for title, tab in sorted(raw.tabs.items())]
    return hashlib.blake2b(pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


def _status(name: str, state: State, message: str | None, data: Dataset) -> DistrictStatus:
    return DistrictStatus(name, state, message, data.read, data.valid, data.errors, data.read_at)


@dataclass(frozen=True)
class DistrictTally:
    """One district's counted activities, their participants and the wards they reached."""

    name: str
    activities: int
    participants: int
    wards_reached: int
    wards_total: int  # 0 when the districts file does not list the district's wards
    forms: int  # distinct forms of activity used
    lat: float | None  # mean of its wards' centroids, for a district-level map
    lon: float | None


def district_tallies(
    city: CityData, cfg: DistrictsConfig, plan: Plan, activities: Sequence[Activity]
) -> list[DistrictTally]:
    """Per district, in file order: figures over ``activities`` (already counted/filtered)."""
    count: Counter[str] = Counter()
    people: Counter[str] = Counter()
    reached: dict[str, set[str]] = {d.name: set() for d in cfg.districts}
    forms: dict[str, set[str]] = {d.name: set() for d in cfg.districts}
    for activity in activities:
        name = city.district_of(activity)
        if name is None:
            continue
        count[name] += 1
        people[name] += activity.participants or 0
        reached[name].update(activity.wards)
        forms[name].add(activity.form)
    wards = {w.code: w for w in plan.wards}
    out: list[DistrictTally] = []
    for district in cfg.districts:
        own = [wards[c] for c in district.wards if c in wards]
        hit = reached[district.name] & set(district.wards) if own else reached[district.name]
        lat = sum(w.lat for w in own) / len(own) if own else None
        lon = sum(w.lon for w in own) / len(own) if own else None
        name = district.name
        out.append(DistrictTally(name, count[name], people[name], len(hit), len(own), len(forms[name]), lat, lon))
    return out


_MAP_PLANS: dict[tuple[int, int], tuple[Plan, DistrictsConfig, Plan | None]] = {}


def district_code(index: int) -> str:
    """The code of a district on the district-level map (its position in the districts file)."""
    return f"Q{index + 1:02d}"


def district_plan(plan: Plan, cfg: DistrictsConfig) -> Plan | None:
    """The plan with one point per district (at its wards' mean centroid), for a district-level map.

    ``None`` when the districts file lists no wards (no position is known).
    """
    key = (id(plan), id(cfg))
    hit = _MAP_PLANS.get(key)
    if hit is not None and hit[0] is plan and hit[1] is cfg:
        return hit[2]
    wards = {w.code: w for w in plan.wards}
    points = []
    for index, district in enumerate(cfg.districts):
        own = [wards[c] for c in district.wards if c in wards]
        if own:
            lat, lon = sum(w.lat for w in own) / len(own), sum(w.lon for w in own) / len(own)
            points.append({"code": district_code(index), "name": district.name, "lat": lat, "lon": lon})
    result = None
    if points:
        data = plan.model_dump()
        data.update(wards=points, unit_groups=[], map={"geojson": None, "ward_property": None})
        data["reporting"] = {**data["reporting"], "expected_groups": [], "expected_units": []}
        result = Plan.model_validate(data)
    _MAP_PLANS[key] = (plan, cfg, result)
    return result


def district_values(cfg: DistrictsConfig, tallies: Sequence[DistrictTally], metric: str) -> dict[str, float]:
    """Per district map code: activities, participants or forms used (as ``coverage.ward_values``)."""
    by_name = {t.name: t for t in tallies}
    return {
        district_code(i): float(getattr(by_name[d.name], metric))
        for i, d in enumerate(cfg.districts)
        if d.name in by_name
    }


def ward_districts(cfg: DistrictsConfig) -> dict[str, str]:
    """Ward code -> district name, from the districts file (for a district-level map)."""
    return {code: d.name for d in cfg.districts for code in d.wards}
