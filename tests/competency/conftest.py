"""Fixtures of the competency tests: learners, a course with a JP value, and real platform events."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CertificateData,
    CourseData,
    CourseEnrollmentData,
    CoursePassingStatusData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import (
    CERTIFICATE_CREATED,
    CERTIFICATE_REVOKED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
)

from kemenag_xblocks.competency import ledger

COURSE = "course-v1:Kemenag+MB101+2026"


@pytest.fixture
def learner(db):
    return get_user_model().objects.create(username="siti", first_name="Siti", last_name="Aminah")


@pytest.fixture
def course(db):
    ledger.set_course_competency(COURSE, jp="12", competency_type="sosial_kultural", title="Moderasi Beragama")
    return COURSE


def _user_data(user):
    return UserData(
        id=user.pk,
        is_active=True,
        pii=UserPersonalData(username=user.username, email=f"{user.username}@example.invalid", name=user.username),
    )


def _certificate(user, course_key, download_url=""):
    return CertificateData(
        user=_user_data(user),
        course=CourseData(course_key=CourseKey.from_string(course_key)),
        mode="honor",
        grade="0.9",
        current_status="downloadable",
        download_url=download_url,
        name="",
    )


def send_certificate(user, course_key=COURSE, revoked=False, download_url=""):
    signal = CERTIFICATE_REVOKED if revoked else CERTIFICATE_CREATED
    return signal.send_event(certificate=_certificate(user, course_key, download_url))


def send_enrollment(user, course_key=COURSE):
    from django.utils import timezone

    return COURSE_ENROLLMENT_CREATED.send_event(
        enrollment=CourseEnrollmentData(
            user=_user_data(user),
            course=CourseData(course_key=CourseKey.from_string(course_key)),
            mode="honor",
            is_active=True,
            creation_date=timezone.now(),
        )
    )


def send_passing(user, course_key=COURSE, is_passing=True):
    return COURSE_PASSING_STATUS_UPDATED.send_event(
        course_passing_status=CoursePassingStatusData(
            is_passing=is_passing,
            course=CourseData(course_key=CourseKey.from_string(course_key)),
            user=_user_data(user),
        )
    )


def add_entry(user, *, jp, on, status="recorded", key=None, competency_type="teknis", source="course"):
    from kemenag_xblocks.competency.models import LedgerEntry

    return LedgerEntry.objects.create(
        user=user,
        source=source,
        source_key=key or f"course-v1:Kemenag+X{LedgerEntry.objects.count()}+2026",
        title="Pelatihan",
        jp=jp,
        competency_type=competency_type,
        completed_on=on if isinstance(on, date) else date.fromisoformat(on),
        status=status,
    )
