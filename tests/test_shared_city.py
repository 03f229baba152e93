"""Several districts on several replicas (issue 14 #6): each district's sheet is read once per TTL window
for all replicas, through the shared raw snapshot (services/ingest/shared.py, SharedSource)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml

from services.core import config
from services.ingest import google as sheets
from services.ingest import multisource, shared
from services.ingest.google import client
from services.ingest.raw import RawWorkbook, Source
from testkit import citywide, fake_sheets, messy

SCHEMA = config.load_schema()
TTL = 60.0
WINDOW = 1_000_000 * TTL  # a wall-clock time at the start of a TTL window


class Clock:
    def __init__(self) -> None:
        self.now = WINDOW + 1

    def __call__(self) -> float:
        return self.now


def _key(index: int) -> str:
    return f"district{index:02d}" + "k" * 30


class _Fake(fake_sheets.FakeSheets):
    broken: set[str] = set()  # noqa: RUF012 - set per test before the server answers

    def metadata(self, key: str, query: dict[str, list[str]]) -> dict:
        if key in self.broken:
            raise fake_sheets._ApiError(500, "Internal error")
        return super().metadata(key, query)


@pytest.fixture
def city_on_two_replicas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """30 district sheets on the fake; two CitySources (two replicas) sharing one folder and one clock."""
    monkeypatch.setattr(client, "_sleep", lambda seconds: None)
    plan, districts = citywide.build_plan()
    data = messy.generate(plan, districts, 600, seed=14)
    clock = Clock()
    with _Fake() as fake:
        fake.broken = {_key(7)}
        for index, sheet in enumerate(data):
            fake.add_book(_key(index), title=f"Hoạt động {sheet.district}")
            for title, rows in messy.sheets_values(sheet).items():
                fake.add_tab(_key(index), title, rows)
        rows = [{"name": d.name, "source": _key(i), "wards": list(d.ward_codes)} for i, d in enumerate(districts)]
        path = tmp_path / "districts.yaml"
        path.write_text(yaml.safe_dump({"districts": rows}, allow_unicode=True), encoding="utf-8")
        cfg = multisource.load_districts(path, plan)

        def replica(n: int) -> multisource.CitySource:
            settings = config.Settings(cache_dir=str(tmp_path / f"own-{n}"), cache_ttl_seconds=int(TTL), open_mode=True)

            def opener(spec: str) -> Source:
                source = sheets.GoogleSheetSource(spec, connection=fake.connection(tries=3), settings=settings)
                snapshot = shared.SharedSnapshot(
                    tmp_path / "shared", spec, TTL, clock=clock, kind=RawWorkbook, aligned=True
                )
                return shared.SharedSource(source, snapshot)

            return multisource.CitySource(cfg, base=tmp_path, opener=opener)

        yield fake, plan, [replica(0), replica(1)], clock


def _gets(fake: fake_sheets.FakeSheets) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, _, path in fake.calls:
        if kind == "batchGet":
            key = path.split("/v4/spreadsheets/", 1)[1].split("/", 1)[0]
            out[key] = out.get(key, 0) + 1
    return out


def test_thirty_districts_on_two_replicas_cost_thirty_reads_not_sixty(city_on_two_replicas: tuple) -> None:
    fake, plan, replicas, clock = city_on_two_replicas
    healthy = {_key(i) for i in range(30)} - fake.broken
    results: list[multisource.CityData] = []
    viewers = [threading.Thread(target=lambda r=r: results.append(r.read(plan, SCHEMA))) for r in replicas * 2]
    for viewer in viewers:
        viewer.start()
    for viewer in viewers:
        viewer.join()
    assert _gets(fake) == dict.fromkeys(healthy, 1)
    first, second = (r.read(plan, SCHEMA) for r in replicas)
    assert len(first.data.activities) == len(second.data.activities) > 0
    assert [s.state for s in first.statuses] == [s.state for s in second.statuses]

    # The next TTL window: again one read per sheet for both replicas. (The clock of the shared files moves;
    # the sources' own version is their real TTL window, so each replica is asked to read with force.)
    clock.now += TTL
    fake.reset_counts()
    for r in replicas:
        r.read(plan, SCHEMA, force=True)
    assert _gets(fake) == dict.fromkeys(healthy, 1)


def test_the_refresh_button_reads_again_once_and_the_other_replica_gets_that_read(
    city_on_two_replicas: tuple,
) -> None:
    fake, plan, replicas, clock = city_on_two_replicas
    healthy = {_key(i) for i in range(30)} - fake.broken
    for r in replicas:
        r.read(plan, SCHEMA)
    fake.reset_counts()
    clock.now += TTL / 2
    replicas[1].read(plan, SCHEMA, force=True)  # still this window: the shared read is fresh
    assert _gets(fake) == {}
    for source in replicas[0]._sources.values():  # what ui.store.clear does in this replica
        source.request_refresh()
    clock.now += 1
    replicas[0].read(plan, SCHEMA, force=True)
    replicas[1].read(plan, SCHEMA, force=True)
    assert _gets(fake) == dict.fromkeys(healthy, 1)
