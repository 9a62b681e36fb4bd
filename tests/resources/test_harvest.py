"""Harvesting against a real OAI-PMH server process (tests/resources/oai_server.py) through the
real client library: pages and resumption tokens, incremental ``from``, deleted records, sets,
malformed XML, a timeout, retries on 503, and hostile metadata."""

import pytest

from kemenag_xblocks.resources import harvest, tasks
from kemenag_xblocks.resources.models import HarvestRun, ResourceRecord
from tests.resources import records as fixtures

pytestmark = pytest.mark.django_db


def titles():
    return sorted(ResourceRecord.objects.filter(deleted=False).values_list("title", flat=True))


def test_a_first_harvest_follows_resumption_tokens_over_every_page_and_records_the_run(repository, make_source):
    source = make_source(repository.url())
    run = harvest.harvest(source.pk)
    assert run.status == HarvestRun.SUCCEEDED, run.error
    assert (run.pages, run.added, run.updated, run.deleted) == (3, 5, 0, 0)  # 5 records, 2 per page
    assert len(titles()) == 5
    record = ResourceRecord.objects.get(identifier="oai:jurnal.contoh:article/1")
    assert record.creator_list == ["Rahmawati, Siti", "Hidayat, Ahmad"]
    assert record.year == 2023 and record.language == "ind" and record.rights == "CC BY-SA 4.0"
    assert record.subjects.splitlines() == ["toleransi", "madrasah"]
    assert record.url == "https://jurnal.contoh.invalid/index.php/j/article/view/1"
    assert record.pdf_url.endswith("/article/download/1/2.pdf")
    source.refresh_from_db()
    assert source.harvested_until == "2024-05-14"


def test_the_next_harvest_asks_only_for_what_changed_since_and_honours_deletions(repository, make_source):
    source = make_source(repository.url())
    harvest.harvest(source.pk)
    changed = dict(fixtures.ARTICLES[4], datestamp="2024-07-01")
    changed["dc"] = dict(changed["dc"], title=["Dialog Lintas Iman, edisi revisi (contoh)"])
    repository.publish([*fixtures.ARTICLES[:4], changed, fixtures.deleted("oai:jurnal.contoh:article/2", "2024-07-02")])
    run = harvest.harvest(source.pk)
    assert run.status == HarvestRun.SUCCEEDED, run.error
    assert run.harvest_from == "2024-05-14"
    # Only the records stamped on or after 2024-05-14: the changed one and the deletion (one page).
    assert (run.pages, run.added, run.updated, run.deleted) == (1, 0, 1, 1)
    assert "Dialog Lintas Iman, edisi revisi (contoh)" in titles()
    assert "Komitmen Kebangsaan Aparatur Sipil Negara (contoh)" not in titles()
    assert ResourceRecord.objects.get(identifier="oai:jurnal.contoh:article/2").deleted
    source.refresh_from_db()
    assert source.harvested_until == "2024-07-02"
    # Nothing new: the server says noRecordsMatch, which is a success with nothing stored.
    quiet = harvest.harvest(source.pk)
    assert quiet.status == HarvestRun.SUCCEEDED and quiet.added == quiet.updated == 0


def test_a_set_limits_the_harvest(repository, make_source):
    run = harvest.harvest(make_source(repository.url(), set_spec="jurnal:REV").pk)
    assert run.status == HarvestRun.SUCCEEDED
    assert titles() == ["Anti-kekerasan dalam Dakwah (contoh)"]


def test_malformed_xml_fails_the_run_keeps_earlier_pages_and_does_not_move_from(repository, make_source):
    source = make_source(repository.url("broken"))
    run = harvest.harvest(source.pk)
    assert run.status == HarvestRun.FAILED
    assert "malformed XML" in run.error
    assert run.added == 2  # the first page arrived whole and stays
    source.refresh_from_db()
    assert source.harvested_until == "", "a failed run must not skip the records it never saw"


def test_a_slow_source_times_out_and_the_run_says_so(repository, make_source):
    source = make_source(repository.url("slow"), timeout=0.5, max_retries=1)
    run = harvest.harvest(source.pk, backoff=0.01)
    assert run.status == HarvestRun.FAILED
    assert "timed out after 0.5 s" in run.error
    assert ResourceRecord.objects.count() == 0


def test_a_busy_source_is_retried(repository, make_source):
    source = make_source(repository.url("flaky"), max_retries=2)
    run = harvest.harvest(source.pk, backoff=0.01)
    assert run.status == HarvestRun.SUCCEEDED, run.error
    assert run.added == 5


def test_without_retries_the_busy_source_fails_cleanly(repository, make_source):
    run = harvest.harvest(make_source(repository.url("flaky"), max_retries=0).pk)
    assert run.status == HarvestRun.FAILED and "not an OAI-PMH document" in run.error


def test_an_unreachable_source_fails_cleanly(make_source):
    run = harvest.harvest(make_source("http://127.0.0.1:9/oai", max_retries=0).pk)
    assert run.status == HarvestRun.FAILED and run.error


def test_hostile_metadata_is_stored_as_plain_text_and_http_links_only(repository, make_source):
    repository.publish([fixtures.HOSTILE])
    run = harvest.harvest(make_source(repository.url()).pk)
    assert run.status == HarvestRun.SUCCEEDED, run.error
    record = ResourceRecord.objects.get()
    assert "<" not in record.title and "script" not in record.title.lower()
    assert record.title.startswith("Toleransi") and record.title.endswith("Jahat")
    assert record.creators == "Penulis"
    assert "iframe" not in record.description and record.description == "Deskripsi"
    assert record.url == "https://jurnal.contoh.invalid/view/666"
    assert record.pdf_url == "", "a data: URL is never a link"


def test_the_celery_task_harvests_every_enabled_source(repository, make_source, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    make_source(repository.url(), name="A")
    make_source(repository.url(), name="B", enabled=False)
    tasks.queue(tasks.harvest_all_sources)
    assert list(HarvestRun.objects.values_list("source__name", "status")) == [("A", HarvestRun.SUCCEEDED)]
