"""WSGI entry point of the demo: gunicorn ``demo.wsgi`` (the many-process set-up of ``make load``).

The workbench keeps its blocks' ids in memory, loaded with the scenarios on the first page view;
a handler reaching a process that has not loaded them answers 404. So every process loads them
before it serves: here, once in gunicorn's master with ``--preload``, inherited by each fork.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
application = get_wsgi_application()


def _load_scenarios():
    from django.db import connections
    from workbench.scenarios import get_scenarios

    get_scenarios()
    connections.close_all()  # forked workers must not share the master's database connection


_load_scenarios()
