"""The benchmarks' settings: the demo's, plus edx-submissions for the edx-sga peer when installed."""

import importlib.util

from demo.settings import *  # noqa: F403
from demo.settings import INSTALLED_APPS

if importlib.util.find_spec("submissions") is not None:
    INSTALLED_APPS = [*INSTALLED_APPS, "submissions"]
# edx-sga refuses files above 4 MB by default; the peer gets the same limit as ours in the benchmark.
STUDENT_FILEUPLOAD_MAX_SIZE = 1024 * 1024 * 1024
