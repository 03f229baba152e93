"""Layers that import-linter cannot see: app.py and pages/ are not packages, tests and benchmarks are apart.

pyproject.toml's import-linter contracts check ui and services (``make lint``);
this checks the scripts on top of them and the two consumers of testkit/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL = {"app", "pages", "ui", "services", "tests", "testkit", "benchmarks"}


def local_imports(path: Path) -> set[str]:
    """The repository's own top-level packages that ``path`` imports (in functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & LOCAL


SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_app_and_pages_import_only_ui_and_services(script: Path) -> None:
    assert local_imports(script) <= {"ui", "services"}


@pytest.mark.parametrize(
    ("folder", "forbidden"), [("tests", "benchmarks"), ("benchmarks", "tests"), ("testkit", "tests"),
                              ("testkit", "benchmarks"), ("services", "testkit"), ("ui", "testkit")],
)  # fmt: skip
def test_shared_generators_live_in_testkit_not_in_each_other(folder: str, forbidden: str) -> None:
    offenders = [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*.py") if forbidden in local_imports(p)]
    assert offenders == []


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    script = tmp_path / "page.py"
    script.write_text("import streamlit as st\n\ndef f():\n    from tests import conftest\n", encoding="utf-8")
    assert local_imports(script) == {"tests"}
