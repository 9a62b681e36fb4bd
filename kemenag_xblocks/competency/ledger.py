"""Writing the ledger: courses recorded and withdrawn by events, external trainings reported and verified.

Every write is safe to repeat and to run concurrently: a course's row is found or created on the
ledger's unique constraint, and status changes are conditional updates, never read-modify-write.

* A revoked certificate withdraws the course; only a NEW certificate restores it. A regrade
  (``COURSE_PASSING_STATUS_UPDATED`` with ``is_passing``) never does (``record_course(restore=False)``).
* An external report carries the form's one-time key: a retry of the same report finds the row
  already made instead of adding a second. The same certificate file (same SHA-256) reported
  again by the same learner, while the first report is pending or verified, is refused.
"""

import logging
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kemenag_xblocks.common.models import record
from kemenag_xblocks.competency import dates
from kemenag_xblocks.competency.models import CourseCompetency, LedgerEntry

log = logging.getLogger(__name__)
Status = LedgerEntry.Status


def set_course_competency(course_key, *, jp, competency_type, title=""):
    """Store what the author set on the tracker block; returns True when something changed."""
    wanted = {"jp": Decimal(str(jp)), "competency_type": competency_type, "title": title[:255]}
    current = CourseCompetency.objects.filter(course_key=str(course_key)).values(*wanted).first()
    if current == wanted:
        return False
    CourseCompetency.objects.update_or_create(course_key=str(course_key), defaults=wanted)
    return True


def record_course(user_id, course_key, completed_on=None, *, restore=True, certificate_number=""):
    """Credit a learner with a course's JP once; returns the entry, or None if the course has no JP set.

    ``restore``: a withdrawn (revoked) entry counts again, only for a new certificate; a regrade
    passes ``restore=False`` and leaves it withdrawn.
    """
    course_key = str(course_key)
    course = CourseCompetency.objects.filter(course_key=course_key).first()
    if course is None:
        log.info("No JP value set for %s: nothing recorded for user %s", course_key, user_id)
        return None
    completed_on = completed_on or dates.today()
    defaults = {
        "title": course.title or course_key,
        "jp": course.jp,
        "competency_type": course.competency_type,
        "training_kind_id": course.training_kind_id,
        "completed_on": completed_on,
        "status": Status.RECORDED,
        "certificate_number": certificate_number[:100],
    }
    lookup = {"user_id": user_id, "source": LedgerEntry.Source.COURSE, "source_key": course_key}
    try:
        entry, created = LedgerEntry.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:
        # Another worker created it between our read and insert: the row exists now.
        entry, created = LedgerEntry.objects.get(**lookup), False
    if not created and entry.status == Status.WITHDRAWN and restore:
        # Re-credited after a revocation (a new certificate): conditional, so concurrent events agree.
        LedgerEntry.objects.filter(pk=entry.pk, status=Status.WITHDRAWN).update(
            status=Status.RECORDED,
            completed_on=completed_on,
            certificate_number=certificate_number[:100] or entry.certificate_number,
            modified=timezone.now(),
        )
        entry.refresh_from_db()
    elif not created and certificate_number and not entry.certificate_number:
        # The certificate arrived after the passing event: its number completes the SIASN record.
        LedgerEntry.objects.filter(pk=entry.pk, certificate_number="").update(
            certificate_number=certificate_number[:100], modified=timezone.now()
        )
        entry.refresh_from_db()
    return entry


def withdraw_course(user_id, course_key):
    """A revoked certificate: the course no longer counts (the row stays, for the record)."""
    return LedgerEntry.objects.filter(
        user_id=user_id, source=LedgerEntry.Source.COURSE, source_key=str(course_key), status=Status.RECORDED
    ).update(status=Status.WITHDRAWN, modified=timezone.now())


REPORT_KEY = re.compile(r"[0-9a-f]{32}")
DUPLICATE_BLOCKING = (Status.PENDING, Status.VERIFIED, Status.RECORDED)


class Duplicate(ValueError):
    """The same certificate is already reported; the message is translated."""


def report_key(key):
    """The ledger key of a report from the form's one-time key (``ext-<32 hex>``), or a fresh one."""
    key = str(key or "").strip().lower()
    return f"ext-{key}" if REPORT_KEY.fullmatch(key) else LedgerEntry.new_external_key()


def existing_report(user_id, key):
    """The entry an earlier try of the same report made, or None."""
    if not REPORT_KEY.fullmatch(str(key or "").strip().lower()):
        return None
    return LedgerEntry.objects.filter(
        user_id=user_id, source=LedgerEntry.Source.EXTERNAL, source_key=report_key(key)
    ).first()


def check_not_duplicate(user_id, sha256, *, replacing=None):
    """Refuse a certificate file this learner already reported (pending or verified)."""
    if not sha256:
        return
    same = LedgerEntry.objects.filter(user_id=user_id, evidence_sha256=sha256, status__in=DUPLICATE_BLOCKING)
    if replacing is not None:
        same = same.exclude(pk=replacing)
    found = same.values("title", "completed_on").first()
    if found:
        raise Duplicate(
            _("This certificate was already reported for “{title}” ({date}); it is counted once.").format(
                title=found["title"], date=found["completed_on"].isoformat()
            )
        )


def report_external(
    user_id,
    *,
    title,
    organizer,
    jp,
    competency_type,
    completed_on,
    evidence,
    reported_in,
    certificate_number="",
    started_on=None,
    training_kind=None,
    key="",
):
    """A learner's external training, waiting for their unit's HR officer to verify its certificate.

    Idempotent on ``key`` (the form's one-time key): a retry returns the first try's entry.
    Raises ``Duplicate`` for a certificate file already reported.
    """
    earlier = existing_report(user_id, key)
    if earlier is not None:
        return earlier
    check_not_duplicate(user_id, evidence.sha256 if evidence else "")
    fields = {
        "title": title,
        "organizer": organizer,
        "jp": jp,
        "competency_type": competency_type,
        "completed_on": completed_on,
        "started_on": started_on,
        "certificate_number": certificate_number,
        "training_kind": training_kind,
        "evidence_path": evidence.path if evidence else "",
        "evidence_sha256": evidence.sha256 if evidence else "",
        "evidence_name": evidence.display_name if evidence else "",
        "status": Status.PENDING,
        "reported_in": str(reported_in),
    }
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                user_id=user_id, source=LedgerEntry.Source.EXTERNAL, source_key=report_key(key), **fields
            )
    except IntegrityError:
        # A concurrent retry of the same report got there first.
        found = existing_report(user_id, key)
        if found is None:
            raise
        return found


def resubmit(entry_id, user_id, *, evidence=None, **fields):
    """The learner's rejected training, corrected and sent again: pending once more (same row).

    Returns the entry, or None if it is not this learner's rejected training.
    """
    with transaction.atomic():
        entry = (
            LedgerEntry.objects.select_for_update()
            .filter(pk=entry_id, user_id=user_id, source=LedgerEntry.Source.EXTERNAL, status=Status.REJECTED)
            .first()
        )
        if entry is None:
            return None
        if evidence is not None:
            check_not_duplicate(user_id, evidence.sha256, replacing=entry.pk)
            entry.evidence_path, entry.evidence_sha256 = evidence.path, evidence.sha256
            entry.evidence_name = evidence.display_name
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.status, entry.reject_reason = Status.PENDING, ""
        entry.verified_by, entry.verified_at = None, None
        entry.save()
        return entry


def decide(entry_id, *, actor_id, approve, reason="", course_key="", usage_key=""):
    """Verify or reject a pending external training; False if it was not pending (already decided)."""
    new_status = Status.VERIFIED if approve else Status.REJECTED
    with transaction.atomic():
        changed = LedgerEntry.objects.filter(pk=entry_id, status=Status.PENDING).update(
            status=new_status,
            verified_by_id=actor_id,
            verified_at=timezone.now(),
            reject_reason="" if approve else reason,
            modified=timezone.now(),
        )
        if changed:
            entry = LedgerEntry.objects.values("user_id", "title", "jp").get(pk=entry_id)
            record(
                course_key=course_key,
                usage_key=usage_key,
                actor_id=actor_id,
                action="jp_training_verified" if approve else "jp_training_rejected",
                subject=str(entry["user_id"]),
                old={"status": Status.PENDING},
                new={
                    "status": new_status,
                    "entry": entry_id,
                    "title": entry["title"],
                    "jp": str(entry["jp"]),
                    "reason": reason,
                },
            )
    return bool(changed)
