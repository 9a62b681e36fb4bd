"""The demo: the XBlock workbench serving our blocks, in Indonesian first, on SQLite.

Extends ``workbench.settings`` (xblock-sdk) with our plugin app, a user service that
gives configured student ids the LMS's staff attributes, and page templates that
declare their language and landmarks.
"""

import json
import os

from workbench.settings import *  # noqa: F403
from workbench.settings import INSTALLED_APPS, MIDDLEWARE, TEMPLATES, WORKBENCH

# The course every demo block belongs to (the workbench has no courses).
DEMO_COURSE_KEY = "course-v1:Kemenag+MB101+2026"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VAR_DIR = os.environ.get("KEMENAG_VAR_DIR", os.path.join(REPO_ROOT, "var"))
os.makedirs(VAR_DIR, exist_ok=True)

INSTALLED_APPS = [*INSTALLED_APPS, "kemenag_xblocks.apps.KemenagXBlocksConfig", "demo.apps.DemoConfig"]

if "WORKBENCH_DATABASES" in os.environ:
    DATABASES = json.loads(os.environ["WORKBENCH_DATABASES"])
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(VAR_DIR, "workbench.db"),
            # Several handlers may write at once in the demo server: take the write lock up front
            # instead of failing with "database is locked" on upgrade.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

# Indonesian first, English switchable (?lang=en, or the switch on every page).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
LOCALE_PATHS = [os.path.join(REPO_ROOT, "demo", "locale")]
MIDDLEWARE = [
    *MIDDLEWARE[:2],
    "django.middleware.locale.LocaleMiddleware",
    "demo.middleware.LanguageFromQueryMiddleware",
    *[
        m.replace("django.middleware.csrf.CsrfViewMiddleware", "demo.csrf.HeaderFirstCsrfViewMiddleware")
        for m in MIDDLEWARE[2:]
    ],
]

TEMPLATES = [{**TEMPLATES[0], "DIRS": [os.path.join(REPO_ROOT, "demo", "templates"), *TEMPLATES[0]["DIRS"]]}]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("demo.context.demo_context")

ROOT_URLCONF = "demo.urls"

WORKBENCH = {
    **WORKBENCH,
    "services": {**WORKBENCH["services"], "user": "demo.services.DemoUserService"},
}

# Only our blocks' scenarios on the index (the SDK's samples stay loadable for course units).
EXCLUDED_XBLOCKS = {
    "allscopes_demo",
    "attempts_scoreboard_demo",
    "equality_demo",
    "filethumbs",
    "helloworld_demo",
    "html_demo",
    "problem_demo",
    "sidebar_demo",
    "slider_demo",
    "textinput_demo",
    "thumbs",
    "view_counter_demo",
    "poll",
    "survey",
}

STATICFILES_DIRS = [os.path.join(REPO_ROOT, "demo", "static")]

# Uploaded files: disk in the demo; production points the alias at S3 (django-storages).
MEDIA_ROOT = os.path.join(VAR_DIR, "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Student ids the demo's user service (demo/services.py) treats as course staff.
KEMENAG_DEMO_STAFF_IDS = ("staff", "fasilitator")
# The workbench's usage keys name no course: every demo block belongs to this one.
KEMENAG_FALLBACK_COURSE_KEY = DEMO_COURSE_KEY
# The workbench has no sign-in: its user is the ``?student=`` id, for downloads too.
KEMENAG_DOWNLOAD_REQUESTER = "demo.services.workbench_user_id"

# Celery is not running in the demo: tasks run inline.
CELERY_TASK_ALWAYS_EAGER = True

LOGGING = {
    **LOGGING,
    "handlers": {
        **LOGGING["handlers"],
        "logfile": {**LOGGING["handlers"]["logfile"], "filename": os.path.join(VAR_DIR, "workbench.log")},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
