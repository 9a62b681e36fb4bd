"""The demo's user service: the attributes the LMS gives, so staff views can be shown and tested.

The workbench identifies users only by the ``?student=`` id. This service maps each id to a
Django user (so models with user foreign keys work) and sets the ``edx-platform.*``
attributes that our blocks read, marking ``KEMENAG_DEMO_STAFF_IDS`` as course staff.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser


def anonymous_id_for(student_id):
    """Stable per-user opaque id, like the LMS's anonymous_user_id (32 hex characters)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{student_id}".encode()).hexdigest()[:32]


# With ``KEMENAG_DEMO_USER_CACHE`` (the benchmarks), each student's user is looked up once per
# process, as the LMS has the user on the request already; off by default, since tests roll the
# users table back between tests.
_USERS = {}


class DemoUserService(UserService):
    def __init__(self):
        super().__init__(user=None)
        self.runtime = None  # set by the workbench after construction
        self._cached = None

    def get_current_user(self):
        student_id = str(getattr(self.runtime, "user_id", None) or "student_1")
        if self._cached and self._cached.opt_attrs["xblock-workbench.user_id"] == student_id:
            return self._cached
        django_user = _USERS.get(student_id) if getattr(settings, "KEMENAG_DEMO_USER_CACHE", False) else None
        if django_user is None:
            django_user, _created = get_user_model().objects.get_or_create(username=student_id[:150])
            _USERS[student_id] = django_user
        is_staff = student_id in settings.KEMENAG_DEMO_STAFF_IDS
        user = XBlockUser(
            is_current_user=True,
            emails=[f"{student_id}@demo.invalid"],
            full_name=django_user.get_full_name() or student_id,
        )
        user.opt_attrs.update(
            {
                "xblock-workbench.user_id": student_id,
                "edx-platform.user_id": django_user.pk,
                "edx-platform.username": django_user.username,
                "edx-platform.user_is_staff": is_staff,
                "edx-platform.user_role": "staff" if is_staff else "student",
                "edx-platform.anonymous_user_id": anonymous_id_for(student_id),
            }
        )
        self._cached = user
        return user


def workbench_user_id(request):
    """Who asks the plugin's download view: the workbench names its user in ``?student=`` (as its
    handler URLs do), the LMS uses the session (``KEMENAG_DOWNLOAD_REQUESTER``)."""
    from workbench.views import get_student_id

    return get_user_model().objects.filter(username=get_student_id(request)[:150]).values_list("pk", flat=True).first()


def workbench_is_platform_staff(request):
    """Platform staff in the demo: the ``?student=`` ids the demo calls staff (the LMS: ``is_staff``)."""
    from workbench.views import get_student_id

    return get_student_id(request) in settings.KEMENAG_DEMO_STAFF_IDS
