"""Harvest one OAI-PMH source into ``ResourceRecord`` rows, recording the run (decision 0008).

The protocol (requests, resumption tokens, OAI error codes, timeouts and retries) is the
``oaipmh-scythe`` client's. On top of it, each page is parsed again *strictly*: the client's parser
recovers from broken XML, which would silently drop records and end the list early, after which the
next harvest's ``from`` would skip them for good. A page that is not well-formed fails the run instead.

Incremental: ``from`` is the newest datestamp stored by the last *successful* run; a failed run keeps
what it stored (upserts are idempotent) but does not move ``from``, so the next run repeats it.
Never called on a request: ``tasks.py`` runs it on a Celery worker.
"""

import logging
from dataclasses import dataclass, field

import httpx2
from django.db import transaction
from django.utils import timezone
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig, RetryConfig
from oaipmh_scythe.exceptions import NoRecordsMatch, OAIPMHException
from oaipmh_scythe.iterator import OAIResponseIterator
from oaipmh_scythe.models import Record

from kemenag_xblocks.resources import search
from kemenag_xblocks.resources.dublin_core import record_fields
from kemenag_xblocks.resources.models import HarvestRun, ResourceRecord, ResourceSource

log = logging.getLogger(__name__)
OAI = "{http://www.openarchives.org/OAI/2.0/}"
# No entities, no network, no huge trees: a repository's XML is hostile input too.
STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)
MAX_PAGES = 10_000  # a repository handing out resumption tokens forever stops here


class HarvestError(Exception):
    """Why a run failed, in words an operator can act on (stored on the run)."""


@dataclass
class Tally:
    pages: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0
    skipped: int = 0
    newest: str = ""
    errors: list = field(default_factory=list)


def client_for(source, *, backoff=None):
    """The library's client with the source's timeout and retries (also on timeouts and resets)."""
    retry = RetryConfig(
        max_retries=source.max_retries,
        retry_status_codes=(429, 500, 502, 503, 504),
        retry_on_transport_error=True,
        initial_backoff=backoff if backoff is not None else 2.0,
        default_retry_after=backoff * 4 if backoff is not None else 30.0,
    )
    return Scythe(
        source.base_url,
        iterator=OAIResponseIterator,
        http_config=HTTPConfig(timeout=source.timeout_seconds),
        retry_config=retry,
    )


def strict_records(response):
    """The page's records, from a strict parse of the bytes the client received."""
    try:
        root = etree.fromstring(response.http_response.content, parser=STRICT)
    except etree.XMLSyntaxError as problem:
        raise HarvestError(f"malformed XML: {problem}") from None
    if root.tag != f"{OAI}OAI-PMH":
        raise HarvestError("the answer is not an OAI-PMH document")
    return [Record(element) for element in root.iter(f"{OAI}record")]


def store(source, record, tally):
    header = record.header
    identifier = (header.identifier or "").strip()[:255]
    datestamp = (header.datestamp or "").strip()[:32]
    if datestamp > tally.newest:
        tally.newest = datestamp
    if not identifier:
        tally.skipped += 1
        return
    if record.deleted:
        # Honoured: the row stays (reading lists keep their own copy) but is never offered again.
        tally.deleted += ResourceRecord.objects.filter(source=source, identifier=identifier).update(
            deleted=True, datestamp=datestamp, modified=timezone.now()
        )
        return
    fields = record_fields(record.metadata)
    if not fields["title"]:
        tally.skipped += 1
        return
    _row, created = ResourceRecord.objects.update_or_create(
        source=source, identifier=identifier, defaults={**fields, "datestamp": datestamp, "deleted": False}
    )
    if created:
        tally.added += 1
    else:
        tally.updated += 1


def harvest_pages(source, tally, *, backoff=None):
    with client_for(source, backoff=backoff) as client:
        pages = client.list_records(
            from_=source.harvested_until or None,
            metadata_prefix=source.metadata_prefix or "oai_dc",
            set_=source.set_spec or None,
        )
        for response in pages:
            tally.pages += 1
            if tally.pages > MAX_PAGES:
                raise HarvestError(f"more than {MAX_PAGES} pages: stopped")
            records = strict_records(response)
            with transaction.atomic():
                # Before any record row: writers of the search index lock in one order (search.py).
                search.lock_index()
                for record in records:
                    store(source, record, tally)


def harvest(source_id, *, backoff=None):
    """Harvest the source once; returns the finished ``HarvestRun`` (never raises for a bad source)."""
    source = ResourceSource.objects.get(pk=source_id)
    run = HarvestRun.objects.create(source=source, harvest_from=source.harvested_until)
    tally = Tally()
    status, error = HarvestRun.SUCCEEDED, ""
    try:
        harvest_pages(source, tally, backoff=backoff)
    except NoRecordsMatch:
        pass  # nothing new since ``from``: a success with zero records
    except HarvestError as problem:
        status, error = HarvestRun.FAILED, str(problem)
    except httpx2.TimeoutException as problem:
        status, error = HarvestRun.FAILED, f"timed out after {source.timeout_seconds:g} s ({type(problem).__name__})"
    except httpx2.HTTPError as problem:
        status, error = HarvestRun.FAILED, f"HTTP: {problem}"
    except OAIPMHException as problem:
        status, error = HarvestRun.FAILED, f"OAI-PMH error {type(problem).__name__}: {problem}"
    except (ValueError, etree.LxmlError) as problem:
        status, error = HarvestRun.FAILED, f"unreadable answer: {problem}"
    except AttributeError:
        # The client reads an error page that is not XML at all (a proxy's "503 busy") as nothing.
        status, error = HarvestRun.FAILED, "unreadable answer: not an OAI-PMH document (an HTTP error page?)"
    if status == HarvestRun.SUCCEEDED and tally.newest and tally.newest > source.harvested_until:
        ResourceSource.objects.filter(pk=source.pk).update(harvested_until=tally.newest)
    HarvestRun.objects.filter(pk=run.pk).update(
        status=status,
        error=error[:2000],
        finished=timezone.now(),
        pages=tally.pages,
        added=tally.added,
        updated=tally.updated,
        deleted=tally.deleted,
        skipped=tally.skipped,
    )
    if error:
        log.warning("harvest of source %s (%s) failed: %s", source.pk, source.base_url, error)
    run.refresh_from_db()
    return run
