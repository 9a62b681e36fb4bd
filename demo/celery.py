"""The demo's Celery app (the LMS has its own): configured from Django settings ``CELERY_*``.

With no broker configured (``make demo``) tasks run inline (``CELERY_TASK_ALWAYS_EAGER``); the
engine tests and ``make load`` set ``KEMENAG_CELERY_BROKER_URL`` and run a real worker:
``celery -A demo worker``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

app = Celery("kemenag_demo")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The plugin's tasks (the LMS finds them through its installed apps' autodiscovery).
app.conf.imports = ("kemenag_xblocks.common.reports",)
