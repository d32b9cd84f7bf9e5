"""Generic fixtures shared by every test package."""
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def seeds_dir(project_root) -> Path:
    return project_root / "seeds"
