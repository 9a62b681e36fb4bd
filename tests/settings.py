"""Settings for the test suite: the demo's, with the database chosen by KEMENAG_TEST_DB.

``KEMENAG_TEST_DB=mariadb`` runs the model tests on MariaDB at 127.0.0.1:3306 (root, empty
password), as Open edX runs on MySQL; the default is SQLite. The MariaDB database name
carries the process id so that parallel runs on one server never share a test database.
"""

import os
import tempfile

from demo.settings import *  # noqa: F403

KEMENAG_VAR_DIR = tempfile.mkdtemp(prefix="kemenag-test-")
MEDIA_ROOT = os.path.join(KEMENAG_VAR_DIR, "media")
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
}

if os.environ.get("KEMENAG_TEST_DB") == "mariadb":
    _name = f"kemenag_{os.getpid()}"
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": _name,
            "USER": os.environ.get("KEMENAG_MARIADB_USER", "root"),
            "PASSWORD": os.environ.get("KEMENAG_MARIADB_PASSWORD", ""),
            "HOST": os.environ.get("KEMENAG_MARIADB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("KEMENAG_MARIADB_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
            "TEST": {"NAME": f"test_{_name}", "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(KEMENAG_VAR_DIR, "t.db")}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
