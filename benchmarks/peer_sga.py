"""edx-sga's upload handler in the workbench, as the peer of our upload in the same run.

edx-sga (PyPI ``edx-sga``) imports modules that only exist inside edx-platform. The stand-ins below
give it what its ``upload_assignment`` handler touches, and nothing more: ``StudentModule`` (its
``get_or_create`` runs as one real query on a small table), the LMS's user lookup, the OLX parser
(``lxml``), ``StaticContent`` and the due-date helper (no due date). Its submissions go through the
real edx-submissions app and its files through the same Django storage as ours. What is timed is
its handler through the same WSGI stack: Django's multipart parser (in the CSRF check), its SHA-1
pass over the file, its copy into storage, its submission row.
"""

import sys
import types

from django.db import connection
from opaque_keys.edx.locator import CourseLocator

COURSE = CourseLocator("Kemenag", "BENCH", "2026")
_BLOCK = None


def _module(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


class _StudentModules:
    """``StudentModule.objects.get_or_create`` as the LMS runs it: one indexed lookup, one insert once."""

    def get_or_create(self, course_id, module_state_key, student, defaults):
        key = (str(course_id), str(module_state_key), student.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_studentmodule (course_id varchar(255), usage_key varchar(255),"
                " student_id integer, state text, module_type varchar(64),"
                " PRIMARY KEY (course_id, usage_key, student_id))"
            )
            cursor.execute(
                "SELECT state FROM bench_studentmodule WHERE course_id = %s AND usage_key = %s AND student_id = %s",
                key,
            )
            row = types.SimpleNamespace(
                course_id=course_id, module_state_key=module_state_key, student=student, **defaults
            )
            if cursor.fetchone():
                return row, False
            cursor.execute(
                "INSERT INTO bench_studentmodule VALUES (%s, %s, %s, %s, %s)",
                [*key, defaults["state"], defaults["module_type"]],
            )
        return row, True


def install_stand_ins():
    from django.contrib.auth import get_user_model
    from lxml import etree

    _module("lms")
    _module("lms.djangoapps")
    _module("lms.djangoapps.courseware")
    _module("lms.djangoapps.courseware.models", StudentModule=types.SimpleNamespace(objects=_StudentModules()))
    _module("openedx")
    _module("openedx.core")
    _module("openedx.core.lib")
    _module("openedx.core.lib.safe_lxml", etree=etree)
    _module("common")
    _module("common.djangoapps")
    _module("common.djangoapps.student")
    _module(
        "common.djangoapps.student.models",
        user_by_anonymous_id=lambda anonymous_id: get_user_model().objects.filter(username=anonymous_id).first(),
    )
    _module("xmodule")
    _module("xmodule.contentstore")
    _module(
        "xmodule.contentstore.content", StaticContent=types.SimpleNamespace(get_base_url_path_for_course_assets=str)
    )
    _module("xmodule.util")
    _module("xmodule.util.duedate", get_extended_due_date=lambda block: None)


def install_stand_ins_if_present():
    """Before the workbench loads every installed XBlock class: edx-sga's imports must resolve."""
    import importlib.util

    if importlib.util.find_spec("edx_sga") is not None:
        install_stand_ins()


def block_class():
    """The peer block class, or None (with the reason printed) when edx-sga cannot be loaded."""
    global _BLOCK
    if _BLOCK is not None:
        return _BLOCK
    from django.conf import settings

    if "submissions" not in settings.INSTALLED_APPS:
        print("  (edx-sga peer skipped: edx-submissions is installed for SQLite runs only)")
        return None
    try:
        import submissions  # noqa: F401

        install_stand_ins()
        from edx_sga.sga import StaffGradedAssignmentXBlock
    except ImportError as missing:
        print(f"  (edx-sga peer skipped: {missing})")
        return None

    class PeerSGA(StaffGradedAssignmentXBlock):
        """What the LMS runtime gives edx-sga and the workbench does not: a course locator, the user."""

        @property
        def location(self):
            return COURSE.make_usage_key("edx_sga", self.scope_ids.usage_id.replace(".", "_").replace("-", "_"))

        @location.setter
        def location(self, value):
            """The workbench sets a stand-in of its own; this one is the LMS's shape."""

        @property
        def course_id(self):
            return COURSE

        @course_id.setter
        def course_id(self, value):
            """Ignored likewise."""

        @property
        def context_key(self):
            return COURSE

        @property
        def block_id(self):
            return str(self.location.block_id)

        category = "edx_sga"

        def get_real_user(self):
            from django.contrib.auth import get_user_model

            return get_user_model().objects.get_or_create(username=self.runtime.user_id)[0]

    _BLOCK = PeerSGA
    return _BLOCK
