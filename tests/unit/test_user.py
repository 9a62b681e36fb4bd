"""The current user as the LMS's user service describes it, and the staff check."""

from types import SimpleNamespace

import pytest
from xblock.exceptions import JsonHandlerError
from xblock.reference.user_service import XBlockUser

from kemenag_xblocks.common.permissions import require_staff
from kemenag_xblocks.common.user import current_user


def block_with(attrs):
    user = XBlockUser(is_current_user=True, full_name="Siti Aminah")
    user.opt_attrs.update(attrs)
    service = SimpleNamespace(get_current_user=lambda: user)
    return SimpleNamespace(runtime=SimpleNamespace(service=lambda block, name: service))


LMS_STAFF = {
    "edx-platform.user_id": "42",
    "edx-platform.username": "siti",
    "edx-platform.anonymous_user_id": "abc123",
    "edx-platform.user_is_staff": True,
    "edx-platform.user_role": "staff",
}


def test_reads_the_lms_attributes():
    user = current_user(block_with(LMS_STAFF))
    assert (user.user_id, user.username, user.anonymous_id, user.is_staff, user.role) == (
        42,
        "siti",
        "abc123",
        True,
        "staff",
    )
    assert user.full_name == "Siti Aminah"


def test_a_learner_is_not_staff_and_is_refused_with_403():
    learner = block_with({**LMS_STAFF, "edx-platform.user_is_staff": False, "edx-platform.user_role": "student"})
    assert not current_user(learner).is_staff
    with pytest.raises(JsonHandlerError) as refused:
        require_staff(learner)
    assert refused.value.status_code == 403


def test_staff_passes_the_check():
    require_staff(block_with(LMS_STAFF))


def test_anonymous_user_has_no_id_and_is_not_staff():
    user = current_user(block_with({}))
    assert user.user_id is None and not user.is_authenticated and not user.is_staff
