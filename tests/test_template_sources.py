"""No user text can become template source: an audit of the code, run as a test.

branca compiles ``Element(text)`` and ``Template(text)`` as Jinja templates, and re-compiles the
output of every folium macro the same way; folium's Tooltip and Popup put their text between
JavaScript backticks. So in our code a template is built only from a string literal, ``Element``
is never called with text (``atlas.map.page.RawText`` places finished HTML instead), and tooltips and
popups are never folium's (map tooltips travel as JSON feature data, escaped by markupsafe).
"""
import ast
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*PROJECT_ROOT.glob("atlas/**/*.py"), *PROJECT_ROOT.glob("events/**/*.py"),
                  *PROJECT_ROOT.glob("geodata/**/*.py"), *PROJECT_ROOT.glob("reader/**/*.py"),
                  PROJECT_ROOT / "dashboard.py"])
TEMPLATE_BUILDERS = {"Template", "from_string"}
FORBIDDEN_CALLS = {"Element", "Tooltip", "Popup", "Html", "IFrame"}
FORBIDDEN_KEYWORDS = {"tooltip", "popup"}


def _name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def problems(source: str, path: str = "<test>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{path}:{node.lineno}"
        if name in TEMPLATE_BUILDERS and not (node.args and isinstance(node.args[0], ast.Constant)):
            found.append(f"{where}: {name}() from something other than a string literal")
        if name in FORBIDDEN_CALLS and not (isinstance(node.func, ast.Attribute) and _name(node.func.value) == "alt"):
            found.append(f"{where}: {name}() compiles or scripts its text")   # (altair's alt.Tooltip is data)
        for keyword in node.keywords:
            if keyword.arg in FORBIDDEN_KEYWORDS and not (isinstance(keyword.value, ast.Constant)
                                                          and keyword.value.value is None):
                if _name(node.func) not in ("encode", "mark_point", "mark_bar"):     # altair's tooltip= is data
                    found.append(f"{where}: {keyword.arg}= hands text to folium's Tooltip/Popup")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_template_is_built_from_text(path):
    assert problems(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT))) == []


@pytest.mark.parametrize("source", [
    "Element(frame_html(briefing))",
    "branca.element.Element(title)",
    "Template(user_text)",
    "env.from_string(title)",
    "folium.Tooltip(name)",
    "folium.CircleMarker(p, tooltip=label)",
    "folium.Marker(p, popup=folium.Popup(note))",
])
def test_the_audit_catches_each_way_in(source):
    assert problems(source)
