"""The benchmarks' settings: the demo's, plus edx-submissions for the edx-sga peer when installed."""

import importlib.util
import os
import sys

from demo.settings import *  # noqa: F403
from demo.settings import INSTALLED_APPS

# ``make bench`` installs the peer (edx-sga, edx-submissions) into var/bench-peers, not the venv.
_PEERS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "bench-peers")
if os.path.isdir(_PEERS) and _PEERS not in sys.path:
    sys.path.append(_PEERS)

# On SQLite only: edx-submissions' migrations fail on MariaDB 11 ("Unknown column 'uuid'"); the
# upload figures do not depend on the database.
_SQLITE = "sqlite" in DATABASES["default"]["ENGINE"]  # noqa: F405
if importlib.util.find_spec("submissions") is not None and _SQLITE:
    INSTALLED_APPS = [*INSTALLED_APPS, "submissions"]
# edx-sga refuses files above 4 MB by default; the peer gets the same limit as ours in the benchmark.
STUDENT_FILEUPLOAD_MAX_SIZE = 1024 * 1024 * 1024

# Measured as the LMS serves a handler: the user is on the request (no lookup per request) and
# database connections persist between requests (Django's CONN_MAX_AGE), not one per request.
KEMENAG_DEMO_USER_CACHE = True
for _database in DATABASES.values():  # noqa: F405
    _database.setdefault("CONN_MAX_AGE", 600)
