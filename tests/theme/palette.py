"""The theme's colours as the Sass and the tokens declare them, and WCAG 2.1 contrast."""

import re
from pathlib import Path

from kemenag_theme import THEME_DIR

LMS_VARIABLES = THEME_DIR / "lms/static/sass/partials/lms/theme/_variables.scss"
CMS_VARIABLES = THEME_DIR / "cms/static/sass/partials/cms/theme/_variables.scss"
LMS_EXTRAS = THEME_DIR / "lms/static/sass/partials/lms/theme/_extras.scss"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def scss_variables(path: Path) -> dict[str, str]:
    """``$name: value;`` lines, with ``$other`` references resolved (comments dropped)."""
    raw = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\s*\$([\w-]+)\s*:\s*([^;]+);", line)
        if found:
            raw[found.group(1)] = found.group(2).strip()

    def resolve(value, seen=()):
        ref = re.fullmatch(r"\$([\w-]+)", value)
        if not ref:
            return value
        name = ref.group(1)
        assert name not in seen, f"circular Sass variable {name}"
        return resolve(raw[name], (*seen, name))

    return {name: resolve(value) for name, value in raw.items()}


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
