"""Rendering the theme outside the platform: Mako with stand-ins for the platform's own
templates (tests/theme/stubs/), Sass with the npm ``sass`` compiler."""

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mako.lookup import TemplateLookup

from kemenag_theme import THEME_DIR

ROOT = Path(__file__).resolve().parents[2]
STUBS = Path(__file__).resolve().parent / "stubs"
SASS = ROOT / "node_modules" / ".bin" / "sass"
LMS_TEMPLATES = THEME_DIR / "lms" / "templates"
CMS_TEMPLATES = THEME_DIR / "cms" / "templates"
# Sass's own deprecations of @import and global functions: the platform's Sass still uses them.
SASS_FLAGS = ["--no-source-map", "--silence-deprecation=import", "--silence-deprecation=global-builtin"]


def lookup(templates_dir=LMS_TEMPLATES):
    """Theme templates first, then the stand-ins, as the platform's theme-aware lookup does."""
    return TemplateLookup(directories=[str(templates_dir), str(STUBS)], strict_undefined=False, input_encoding="utf-8")


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


def render(uri, templates_dir=LMS_TEMPLATES, **context):
    context.setdefault("user", User())
    context.setdefault("courses", [])
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


def compile_scss(entry, load_path, out):
    result = subprocess.run(
        [str(SASS), *SASS_FLAGS, f"--load-path={load_path}", str(entry), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result


STATIC_PAGES = ("about", "faq", "contact", "privacy")


def build_site(out):
    """The home page, the static pages and a certificate as HTML files next to their assets,
    laid out as the LMS serves them (``static/...``)."""
    from django.test import override_settings

    out = Path(out)
    shutil.copytree(THEME_DIR / "lms" / "static", out / "static")
    result = compile_scss(
        STUBS / "lms-main.scss", THEME_DIR / "lms" / "static" / "sass" / "partials", out / "static/css/lms-main.css"
    )
    assert result.returncode == 0, result.stderr
    (out / "index.html").write_text(render("index.html"), encoding="utf-8")
    for name in STATIC_PAGES:
        (out / f"{name}.html").write_text(render(f"static_templates/{name}.html"), encoding="utf-8")
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        html = render("certificates/valid.html", **certificate_context())
    (out / "certificate.html").write_text(html, encoding="utf-8")
    return out
