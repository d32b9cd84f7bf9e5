"""Imports run one way (geodata <- events <- reader <- atlas core <- UI/CLI): import-linter checks the contracts in
pyproject.toml, and a copy of the project with one upward import added shows the check fails."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
PACKAGES = ("atlas", "reader", "events", "geodata")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root),
                                                                                    "PATH": "/usr/bin:/bin"})


def _copy_project(project_root: Path, target: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(project_root / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(project_root / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_project_keeps_every_import_contract(project_root):
    result = lint_imports(project_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, upward, contract, chain", [
    ("geodata/place.py", "import atlas.store", "Layers", "geodata.place -> atlas.store"),
    ("events/filters.py", "from reader import read_report", "Layers", "events.filters -> reader"),
    ("atlas/store.py", "from atlas.ui import text", "Inside the app", "atlas.store -> atlas.ui"),
    ("events/schema.py", "import streamlit", "Streamlit only in the UI", "events.schema -> streamlit"),
])
def test_an_upward_import_breaks_the_check(project_root, tmp_path, module, upward, contract, chain):
    copy = _copy_project(project_root, tmp_path)
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{upward}  # added by the test\n", encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode != 0, result.stdout
    broken = result.stdout[result.stdout.index("Broken contracts"):]
    assert contract in broken and chain in broken
