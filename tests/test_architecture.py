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


# Where settings are resolved: the top of the app (atlas.ui's resources, the command line, the launcher), the
# settings module itself, the sign-in rules' own resolution, and Alembic's own entry point. Everything else is
# handed values (one Settings object, resolved once, passed down).
RESOLVERS = {"atlas/settings.py", "atlas/ui/__init__.py", "atlas/cli.py", "atlas/launch.py", "atlas/auth.py",
             "atlas/migrations/env.py"}
RESOLVING_CALLS = {"get", "resolve", "database_url", "current_secrets", "operator_environ", "secrets_file"}


def _resolving_calls(source: str) -> list[int]:
    import ast
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RESOLVING_CALLS:
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in ("settings", "atlas_settings"):
                found.append(node.lineno)
    return found


def test_settings_are_resolved_only_at_the_top(project_root):
    sources = [p for package in PACKAGES for p in (project_root / package).rglob("*.py")]
    offenders = {str(p.relative_to(project_root)): _resolving_calls(p.read_text(encoding="utf-8")) for p in sources}
    offenders = {path: lines for path, lines in offenders.items() if lines and path not in RESOLVERS}
    assert offenders == {}
    assert _resolving_calls("from atlas import settings\nsettings.get('ATLAS_CHROMIUM')") == [2]   # the check can fail
