"""The theme's Sass compiles with the npm ``sass`` compiler against stand-ins for what the
platform defines, and the brand CSS served to the MFEs matches the tokens."""

import pytest

from kemenag_theme import BRAND_DIR, THEME_DIR
from kemenag_theme.paragon_css import CSS_PATH, build_css, flatten, load_tokens
from tests.theme.support import STUBS, compile_scss


@pytest.mark.parametrize("service", ["lms", "cms"])
def test_theme_sass_compiles(service, tmp_path):
    out = tmp_path / "main.css"
    result = compile_scss(STUBS / f"{service}-main.scss", THEME_DIR / service / "static/sass/partials", out)
    assert result.returncode == 0, result.stderr
    css = out.read_text()
    assert "#0a3b2a" in css.lower()  # the header/brand green reached the output
    if service == "lms":
        assert ".kemenag-hero" in css and "@media (min-width: 768px)" in css


def test_sass_errors_are_caught(tmp_path):
    """The compile test can fail: a theme referring to an undefined variable does not compile."""
    broken = tmp_path / "broken.scss"
    broken.write_text("@import 'lms/theme/variables';\n.x { color: $kemenag-not-a-colour; }\n")
    result = compile_scss(broken, THEME_DIR / "lms/static/sass/partials", tmp_path / "out.css")
    assert result.returncode != 0 and "Undefined variable" in result.stderr


def test_no_external_fonts_or_assets():
    for path in (THEME_DIR / "lms/static/sass").rglob("*.scss"):
        text = path.read_text()
        assert "fonts.googleapis" not in text and "url(http" not in text, path


def test_paragon_brand_css_is_generated_from_the_tokens():
    assert CSS_PATH.read_text() == build_css(load_tokens(BRAND_DIR / "paragon/tokens/src"))
    assert "--pgn-color-primary-base: #0E5E40;" in CSS_PATH.read_text()


def test_token_flattening_and_reference_refusal():
    assert flatten({"color": {"$type": "color", "primary": {"base": {"$value": "#000000"}}}}) == {
        "color-primary-base": "#000000"
    }
    with pytest.raises(ValueError):
        flatten({"color": {"a": {"$value": "{color.b}"}}})
