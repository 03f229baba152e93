"""The shipped systemd unit (deploy/dashboard@.service) passes ``systemd-analyze verify``.

The unit is checked as an instance (port 8501) with only the two paths that exist on a server and
not here (the venv's python, the checkout) pointed at this checkout; any message fails the test:
``verify`` exits 0 on an unknown key and only says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "dashboard@.service"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")

pytestmark = pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze not installed")


def _here(text: str) -> str:
    """The unit with the server's venv and checkout replaced by this machine's."""
    for server, local in (("/opt/dashboard/.venv/bin/python", sys.executable), ("/opt/dashboard", str(ROOT))):
        assert server in text, f"{server} not in {UNIT.name}"
        text = text.replace(server, local)
    return text


def _verify(text: str, folder: Path) -> str:
    unit = folder / "dashboard@8501.service"
    unit.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=60, cwd=folder
    )
    return f"exit {done.returncode}\n{done.stdout}{done.stderr}".strip()


def test_the_shipped_unit_verifies_without_a_message(tmp_path: Path) -> None:
    assert _verify(_here(UNIT.read_text(encoding="utf-8")), tmp_path) == "exit 0"


@pytest.mark.parametrize(
    ("line", "broken", "message"),
    [
        ("NoNewPrivileges=true", "NoNewPrivilege=true", "Unknown key"),
        ("Restart=on-failure", "Restart=on-failures", "Failed to parse"),
        ("ExecStart=" + sys.executable, "ExecStart=/no/such/venv/bin/python", "is not executable"),
    ],
)
def test_the_check_reports_a_broken_unit(tmp_path: Path, line: str, broken: str, message: str) -> None:
    text = _here(UNIT.read_text(encoding="utf-8"))
    assert line in text
    assert message in _verify(text.replace(line, broken), tmp_path)
