"""Receivers of openedx-events signals, wired by the plugin app's signals config (``apps.RECEIVERS``).

The platform sends these after a learner enrolls, passes a course or is given (or loses) a
certificate; each keeps the JP ledger and the course's cohort in step. They are idempotent: the
platform may repeat an event. Dates are days in the JP time zone (``dates.day_of``).
"""

from kemenag_xblocks.competency import dates


def _completed_on(metadata):
    # The event's own time, so a retried or late delivery keeps the real date.
    return dates.day_of(getattr(metadata, "time", None))


def certificate_number(certificate):
    """The platform certificate's own id (its verify uuid, the last part of ``download_url``)."""
    url = (getattr(certificate, "download_url", "") or "").split("?")[0].rstrip("/")
    return url.rsplit("/", 1)[-1][:100] if url else ""


def record_course_passed(signal=None, sender=None, course_passing_status=None, metadata=None, **kwargs):
    """COURSE_PASSING_STATUS_UPDATED: a passing learner is credited with the course's JP.

    A regrade never restores a course whose certificate was revoked: only a new certificate does.
    """
    from kemenag_xblocks.competency import ledger

    if course_passing_status is not None and course_passing_status.is_passing:
        ledger.record_course(
            course_passing_status.user.id,
            course_passing_status.course.course_key,
            _completed_on(metadata),
            restore=False,
        )


def record_certificate(signal=None, sender=None, certificate=None, metadata=None, **kwargs):
    """CERTIFICATE_CREATED: the certificate's holder is credited with the course's JP."""
    from kemenag_xblocks.competency import ledger

    if certificate is not None:
        ledger.record_course(
            certificate.user.id,
            certificate.course.course_key,
            _completed_on(metadata),
            certificate_number=certificate_number(certificate),
        )


def withdraw_certificate(signal=None, sender=None, certificate=None, **kwargs):
    """CERTIFICATE_REVOKED: the course no longer counts for its holder."""
    from kemenag_xblocks.competency import ledger

    if certificate is not None:
        ledger.withdraw_course(certificate.user.id, certificate.course.course_key)


def record_enrollment(signal=None, sender=None, enrollment=None, **kwargs):
    """COURSE_ENROLLMENT_CREATED: the learner joins the course's cohort (what staff see there)."""
    from kemenag_xblocks.competency.models import CohortMember

    if enrollment is not None:
        CohortMember.objects.get_or_create(course_key=str(enrollment.course.course_key), user_id=enrollment.user.id)


def identity_from_claims(sender=None, request=None, user=None, **kwargs):
    """Django's ``user_logged_in``: the "sso" identity source (``people.identity_from_claims``)."""
    from kemenag_xblocks.competency import people

    people.identity_from_claims(sender=sender, request=request, user=user, **kwargs)
