"""The translation catalogs' upkeep: extract the interface strings from the code, update the catalogs, check them.

    python -m atlas.i18n_catalogs update   # after adding or changing strings: writes atlas.pot, merges every .po
    python -m atlas.i18n_catalogs check    # what CI runs (tests/atlas/test_i18n_catalogs.py): exit 1 on a gap

Strings are found by Babel's Python extractor in ``atlas``, ``events``, ``geodata``, ``reader`` and
``dashboard.py``: the first argument of ``_``, ``gettext``, ``N_`` and ``Message`` (``geodata.message``), and
both of ``ngettext``. The English catalog holds each msgid as its own translation; other languages are written
by a translator in the ``.po`` (a new string arrives there empty, and the check fails until it is translated).
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from atlas.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Message": None}
SOURCE_DIRS = ("atlas", "events", "geodata", "reader")
SOURCE_FILES = ("dashboard.py",)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def extract(root: Path = PROJECT_ROOT, *, dirs=SOURCE_DIRS, files=SOURCE_FILES) -> Catalog:
    """Every interface string in the code under ``root``, with where it is used."""
    template = Catalog(domain=DOMAIN, project="Checkpoint Atlas", fuzzy=False)
    method_map = [("**/locale/**", "ignore"), ("**/migrations/**", "ignore"), ("**.py", "python")]

    def add(found) -> None:
        for filename, lineno, message, comments, context in found:
            if message and (message[0] if isinstance(message, tuple) else message):
                template.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)

    for name in dirs:
        if (root / name).is_dir():
            for filename, lineno, message, comments, context in extract_from_dir(
                    root / name, method_map, keywords=KEYWORDS, comment_tags=("i18n:",)):
                add([(f"{name}/{filename}", lineno, message, comments, context)])
    for name in files:
        if (root / name).is_file():
            add((name, lineno, message, comments, context) for lineno, message, comments, context in
                extract_from_file("python", str(root / name), keywords=KEYWORDS, comment_tags=("i18n:",)))
    return template


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text or ""))


def problems(template: Catalog, language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Why the ``language`` catalog does not cover ``template``: a msgid missing or left over, a translation
    missing or fuzzy, or a translation whose ``{placeholders}`` differ from the English. Empty: complete."""
    path = po_path(language, locale_dir)
    if not path.is_file():
        return [f"{language}: no catalog at {path}"]
    catalog = read_catalog(path, language)
    found = []
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        entry = catalog.get(message.id, context=message.context)
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if entry is None:
            found.append(f"{language}: {key!r} ({where}) is not in the catalog")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            found.append(f"{language}: {key!r} ({where}) has no {'confirmed ' if entry.fuzzy else ''}translation")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for string in strings:
            if not _placeholders(string) <= wanted:
                found.append(f"{language}: the translation of {key!r} has placeholders "
                             f"{sorted(_placeholders(string) - wanted)} the English lacks")
    for entry in catalog:
        if entry.id and template.get(entry.id, context=entry.context) is None:
            key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
            found.append(f"{language}: {key!r} is in the catalog but no longer in the code (run update)")
    return found


def update(root: Path = PROJECT_ROOT, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """Write the template (``atlas.pot``) and merge it into every language's ``.po`` (new strings empty, except
    English, whose translation is its msgid; strings no longer used are dropped)."""
    template = extract(root)
    locale_dir.mkdir(parents=True, exist_ok=True)
    with (locale_dir / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, width=120, include_lineno=False)   # (paths only: stable diffs)
    for language in LANGUAGES:
        path = po_path(language, locale_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read_catalog(path, language) if path.is_file() else Catalog(locale=language, domain=DOMAIN,
                                                                             project="Checkpoint Atlas")
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)   # (update shares the template's entries)
        catalog.obsolete.clear()
        if language == DEFAULT_LANGUAGE:
            for message in catalog:
                if message.id:
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True, include_lineno=False)
    return template


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["check"]
    if command[0] == "update":
        template = update()
        print(f"{len(template)} strings; catalogs updated under {LOCALE_DIR}")
    template = extract()
    gaps = [problem for language in LANGUAGES for problem in problems(template, language)]
    for gap in gaps:
        print(gap)
    print(f"{len(template)} strings, {len(LANGUAGES)} catalogs: {len(gaps)} problem(s)")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
