"""What the theme's templates ask of edx-platform, in one place: outside the LMS (tests, a
template preview) the platform's modules are missing and each answer falls back to "nothing"."""


def header_languages():
    """``[(code, name)]`` for the header's language switch, as the platform's own header decides
    (``SHOW_HEADER_LANGUAGE_SELECTOR`` and the released languages); [] if there is nothing to
    choose or no platform."""
    try:
        from openedx.core.djangoapps.lang_pref.api import header_language_selector_is_enabled, released_languages
    except ImportError:
        return []
    if not header_language_selector_is_enabled():
        return []
    languages = [(language.code, language.name) for language in released_languages()]
    return languages if len(languages) > 1 else []
