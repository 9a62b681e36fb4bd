"""Receivers of openedx-events signals, wired by the plugin app's signals config (``apps.RECEIVERS``).

The platform sends these after a learner passes a course or is given (or loses) a certificate;
each keeps the JP ledger in step. They are idempotent: the platform may repeat an event.
"""

from django.utils import timezone


def _completed_on(metadata):
    # The event's own time, so a retried or late delivery keeps the real date.
    when = getattr(metadata, "time", None)
    return timezone.localdate(when) if when else timezone.localdate()


def record_course_passed(signal=None, sender=None, course_passing_status=None, metadata=None, **kwargs):
    """COURSE_PASSING_STATUS_UPDATED: a passing learner is credited with the course's JP."""
    from kemenag_xblocks.competency import ledger

    if course_passing_status is not None and course_passing_status.is_passing:
        ledger.record_course(
            course_passing_status.user.id, course_passing_status.course.course_key, _completed_on(metadata)
        )


def record_certificate(signal=None, sender=None, certificate=None, metadata=None, **kwargs):
    """CERTIFICATE_CREATED: the certificate's holder is credited with the course's JP."""
    from kemenag_xblocks.competency import ledger

    if certificate is not None:
        ledger.record_course(certificate.user.id, certificate.course.course_key, _completed_on(metadata))


def withdraw_certificate(signal=None, sender=None, certificate=None, **kwargs):
    """CERTIFICATE_REVOKED: the course no longer counts for its holder."""
    from kemenag_xblocks.competency import ledger

    if certificate is not None:
        ledger.withdraw_course(certificate.user.id, certificate.course.course_key)
