"""Tutor plugin: ``tutor plugins enable kemenag && tutor config save`` renders everything the
Digital Learning Center needs into the Tutor environment (modelled on tutor-indigo).

* the package pip-installed into the ``openedx`` image (``KEMENAG_PIP_SPEC``);
* the comprehensive theme copied verbatim into ``build/openedx/themes/kemenag``;
* an init task assigning the theme to the LMS and Studio sites that have none (``KEMENAG_FORCE_THEME``);
* Studio settings keeping our three blocks available as advanced components;
* Indonesian as the platform language, and the theme's catalog in ``COMPREHENSIVE_THEME_LOCALE_PATHS``;
* the MFE brand package (``@edx/brand`` alias) and ``PARAGON_THEME_URLS`` for tutor-mfe;
* a Celery beat service (``lms-beat``; Tutor runs none) for the periodic harvest of Sumber Belajar
  (``KEMENAG_RUN_CELERY_BEAT``).
"""

from __future__ import annotations

from pathlib import Path

from tutor import hooks

from kemenag_theme import PACKAGE_DIR, THEME_NAME
from kemenag_xblocks import __version__

PATCHES_DIR = PACKAGE_DIR / "patches"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

CONFIG_DEFAULTS = {
    # What the openedx image pip-installs: a PyPI pin by default; a git URL or a wheel path works too.
    "KEMENAG_PIP_SPEC": f"kemenag-dlc-openedx=={__version__}",
    # The XBlock tags Studio must offer under "Advanced".
    "KEMENAG_XBLOCK_TYPES": [
        "kemenag_moderation_quiz",
        "kemenag_assignment",
        "kemenag_competency",
        "kemenag_resources",
    ],
    # Brand-override CSS for the MFEs (Paragon runtime theming); served from the theme's static files.
    "KEMENAG_PARAGON_BRAND_URL": "{% if ENABLE_HTTPS %}https{% else %}http{% endif %}://{{ LMS_HOST }}"
    f"/static/{THEME_NAME}/css/paragon-brand.css",
    # Paragon's own compiled CSS (core + light), which the brand override sits on. frontend-platform
    # substitutes $paragonVersion; point it to a mirror to keep browsers off the public CDN.
    "KEMENAG_PARAGON_CSS_BASE_URL": "https://cdn.jsdelivr.net/npm/@openedx/paragon@$paragonVersion/dist",
    # The init task assigns our theme only to sites without one; true replaces an assigned theme.
    "KEMENAG_FORCE_THEME": False,
    # One Celery beat process (lms-beat: a docker-compose service, a one-replica k8s Deployment) sends
    # the plugin's periodic tasks; false when the platform already runs a beat of its own.
    "KEMENAG_RUN_CELERY_BEAT": True,
}
# Core Tutor settings the plugin changes; an operator's own config.yml value still wins.
CONFIG_OVERRIDES = {"LANGUAGE_CODE": "id"}

hooks.Filters.CONFIG_DEFAULTS.add_items(list(CONFIG_DEFAULTS.items()))
hooks.Filters.CONFIG_OVERRIDES.add_items(list(CONFIG_OVERRIDES.items()))

# Template roots: "kemenag/..." is the theme, "brand/..." the MFE brand package.
hooks.Filters.ENV_TEMPLATE_ROOTS.add_items([str(PACKAGE_DIR / "theme"), str(PACKAGE_DIR)])
hooks.Filters.ENV_TEMPLATE_TARGETS.add_items(
    [
        (f"{THEME_NAME}/", "build/openedx/themes"),
        # Inside tutor-mfe's Docker build context, so the Dockerfile patch can COPY it.
        ("brand/", "plugins/mfe/build/mfe/kemenag"),
    ]
)
# Sass partials live in "partials" folders, which Tutor skips by default.
hooks.Filters.ENV_PATTERNS_INCLUDE.add_items([rf"{THEME_NAME}/(lms|cms)/static/sass/partials/", r"brand/"])


@hooks.Filters.IS_FILE_RENDERED.add()
def _copy_theme_verbatim(result: bool, path: str) -> bool:
    """Mako's ``<%`` and Sass's ``#{...}`` collide with Jinja syntax: the theme and the brand
    package are copied byte for byte, never rendered."""
    if path.startswith((f"{THEME_NAME}/", "brand/")):
        return False
    return result


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# Every file in patches/ is a Tutor patch named after the file.
for patch_file in sorted(PATCHES_DIR.iterdir()):
    if patch_file.is_file() and not patch_file.name.startswith("."):
        hooks.Filters.ENV_PATCHES.add_item((patch_file.name, _read(patch_file)))

hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", _read(TEMPLATES_DIR / "kemenag" / "tasks" / "lms" / "init.sh")))
