"""The ledger written by the platform's events and by staff decisions: once per course, never lost."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from kemenag_xblocks.common.models import AuditEntry
from kemenag_xblocks.competency import api, ledger
from kemenag_xblocks.competency.models import LedgerEntry
from tests.competency.conftest import COURSE, send_certificate, send_passing

pytestmark = pytest.mark.django_db


def test_a_certificate_records_the_course_jp_once_however_often_it_is_announced(learner, course):
    send_certificate(learner)
    send_certificate(learner)
    send_passing(learner)
    entries = LedgerEntry.objects.filter(user=learner)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.source_key, entry.jp, entry.competency_type, entry.status) == (
        COURSE,
        12,
        "sosial_kultural",
        "recorded",
    )
    assert entry.title == "Moderasi Beragama"
    assert entry.completed_on == timezone.localdate()
    assert api.learner_summary(learner.pk).jp_this_year == 12


def test_passing_records_but_a_failing_status_does_not(learner, course):
    send_passing(learner, is_passing=False)
    assert not LedgerEntry.objects.exists()
    send_passing(learner, is_passing=True)
    assert LedgerEntry.objects.filter(user=learner, status="recorded").count() == 1


def test_a_course_without_a_jp_value_records_nothing(learner):
    send_certificate(learner, "course-v1:Kemenag+TANPA+2026")
    assert not LedgerEntry.objects.exists()


def test_a_revoked_certificate_withdraws_the_jp_and_a_new_one_restores_it(learner, course):
    send_certificate(learner)
    send_certificate(learner, revoked=True)
    assert LedgerEntry.objects.get(user=learner).status == "withdrawn"
    assert api.learner_summary(learner.pk).jp_this_year == 0
    assert not api.learner_entries(learner.pk).exists(), "a withdrawn course is not listed to the learner"
    send_certificate(learner)
    assert LedgerEntry.objects.get(user=learner).status == "recorded"
    assert api.learner_summary(learner.pk).jp_this_year == 12


def test_changing_the_course_jp_later_does_not_rewrite_past_credits(learner, course):
    send_certificate(learner)
    assert ledger.set_course_competency(COURSE, jp="16", competency_type="teknis", title="Baru")
    assert not ledger.set_course_competency(COURSE, jp="16", competency_type="teknis", title="Baru")
    assert LedgerEntry.objects.get(user=learner).jp == 12


def _external(learner):
    return ledger.report_external(
        learner.pk,
        title="Bimtek Arsip",
        organizer="BDK Jakarta",
        jp=8,
        competency_type="teknis",
        completed_on=date(2026, 3, 1),
        evidence=None,
        reported_in=COURSE,
    )


def test_external_training_counts_only_once_verified_and_the_decision_is_audited(learner, django_user_model):
    staff = django_user_model.objects.create(username="verifier")
    entry = _external(learner)
    assert api.learner_summary(learner.pk, date(2026, 6, 1)).jp_this_year == 0
    assert ledger.decide(entry.pk, actor_id=staff.pk, approve=True, course_key=COURSE)
    assert not ledger.decide(entry.pk, actor_id=staff.pk, approve=False, reason="x"), "decided once only"
    entry.refresh_from_db()
    assert (entry.status, entry.verified_by_id) == ("verified", staff.pk) and entry.verified_at
    assert api.learner_summary(learner.pk, date(2026, 6, 1)).jp_this_year == 8
    audit = AuditEntry.objects.get(action="jp_training_verified")
    assert audit.actor_id == staff.pk and audit.new_value["entry"] == entry.pk


def test_rejection_keeps_the_reason_and_counts_nothing(learner):
    entry = _external(learner)
    assert ledger.decide(entry.pk, actor_id=None, approve=False, reason="Sertifikat tidak terbaca")
    entry.refresh_from_db()
    assert (entry.status, entry.reject_reason) == ("rejected", "Sertifikat tidak terbaca")
    assert api.learner_summary(learner.pk, date(2026, 6, 1)).jp_this_year == 0
    assert AuditEntry.objects.filter(action="jp_training_rejected", new_value__reason="Sertifikat tidak terbaca")


@pytest.mark.django_db(transaction=True)
def test_concurrent_certificate_events_create_one_row(learner, course):
    """Eight workers deliver the same event at once (the platform retries): one credit."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is exercised on MariaDB (KEMENAG_TEST_DB=mariadb)")
    barrier = threading.Barrier(8)
    errors = []

    def deliver():
        try:
            barrier.wait()
            ledger.record_course(learner.pk, COURSE)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert LedgerEntry.objects.filter(user=learner).count() == 1


def test_a_regrade_after_a_revoked_certificate_does_not_restore_the_jp(learner, course):
    send_certificate(learner)
    send_certificate(learner, revoked=True)
    send_passing(learner, is_passing=True)  # COURSE_PASSING_STATUS_UPDATED after a regrade
    assert LedgerEntry.objects.get(user=learner).status == "withdrawn"
    assert api.learner_summary(learner.pk).jp_this_year == 0
    send_certificate(learner, download_url="https://lms.example/certificates/5f1d0c9e8b7a4e3f")
    entry = LedgerEntry.objects.get(user=learner)
    assert entry.status == "recorded" and entry.certificate_number == "5f1d0c9e8b7a4e3f", "only a new certificate"


def test_the_certificate_event_gives_the_course_record_its_certificate_number(learner, course):
    send_passing(learner)  # passing first, certificate afterwards: the number completes the record
    assert LedgerEntry.objects.get(user=learner).certificate_number == ""
    send_certificate(learner, download_url="/certificates/0a1b2c3d4e5f")
    assert LedgerEntry.objects.get(user=learner).certificate_number == "0a1b2c3d4e5f"


class Stored:
    def __init__(self, sha256, path="kemenag/x/jp/sertifikat.pdf"):
        self.sha256, self.path, self.display_name = sha256, path, "sertifikat.pdf"


def report(user, key="", sha="a" * 64, **fields):
    values = {
        "title": "Bimtek Arsip",
        "organizer": "BDK Jakarta",
        "jp": "8",
        "competency_type": "teknis",
        "completed_on": date(2026, 3, 1),
        "certificate_number": "BDK/2026/7",
        **fields,
    }
    return ledger.report_external(user.pk, evidence=Stored(sha), reported_in=COURSE, key=key, **values)


def test_the_same_certificate_file_is_refused_a_second_time_with_a_clear_message(learner):
    from django.utils import translation

    first = report(learner)
    with translation.override("id"), pytest.raises(ledger.Duplicate, match="sudah dilaporkan untuk “Bimtek Arsip”"):
        report(learner, title="Bimtek Arsip (lagi)")
    LedgerEntry.objects.filter(pk=first.pk).update(status="rejected")
    assert report(learner).pk != first.pk, "a rejected report's file may be sent again"
    assert LedgerEntry.objects.count() == 2


def test_a_retried_report_with_the_same_key_is_the_same_entry(learner):
    key = "0123456789abcdef0123456789abcdef"
    first = report(learner, key=key)
    again = report(learner, key=key, sha="b" * 64)  # a retry after a lost answer
    assert again.pk == first.pk and LedgerEntry.objects.count() == 1
    assert first.source_key == f"ext-{key}"


def test_a_rejected_training_is_resubmitted_in_place(learner):
    entry = report(learner)
    assert ledger.decide(entry.pk, actor_id=None, approve=False, reason="Sertifikat buram")
    assert ledger.resubmit(entry.pk, learner.pk + 1, title="Orang lain") is None, "only its owner"
    again = ledger.resubmit(entry.pk, learner.pk, evidence=Stored("c" * 64), title="Bimtek Arsip Dinamis")
    again.refresh_from_db()
    assert (again.status, again.reject_reason, again.title, again.evidence_sha256) == (
        "pending",
        "",
        "Bimtek Arsip Dinamis",
        "c" * 64,
    )
    assert ledger.resubmit(entry.pk, learner.pk) is None, "a pending training is not re-submitted"
