"""Rendering the theme outside the platform: Mako with stand-ins for the platform's own
templates (tests/theme/stubs/) and for the one platform module the templates import
(``openedx.core.djangolib.markup``), the theme's catalog as the platform loads it, Sass with the
npm ``sass`` compiler."""

import shutil
import subprocess
import sys
import types
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import markupsafe
from django.test import override_settings
from django.utils import translation
from mako.lookup import TemplateLookup

from kemenag_theme import THEME_DIR
from kemenag_theme.messages import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
STUBS = Path(__file__).resolve().parent / "stubs"
SASS = ROOT / "node_modules" / ".bin" / "sass"
LMS_TEMPLATES = THEME_DIR / "lms" / "templates"
CMS_TEMPLATES = THEME_DIR / "cms" / "templates"
# Sass's own deprecations of @import and global functions: the platform's Sass still uses them.
SASS_FLAGS = ["--no-source-map", "--silence-deprecation=import", "--silence-deprecation=global-builtin"]


def _markup_stub():
    """``openedx.core.djangolib.markup`` as edx-platform defines it: ``Text`` is markupsafe's
    escape, ``HTML`` marks a string as markup."""
    modules = {name: types.ModuleType(name) for name in ("openedx", "openedx.core", "openedx.core.djangolib")}
    markup = types.ModuleType("openedx.core.djangolib.markup")
    markup.Text = markupsafe.escape
    markup.HTML = markupsafe.Markup
    modules["openedx.core.djangolib.markup"] = markup
    return modules


@contextmanager
def theme_language(language):
    """``language`` active with the theme's catalog on the locale path, as the platform has it
    once ``COMPREHENSIVE_THEME_LOCALE_PATHS`` lists the theme's conf/locale."""
    with override_settings(LOCALE_PATHS=[str(LOCALE_DIR)]), translation.override(language):
        yield


@contextmanager
def platform_modules():
    with mock.patch.dict(sys.modules, _markup_stub()):
        yield


def lookup(templates_dir=LMS_TEMPLATES):
    """Theme templates first, then the stand-ins, as the platform's theme-aware lookup does."""
    # default_filters as edx-platform's edxmako lookup (common/djangoapps/edxmako/paths.py): decode.utf8
    # keeps HTML()/Text() markup intact where Mako's default "str" would strip it before "h" escapes.
    return TemplateLookup(
        directories=[str(templates_dir), str(STUBS)],
        strict_undefined=False,
        input_encoding="utf-8",
        default_filters=["decode.utf8"],
    )


@dataclass
class User:
    username: str = "anonymous"
    is_authenticated: bool = False
    id: int = 0
    profile: object = None


@dataclass
class Profile:
    meta: dict = field(default_factory=dict)

    def get_meta(self):
        return self.meta


def render(uri, templates_dir=LMS_TEMPLATES, language=None, **context):
    """The template rendered; in ``language`` with the theme's catalog if given, else in the
    active language (English in the test settings)."""
    context.setdefault("user", User())
    context.setdefault("courses", [])
    with ExitStack() as stack:
        stack.enter_context(platform_modules())
        if language:
            stack.enter_context(theme_language(language))
        return lookup(templates_dir).get_template(uri).render_unicode(**context)


def certificate_context(**overrides):
    """What the LMS's certificate view passes (names from its _update_certificate_context),
    plus the course's "Certificate Web/HTML View Overrides" with our fields."""
    owner = User(username="siti_aminah", is_authenticated=True, id=42, profile=Profile({"nip": "198703152010122003"}))
    context = {
        "user": owner,
        "accomplishment_user_id": 42,
        "accomplishment_copy_name": "Siti Aminah, S.Pd.I.",
        "accomplishment_copy_course_name": "Penguatan Moderasi Beragama bagi ASN Kementerian Agama",
        "certificate_id_number": "3f2a9c1e0b7d4e5f9a8b1c2d3e4f5a6b",
        "certificate_date_issued": "28 November 2026",
        "platform_name": "Digital Learning Center",
        "certificate_data": {
            "signatories": [
                {
                    "name": "Dr. H. Ahmad Fauzi, M.Ag.",
                    "title": "Kepala Pusat Pengembangan Kompetensi",
                    "organization": "Kementerian Agama Republik Indonesia",
                    "signature_image_path": "",
                }
            ]
        },
        "kemenag_jp": 54,
        "kemenag_competency_type": "sosial_kultural",
    }
    context.update(overrides)
    return context


# Where edx-platform's compile_sass finds 'bootstrap/...' and 'edx-bootstrap/...': its node_modules
# and node_modules/@edx, with the versions its package.json pins (our package.json pins the same).
PLATFORM_SASS_PATHS = [ROOT / "node_modules", ROOT / "node_modules" / "@edx"]


def compile_scss(entry, load_path, out):
    load_paths = [f"--load-path={path}" for path in (load_path, *PLATFORM_SASS_PATHS)]
    result = subprocess.run(
        [str(SASS), *SASS_FLAGS, *load_paths, str(entry), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result


STATIC_PAGES = ("about", "faq", "contact", "privacy")


def build_site(out, language="id"):
    """The home page, the static pages and a certificate as HTML files next to their assets,
    laid out as the LMS serves them (``static/...``), in ``language``."""
    out = Path(out)
    shutil.copytree(THEME_DIR / "lms" / "static", out / "static")
    result = compile_scss(
        STUBS / "lms-main.scss", THEME_DIR / "lms" / "static" / "sass" / "partials", out / "static/css/lms-main.css"
    )
    assert result.returncode == 0, result.stderr
    (out / "index.html").write_text(render("index.html", language=language), encoding="utf-8")
    for name in STATIC_PAGES:
        html = render(f"static_templates/{name}.html", language=language)
        (out / f"{name}.html").write_text(html, encoding="utf-8")
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        html = render("certificates/valid.html", language=language, **certificate_context())
    (out / "certificate.html").write_text(html, encoding="utf-8")
    return out
