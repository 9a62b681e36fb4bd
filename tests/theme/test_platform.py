"""The theme's adapter to edx-platform's language selector."""

import sys
import types
from collections import namedtuple

import pytest

from kemenag_theme.platform import header_languages

Language = namedtuple("Language", "code name")


@pytest.fixture
def fake_platform(monkeypatch):
    """``openedx.core.djangoapps.lang_pref.api`` as the LMS provides it."""
    api = types.ModuleType("openedx.core.djangoapps.lang_pref.api")
    api.enabled = True
    api.languages = [Language("id", "Bahasa Indonesia"), Language("en", "English")]
    api.header_language_selector_is_enabled = lambda: api.enabled
    api.released_languages = lambda: api.languages
    for name in ("openedx", "openedx.core", "openedx.core.djangoapps", "openedx.core.djangoapps.lang_pref"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, api.__name__, api)
    return api


def test_no_platform_no_languages():
    assert header_languages() == []


def test_released_languages_when_the_selector_is_on(fake_platform):
    assert header_languages() == [("id", "Bahasa Indonesia"), ("en", "English")]


def test_selector_switched_off_or_a_single_language(fake_platform):
    fake_platform.enabled = False
    assert header_languages() == []
    fake_platform.enabled = True
    fake_platform.languages = [Language("id", "Bahasa Indonesia")]
    assert header_languages() == []
