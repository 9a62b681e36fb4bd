"""WCAG 2.1 AA: every text colour the theme puts on a background reaches 4.5:1 (large or bold UI
text only needs 3:1, but we hold everything to 4.5). Colours are read from the Sass and the
tokens, so changing a tone badly fails here."""

import json
import re

import pytest

from kemenag_theme import BRAND_DIR, THEME_DIR
from tests.theme.palette import CMS_VARIABLES, HEX, LMS_EXTRAS, LMS_VARIABLES, contrast_ratio, scss_variables

AA = 4.5
# (text role, background role) as _extras.scss pairs them.
LMS_PAIRS = [
    ("kemenag-text", "kemenag-page-bg"),
    ("kemenag-text", "kemenag-section-bg"),
    ("kemenag-text", "kemenag-panel-bg"),
    ("kemenag-text-muted", "kemenag-page-bg"),
    ("kemenag-link", "kemenag-page-bg"),
    ("kemenag-link", "kemenag-section-bg"),
    ("kemenag-heading", "kemenag-page-bg"),
    ("kemenag-heading", "kemenag-section-bg"),
    ("kemenag-eyebrow", "kemenag-page-bg"),
    ("kemenag-eyebrow", "kemenag-section-bg"),
    ("kemenag-header-text", "kemenag-header-bg"),
    ("kemenag-header-accent", "kemenag-header-bg"),
    ("kemenag-footer-text", "kemenag-footer-bg"),
    ("kemenag-header-text", "kemenag-footer-bg"),
    ("kemenag-button-text", "kemenag-button-bg"),
    ("kemenag-cta-text", "kemenag-cta-bg"),
    # The call-to-action band's button: header green on gold, white text on header green.
    ("kemenag-header-bg", "kemenag-cta-bg"),
    ("kemenag-button-text", "kemenag-header-bg"),
]
# Paragon tokens: text on the backgrounds MFEs draw them on.
TOKEN_PAIRS = [
    ("color-body-base", "color-bg-base"),
    ("color-primary-base", "color-bg-base"),
    ("color-brand-base", "color-bg-base"),
    ("color-secondary-base", "color-bg-base"),
    ("color-dark-base", "color-light-base"),
    ("color-bg-base", "color-primary-base"),
    ("color-accent-b", "color-brand-base"),
    # White button text on the hover and active shades Paragon uses for primary buttons.
    ("color-bg-base", "color-action-default-primary-base"),
    ("color-bg-base", "color-primary-700"),
    ("color-bg-base", "color-primary-900"),
    # Links (primary) on the pale theme background Paragon derives (primary-100).
    ("color-primary-base", "color-primary-100"),
]
# Certificate (inline CSS): text colour, background colour, as its stylesheet pairs them.
CERTIFICATE_PAIRS = [
    ("#1D2724", "#FFFFFF"),  # body text
    ("#4C5B55", "#FFFFFF"),  # intro lines, labels, verification text
    ("#0A3B2A", "#FFFFFF"),  # title, name, facts
    ("#0E5E40", "#FFFFFF"),  # course name, verification link
    ("#0A3B2A", "#E0B44C"),  # print button
    ("#F3E6C4", "#0A3B2A"),  # toolbar link
]
CERTIFICATE_STYLE = THEME_DIR / "lms/templates/certificates/_kemenag-certificate-style.html"

LMS = scss_variables(LMS_VARIABLES)


@pytest.mark.parametrize(("text", "background"), LMS_PAIRS)
def test_theme_text_on_background_meets_aa(text, background):
    ratio = contrast_ratio(LMS[text], LMS[background])
    assert ratio >= AA, f"${text} ({LMS[text]}) on ${background} ({LMS[background]}): {ratio:.2f}:1"


@pytest.mark.parametrize("role", sorted({name for pair in LMS_PAIRS for name in pair}))
def test_checked_roles_are_the_ones_the_stylesheet_uses(role):
    assert f"${role}" in LMS_EXTRAS.read_text(encoding="utf-8")


def test_every_colour_role_in_the_stylesheet_is_checked():
    """A new role used in _extras.scss must join LMS_PAIRS (borders and focus rings excepted)."""
    used = set(re.findall(r"\$(kemenag-[\w-]+)", LMS_EXTRAS.read_text(encoding="utf-8")))
    colour_roles = {name for name in used if name in LMS and HEX.fullmatch(LMS[name])}
    checked = {name for pair in LMS_PAIRS for name in pair}
    decorative = {"kemenag-line", "kemenag-focus", "kemenag-green-700"}
    assert colour_roles - checked - decorative == set()


def _tokens():
    from kemenag_theme.paragon_css import load_tokens

    return load_tokens(BRAND_DIR / "paragon" / "tokens" / "src")


@pytest.mark.parametrize(("text", "background"), TOKEN_PAIRS)
def test_paragon_tokens_meet_aa(text, background):
    from kemenag_theme.paragon_css import css_variables

    tokens = css_variables(_tokens())
    assert contrast_ratio(tokens[text], tokens[background]) >= AA


@pytest.mark.parametrize(("text", "background"), CERTIFICATE_PAIRS)
def test_certificate_colours_meet_aa(text, background):
    assert contrast_ratio(text, background) >= AA


def test_certificate_tokens_and_studio_use_only_the_theme_palette():
    palette = {value.upper() for value in LMS.values() if HEX.fullmatch(value)}
    certificate = {c.upper() for c in HEX.findall(CERTIFICATE_STYLE.read_text(encoding="utf-8"))}
    assert certificate <= palette, certificate - palette
    assert {pair for pairs in CERTIFICATE_PAIRS for pair in pairs} <= certificate
    assert {value.upper() for value in _tokens().values() if HEX.fullmatch(value)} <= palette
    studio = scss_variables(CMS_VARIABLES)
    for name, value in studio.items():
        if name.startswith("kemenag-"):
            assert value == LMS[name], f"Studio's ${name} differs from the LMS theme"


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)


def test_brand_package_is_an_edx_brand_alias_with_its_files():
    package = json.loads((BRAND_DIR / "package.json").read_text(encoding="utf-8"))
    for name in package["files"]:
        assert (BRAND_DIR / name).exists(), name
    for logo in ("logo.svg", "logo-white.svg", "logo-trademark.svg", "favicon.ico", "favicon.svg"):
        assert logo in package["files"]
