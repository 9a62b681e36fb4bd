"""Kemenag Digital Learning Center look: comprehensive theme, MFE brand package and Tutor plugin."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The comprehensive theme folder, named as the platform's site theme (``theme_dir_name``).
THEME_NAME = "kemenag"
THEME_DIR = PACKAGE_DIR / "theme" / THEME_NAME
BRAND_DIR = PACKAGE_DIR / "brand"
