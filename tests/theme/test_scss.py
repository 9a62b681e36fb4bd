"""The theme's Sass compiles with the npm ``sass`` compiler against stand-ins for what the
platform defines, and the brand CSS served to the MFEs matches the tokens."""

import pytest

from kemenag_theme import BRAND_DIR, THEME_DIR
from kemenag_theme.paragon_css import CSS_PATH, build_css, darken, derived_colours, flatten, load_tokens, mix
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
    css = CSS_PATH.read_text()
    assert css == build_css(load_tokens(BRAND_DIR / "paragon/tokens/src"))
    assert "--pgn-color-primary-base: #0E5E40;" in css
    # Paragon's names (tokens/src/themes/light/global/color.json): accents have no "-base".
    assert "--pgn-color-accent-a: #E0B44C;" in css and "accent-a-base" not in css
    # Shades and hover colours replace Paragon's blue ones, not only the base.
    for name in ("primary-100", "primary-700", "action-default-primary-base", "brand-900", "action-default-accent-a"):
        assert f"--pgn-color-{name}: #" in css, name


@pytest.mark.parametrize(
    ("derived", "expected"),
    [
        # Paragon's default light theme: primary #0A3055 and light #E1DDDB, the values its build
        # wrote to styles/css/themes/light/variables.css.
        (mix("#0A3055", "#FFFFFF", 0.94), "#F0F3F5"),  # --pgn-color-primary-100
        (mix("#0A3055", "#FFFFFF", 0.25), "#476480"),  # --pgn-color-primary-400
        (mix("#0A3055", "#000000", 0.10), "#092B4D"),  # --pgn-color-primary-600
        (darken("#0A3055", 0.1), "#051627"),  # --pgn-color-action-default-primary-base
        (darken("#F0F3F5", 0.1), "#D1DBE1"),  # --pgn-color-action-default-primary-100
        (darken("#E1DDDB", 0.1), "#CAC3BF"),  # --pgn-color-action-default-light-base
    ],
)
def test_shades_follow_paragons_build(derived, expected):
    assert derived == expected


def test_every_scaled_colour_gets_nine_shades_and_actions():
    derived = derived_colours({"color-primary-base": "#0A3055", "color-accent-b": "#FFEE88"})
    assert derived["color-primary-500"] == "#0A3055"
    assert derived["color-primary-600"] == "#092B4D"
    assert len([k for k in derived if k.startswith("color-primary-")]) == 9
    assert len([k for k in derived if k.startswith("color-action-default-primary-")]) == 10
    assert derived["color-action-default-accent-b"] == darken("#FFEE88", 0.1)


def test_brand_package_sass_compiles_as_the_mfes_import_it(tmp_path):
    """MFEs import ~@edx/brand/paragon/fonts, /variables (before Paragon) and /overrides (after)."""
    entry = tmp_path / "mfe.scss"
    entry.write_text('@import "fonts";\n@import "variables";\n@import "overrides";\n.x { color: $primary; }\n')
    result = compile_scss(entry, BRAND_DIR / "paragon", tmp_path / "mfe.css")
    assert result.returncode == 0, result.stderr
    css = (tmp_path / "mfe.css").read_text()
    assert "color: #0E5E40" in css and "outline: 3px solid #E0B44C" in css
    assert "@import url" not in css  # no font CDN


def test_token_flattening_and_reference_refusal():
    assert flatten({"color": {"$type": "color", "primary": {"base": {"$value": "#000000"}}}}) == {
        "color-primary-base": "#000000"
    }
    with pytest.raises(ValueError):
        flatten({"color": {"a": {"$value": "{color.b}"}}})


def test_variables_bring_the_platforms_bootstrap_variables_with_ours_winning(tmp_path):
    """The theme's _variables.scss replaces the platform's, which imports edx-bootstrap's Open edX
    theme: the Bootstrap variables the platform's Sass uses must still exist, with our palette."""
    probe = tmp_path / "probe.scss"
    probe.write_text(
        "@import 'lms/theme/variables';\n"
        ".probe { primary: $primary; gray: $gray-600; danger: map-get($theme-colors, 'danger'); }\n"
    )
    result = compile_scss(probe, THEME_DIR / "lms/static/sass/partials", tmp_path / "probe.css")
    assert result.returncode == 0, result.stderr
    css = (tmp_path / "probe.css").read_text().lower()
    assert "primary: #0e5e40" in css  # ours, not edx-bootstrap's #0075b4
    assert "gray: #767676" in css  # edx-bootstrap's
    assert "danger: #b20610" in css
    assert "fonts.googleapis" not in css
