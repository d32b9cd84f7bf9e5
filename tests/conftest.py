"""Generic fixtures shared by every test package."""
import re
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def seeds_dir(project_root) -> Path:
    return project_root / "seeds"


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")    # CommonMark: a backslash before ASCII punctuation


def _shown(markdown_source: str) -> str:
    """What a reader sees of Markdown source that only escapes user text: backslash escapes undone,
    invisible isolation marks (FSI/PDI) dropped."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown_source).replace("\u2068", "").replace("\u2069", "")


@pytest.fixture(scope="session")
def shown_text():
    """``shown_text(element.value)``: the text a Streamlit Markdown element shows (for assertions)."""
    return _shown
