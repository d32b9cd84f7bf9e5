"""What the map's frame says by itself (a map that cannot be fetched) is in the interface's language."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from atlas import map_scripts
from atlas.i18n import translator

pytestmark = pytest.mark.slow   # runs the dashboard under Streamlit's AppTest


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_live_maps_failure_message_is_in_the_interface_language(monkeypatch, tmp_path, project_root, language):
    monkeypatch.chdir(project_root)
    monkeypatch.setattr(map_scripts, "MAPS_DIR", tmp_path / "maps")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EVENTS_DB_URL", "")
    monkeypatch.setenv("ATLAS_LANGUAGE", language)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    (frame,) = at.get("component_instance")
    script = json.loads(frame.proto.json_args)["script"]
    expected = translator(language).gettext(map_scripts.LOAD_FAILED)
    assert "{reason}" in expected and json.dumps(expected, ensure_ascii=False) in script
    assert (expected == map_scripts.LOAD_FAILED) is (language == "en")
