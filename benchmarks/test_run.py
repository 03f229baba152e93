"""``benchmarks.run`` is honest about answers: 0 when every figure agrees, 1 when one differs (issue 14).

A test of the benchmark itself, so it lives beside it (tests/ and benchmarks/ do not import each other).

No timing is asserted: the machine is shared and timings are the benchmark's output, not a test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import run

ROWS = "300"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


def test_quick_run_agrees_and_exits_0(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--quick", "--sizes", ROWS, "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "DIFFERENT ANSWER" not in out
    assert "reader + metrics, cold" in out and "whole process: `summary` on the .xlsx" in out
    assert "time-to-content" not in out  # --quick skips the browser


def test_big_first_load_is_measured_and_in_the_targets(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--quick", "--sizes", ROWS, "--big", "--big-rows", ROWS, "--no-streamlit", "--data", str(data_dir)]
    assert run.main(argv) == 0
    out = capsys.readouterr().out
    first_page = next(line for line in out.splitlines() if line.startswith("| whole process: imports, plan"))
    assert first_page.rstrip(" |").endswith("MB")
    target = next(line for line in out.splitlines() if "dashboard first load" in line)
    assert "≤ 10 s / ≤ 500 MB" in target and "MB**" in target


def _more_valid(result: dict[str, Any]) -> None:
    result["baseline_answer"]["rows"]["valid"] += 1


def _one_form_off(result: dict[str, Any]) -> None:
    result["baseline_script_answer"]["forms"]["sinh_hoat"] += 1


@pytest.mark.parametrize(("where", "tamper"), [("part", _more_valid), ("process", _one_form_off)])
def test_a_tampered_baseline_answer_exits_1(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str, tamper: Any
) -> None:
    real = run.run_part if where == "part" else run.processes

    def tampered(*args: Any) -> dict[str, Any]:
        result = real(*args)
        if "baseline_answer" in result or "baseline_script_answer" in result:
            tamper(result)
        return result

    monkeypatch.setattr(run, "run_part" if where == "part" else "processes", tampered)
    assert run.main(["--quick", "--sizes", ROWS, "--data", str(data_dir)]) == 1
    assert "DIFFERENT ANSWER" in capsys.readouterr().out


def test_replicas_count_requests_per_ttl(data_dir: Path) -> None:
    """Two replica processes × 4 sessions: two reads when each keeps its own, one with the shared snapshot."""
    import json

    from benchmarks import replicas

    folder = run.prepare(data_dir, int(ROWS))
    values = json.loads((folder / "values.json").read_text(encoding="utf-8"))
    counted = replicas.requests_per_ttl(values, folder / "plan.yaml", replicas=2, sessions=4)
    assert (counted["requests_own"], counted["requests_shared"]) == (2, 1)
    rows = counted["sessions_shared"]
    assert len(rows) == 8 and set(rows) == set(counted["sessions_own"]) and rows[0] > 0


@pytest.mark.browser
def test_the_browser_part_times_the_city_map_drawn_on_canvas(data_dir: Path) -> None:
    """A real server and chromium on the citywide plan: the map page's two charts drawn, on canvas; CPU counted."""
    import json
    import subprocess
    import sys

    from benchmarks import capacity

    if not Path(capacity.CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    run.prepare(data_dir, int(ROWS))
    # Its own process, as benchmarks.run runs it: sync Playwright cannot start inside another test's loop.
    command = [sys.executable, "-m", "benchmarks.browser", "--json", "--data", str(data_dir), "--rows", ROWS,
               "--repeat", "1", "--sessions", "1", "--pages", "map"]  # fmt: skip
    done = subprocess.run(command, cwd=run.ROOT, capture_output=True, text=True, check=True, timeout=600)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    page = result["pages"][run.MAP_PAGE]
    assert page["charts"] == 2 and page["renderers"] == [
        "canvas",
        "canvas",
    ]  # 580 tiles; 30 wards × 10 forms
    assert page["wall"] > 0 and result["cpu_per_session"] > 0 and result["cpu_per_returning_session"] > 0
    assert result.get("nginx_cpu_per_session", 0) > 0 or "nginx_skipped" in result  # through deploy/'s nginx
    result["pages"] = {run.MAP_PAGE: page}
    table = run.targets((int(ROWS), {**_core_only(), "browser": result}))
    assert "580-ward map page, browser time-to-content" in table and "server CPU per new session" in table


def _core_only() -> dict[str, Any]:
    """The fields ``run.targets`` always reads, as a part that measured nothing else would give them."""
    zero = [0.0, 0.0]
    return {"reader_cold": zero, "metrics_cold": zero, "yaml_safe": zero, "plan_load": zero}
