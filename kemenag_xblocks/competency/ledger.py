"""Writing the ledger: courses recorded and withdrawn by events, external trainings reported and verified.

Every write is safe to repeat and to run concurrently: a course's row is found or created on the
ledger's unique constraint, and status changes are conditional updates, never read-modify-write.
"""

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from kemenag_xblocks.common.models import record
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


def record_course(user_id, course_key, completed_on=None):
    """Credit a learner with a course's JP once; returns the entry, or None if the course has no JP set."""
    course_key = str(course_key)
    course = CourseCompetency.objects.filter(course_key=course_key).first()
    if course is None:
        log.info("No JP value set for %s: nothing recorded for user %s", course_key, user_id)
        return None
    completed_on = completed_on or timezone.localdate()
    defaults = {
        "title": course.title or course_key,
        "jp": course.jp,
        "competency_type": course.competency_type,
        "completed_on": completed_on,
        "status": Status.RECORDED,
    }
    lookup = {"user_id": user_id, "source": LedgerEntry.Source.COURSE, "source_key": course_key}
    try:
        entry, created = LedgerEntry.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:
        # Another worker created it between our read and insert: the row exists now.
        entry, created = LedgerEntry.objects.get(**lookup), False
    if not created and entry.status == Status.WITHDRAWN:
        # Re-credited after a revocation (a new certificate): conditional, so concurrent events agree.
        LedgerEntry.objects.filter(pk=entry.pk, status=Status.WITHDRAWN).update(
            status=Status.RECORDED, completed_on=completed_on, modified=timezone.now()
        )
        entry.refresh_from_db()
    return entry


def withdraw_course(user_id, course_key):
    """A revoked certificate: the course no longer counts (the row stays, for the record)."""
    return LedgerEntry.objects.filter(
        user_id=user_id, source=LedgerEntry.Source.COURSE, source_key=str(course_key), status=Status.RECORDED
    ).update(status=Status.WITHDRAWN, modified=timezone.now())


def report_external(user_id, *, title, organizer, jp, competency_type, completed_on, evidence, reported_in):
    """A learner's external training, waiting for staff to verify its certificate.

    Keyed by what was reported (title, date, certificate): a retried or doubled request (its
    first answer lost) finds the entry it made instead of counting the training twice. A report
    made again after a rejection is a new entry."""
    import hashlib

    from django.db import IntegrityError

    reported = f"{user_id}|{title}|{completed_on}|{evidence.sha256 if evidence else ''}"
    source_key = "ext-" + hashlib.sha256(reported.encode()).hexdigest()[:40]
    mine = LedgerEntry.objects.filter(user_id=user_id, source=LedgerEntry.Source.EXTERNAL)
    existing = mine.filter(source_key=source_key).first()
    if existing is not None and existing.status != Status.REJECTED:
        return existing
    if existing is not None:
        source_key = LedgerEntry.new_external_key()
    fields = _external_fields(
        title=title,
        organizer=organizer,
        jp=jp,
        competency_type=competency_type,
        completed_on=completed_on,
        evidence=evidence,
        reported_in=reported_in,
    )
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                user_id=user_id, source=LedgerEntry.Source.EXTERNAL, source_key=source_key, **fields
            )
    except IntegrityError:  # the same report, committed a moment ago by its twin request
        return mine.get(source_key=source_key)


def _external_fields(*, title, organizer, jp, competency_type, completed_on, evidence, reported_in):
    return dict(
        title=title,
        organizer=organizer,
        jp=jp,
        competency_type=competency_type,
        completed_on=completed_on,
        evidence_path=evidence.path if evidence else "",
        evidence_sha256=evidence.sha256 if evidence else "",
        evidence_name=evidence.display_name if evidence else "",
        status=Status.PENDING,
        reported_in=str(reported_in),
    )


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
