"""The catalog check CI runs: every interface string extracted from the code has a confirmed translation in every
catalog, with the same placeholders; and the check fails on a new string, a gap or a broken placeholder."""
from __future__ import annotations

import re
import shutil

import pytest

from atlas.i18n import LANGUAGES
from atlas.i18n_catalogs import extract, po_path, problems, read_catalog, update


@pytest.fixture(scope="module")
def template(project_root):
    return extract(project_root)


def test_the_code_has_interface_strings_to_translate(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert {"Add an event", "Save as draft", "exit attempt"} <= ids
    assert len(ids) > 200


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_catalog_translates_every_interface_string(template, language):
    assert problems(template, language) == []


def _copy_catalogs(project_root, tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(project_root / "atlas" / "locale", locale)
    return locale


def test_a_new_string_in_the_code_fails_the_check(project_root, tmp_path, template):
    source = tmp_path / "src" / "atlas"
    source.mkdir(parents=True)
    (source / "panel.py").write_text('from atlas.i18n import translator\n_ = translator("ar").gettext\n'
                                     'print(_("A string no catalog has yet"))\n', encoding="utf-8")
    found = extract(tmp_path / "src")
    merged = template.__class__(domain="atlas")
    for message in [*template, *found]:
        if message.id:
            merged.add(message.id, locations=message.locations)
    gaps = problems(merged, "ar")
    assert gaps and all("A string no catalog has yet" in gap for gap in gaps)
    assert "not in the catalog" in gaps[0] and "panel.py" in gaps[0]


def test_an_empty_or_fuzzy_translation_or_a_foreign_placeholder_fails(project_root, tmp_path, template):
    locale = _copy_catalogs(project_root, tmp_path)
    path = po_path("ar", locale)
    catalog = read_catalog(path, "ar")
    templated = next(m for m in catalog if m.id and "{" in str(m.id) and isinstance(m.id, str))
    plain = next(m for m in catalog if m.id and "{" not in str(m.id) and isinstance(m.id, str))
    fuzzy = next(m for m in catalog if m.id and m.id not in (templated.id, plain.id) and isinstance(m.id, str))
    templated.string = templated.string + " {stray}"
    plain.string = ""
    fuzzy.flags.add("fuzzy")
    from babel.messages.pofile import write_po
    with path.open("wb") as handle:
        write_po(handle, catalog)
    gaps = "\n".join(problems(template, "ar", locale))
    assert "stray" in gaps and repr(plain.id) in gaps and f"{fuzzy.id!r}" in gaps
    assert "no confirmed translation" in gaps


def test_update_adds_new_strings_empty_and_fills_english(project_root, tmp_path):
    root = tmp_path / "src"
    (root / "atlas").mkdir(parents=True)
    (root / "atlas" / "panel.py").write_text('_ = str\nN_ = str\nA = N_("Label one")\nprint(_("Label two"))\n',
                                             encoding="utf-8")
    locale = tmp_path / "locale"
    template = update(root, locale)
    assert {m.id for m in template if m.id} == {"Label one", "Label two"}
    assert (locale / "atlas.pot").is_file()
    assert {m.id: m.string for m in read_catalog(po_path("en", locale), "en") if m.id} == {
        "Label one": "Label one", "Label two": "Label two"}
    assert len(problems(template, "ar", locale)) == 2      # Arabic waits for a translator


_LITERAL_IN_F_STRING = re.compile(r"""\bf(["'])[^"'\n]*\{(?:_|gettext|N_)\(\s*["']""")


def test_no_interface_string_hides_inside_an_f_string(project_root):
    """Babel does not look inside f-strings: a _("...") there would never reach the catalogs."""
    found = [f"{path.relative_to(project_root)}:{number}"
             for path in sorted([*project_root.glob("atlas/**/*.py"), project_root / "dashboard.py"])
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if _LITERAL_IN_F_STRING.search(line)]
    assert found == []


def test_the_f_string_check_finds_one():
    assert _LITERAL_IN_F_STRING.search("""st.error(f"{_('Editing is off.')} {x}")""")
    assert not _LITERAL_IN_F_STRING.search("""st.error(f"{_(title)}: {x}")""")
