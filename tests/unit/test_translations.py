"""Every user-visible string exists in Indonesian (the platform's first language) and English.

The catalogs are compared with a fresh extraction of the sources, so a new string that
was never extracted fails here just like an extracted one left untranslated.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG_ROOTS = {"kemenag_xblocks": ROOT / "kemenag_xblocks", "demo": ROOT / "demo"}


def is_translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translation_of(entry):
    return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) if entry.msgid_plural else entry.msgstr


def catalog(root, lang):
    return polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / "django.po"))


def extracted_msgids(root, tmp_path):
    """Run Django's makemessages (what i18n_tool extract wraps) over a copy of the sources."""
    copy = tmp_path / root.name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "en", "-v0", "--ignore=migrations/*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return {entry.msgid for entry in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po")) if entry.msgid}


@pytest.mark.parametrize("name", CATALOG_ROOTS)
def test_every_extracted_string_has_an_indonesian_translation(name, tmp_path):
    root = CATALOG_ROOTS[name]
    translated = {e.msgid for e in catalog(root, "id") if is_translated(e)}
    missing = sorted(extracted_msgids(root, tmp_path) - translated)
    assert not missing, f"no Indonesian for {missing} (run `make extract_translations`, translate, compile)"


@pytest.mark.parametrize("name", CATALOG_ROOTS)
@pytest.mark.parametrize("lang", ("id", "en"))
def test_compiled_catalogs_match_their_sources(name, lang):
    root = CATALOG_ROOTS[name]
    source = {e.msgid: translation_of(e) for e in catalog(root, lang) if is_translated(e)}
    compiled = polib.mofile(str(root / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    assert {e.msgid: translation_of(e) for e in compiled if e.msgid} == source, "run `make compile_translations`"


def test_placeholders_survive_translation():
    for root in CATALOG_ROOTS.values():
        for entry in catalog(root, "id"):
            for translated in translation_of(entry) if entry.msgid_plural else (entry.msgstr,):
                for placeholder in ("%(", "{"):
                    assert entry.msgid.count(placeholder) == translated.count(placeholder), entry.msgid
