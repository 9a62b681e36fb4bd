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
    # A database that is briefly unreachable answers 503 JSON the page can show (not a 500 page).
    "kemenag_xblocks.common.unavailable.UnavailableMiddleware",
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
if os.environ.get("KEMENAG_STORAGE_QUOTA_FLAG"):
    # The load scenario's disk whose quota can run out (demo/quota_storage.py).
    STORAGES["default"] = {**STORAGES["default"], "BACKEND": "demo.quota_storage.QuotaFileSystemStorage"}
if os.environ.get("KEMENAG_S3_ENDPOINT_URL"):
    # S3 through django-storages, as the LMS stores files (the engine tests point it at a local
    # S3-compatible server): private objects, presigned expiring URLs, no public ACL.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("KEMENAG_S3_BUCKET", "kemenag"),
            "endpoint_url": os.environ["KEMENAG_S3_ENDPOINT_URL"],
            "access_key": os.environ.get("KEMENAG_S3_ACCESS_KEY", "testing"),
            "secret_key": os.environ.get("KEMENAG_S3_SECRET_KEY", "testing"),
            "region_name": "us-east-1",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 120,
            "file_overwrite": False,
            "addressing_style": "path",
            # Fail fast when S3 does not answer (the report task retries, an upload is refused), and
            # sign links with SigV4 (newer S3 regions refuse SigV2); client_config replaces
            # django-storages' own signature_version/addressing options, so both are set here.
            "client_config": __import__("botocore.config").config.Config(
                connect_timeout=3,
                read_timeout=5,
                retries={"max_attempts": 2},
                signature_version="s3v4",
                s3={"addressing_style": "path"},
            ),
        },
    }

# Student ids the demo's user service (demo/services.py) treats as course staff.
KEMENAG_DEMO_STAFF_IDS = ("staff", "fasilitator")
# The workbench's usage keys name no course: every demo block belongs to this one.
KEMENAG_FALLBACK_COURSE_KEY = DEMO_COURSE_KEY
# A scenario page met by a database outage says "try again" (503), not the workbench's 500 page.
KEMENAG_UNAVAILABLE_PAGE_PATHS = ("/scenario/",)
# The workbench has no sign-in: its user is the ``?student=`` id, for downloads too.
KEMENAG_DOWNLOAD_REQUESTER = "demo.services.workbench_user_id"

# Celery: no broker in ``make demo`` (tasks run inline); the engine tests and ``make load`` name a
# Redis broker and a queue of their own and run a real worker (``celery -A demo worker``).
CELERY_BROKER_URL = os.environ.get("KEMENAG_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_BROKER_URL:
    CELERY_TASK_DEFAULT_QUEUE = os.environ.get("KEMENAG_CELERY_QUEUE", "kemenag")
    KEMENAG_REPORT_QUEUE = CELERY_TASK_DEFAULT_QUEUE
    # A worker killed mid-task leaves its message unacknowledged: Redis hands it out again after
    # this many seconds (the LMS keeps Celery's hour; the tests shorten it to see it happen).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("KEMENAG_CELERY_VISIBILITY", "3600"))}
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
    CELERY_TASK_IGNORE_RESULT = True
    CELERY_WORKER_PREFETCH_MULTIPLIER = 1
    KEMENAG_REPORT_RETRY_SECONDS = int(os.environ.get("KEMENAG_REPORT_RETRY_SECONDS", "5"))

# A quiet server: warnings and errors on the terminal, Django's INFO in var/workbench.log. The
# workbench's own config sets the "django" logger to DEBUG (every SQL statement, every template
# lookup that fails) and leaves the root logger without a handler, so the first warning logged
# with ``logging.warning()`` (XBlock does, for a ``url_name`` it cannot place) made Python add a
# stderr handler to the root that printed all of it. The root has its handler from the start here.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "short": {"format": "%(levelname)s %(name)s: %(message)s"},
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": "WARNING", "formatter": "short"},
        "requests": {"class": "logging.StreamHandler", "level": "INFO", "formatter": "server"},
        "logfile": {
            **LOGGING["handlers"]["logfile"],
            "level": "INFO",
            "filename": os.path.join(VAR_DIR, "workbench.log"),
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"level": "INFO", "handlers": ["logfile"], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "django.template": {"level": "WARNING"},
        # runserver's one line per request, as Django prints it by default.
        "django.server": {"level": "INFO", "handlers": ["requests"], "propagate": False},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Platform staff (who may start the platform-wide reports) in the demo: the staff ids above.
KEMENAG_PLATFORM_STAFF_CHECK = "demo.services.workbench_is_platform_staff"
