"""Catalogue search on the engine's full-text index (SQLite FTS5, MariaDB FULLTEXT): every word must
match one of title, creators, subjects, description, as a prefix; deleted records are never found.
``transaction=True``: InnoDB applies full-text changes at commit, as a harvest page commits."""

import time

import pytest

from kemenag_xblocks.resources import search
from kemenag_xblocks.resources.models import ResourceRecord, ResourceSource

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    source = ResourceSource.objects.create(name="Jurnal", base_url="http://127.0.0.1/oai")

    def add(identifier, title, **fields):
        return ResourceRecord.objects.create(
            source=source, identifier=identifier, title=title, url=f"https://j.example/{identifier}", **fields
        )

    add("1", "Toleransi beragama di madrasah", creators="Rahmawati, Siti", subjects="pendidikan")
    add("2", "Komitmen kebangsaan ASN", creators="Nugroho, Budi", description="Pancasila dan toleransi")
    add("3", "Tradisi lokal", subjects="budaya lokal\nkearifan", creators="Putri, Dewi")
    add("4", "Anti-kekerasan dalam dakwah", deleted=True)
    return add


def titles(text):
    return [record.title for record in search.search(text)]


def test_words_are_found_in_any_of_the_four_fields(catalogue):
    assert titles("madrasah") == ["Toleransi beragama di madrasah"]
    assert titles("Nugroho") == ["Komitmen kebangsaan ASN"]  # creators
    assert titles("kearifan") == ["Tradisi lokal"]  # subjects
    assert set(titles("toleransi")) == {"Toleransi beragama di madrasah", "Komitmen kebangsaan ASN"}  # + description


def test_every_word_must_match_and_words_match_as_prefixes(catalogue):
    assert titles("toleran madrasah") == ["Toleransi beragama di madrasah"]
    assert titles("toleransi tradisi") == []


def test_deleted_records_are_never_found(catalogue):
    assert titles("dakwah") == []


def test_an_update_is_found_by_its_new_words(catalogue):
    record = ResourceRecord.objects.get(identifier="3")
    record.title = "Kearifan lokal nusantara"
    record.save()
    assert titles("nusantara") == ["Kearifan lokal nusantara"]
    record.delete()
    assert titles("nusantara") == []


@pytest.mark.parametrize("text", ['"', "*", "AND OR NOT", "-", "+", "toleransi)", "NEAR(a b)", "' OR 1=1 --", ""])
def test_operator_characters_are_data_never_syntax(catalogue, text):
    search.search(text)  # no database error, whatever the characters


def test_a_thousand_records_are_searched_quickly(catalogue):
    """The small CI check; 100,000 records: ``python -m benchmarks bench_resources``."""
    source = ResourceSource.objects.get()
    ResourceRecord.objects.bulk_create(
        ResourceRecord(
            source=source, identifier=f"b{i}", title=f"Artikel {i} tentang moderasi", url="https://j.example/"
        )
        for i in range(1000)
    )
    search.index_records(ResourceRecord.objects.filter(identifier__startswith="b"))  # bulk_create sends no signal
    started = time.perf_counter()
    found = search.search("moderasi artikel")
    elapsed = time.perf_counter() - started
    assert len(found) == search.PAGE
    assert elapsed < 0.5, f"{elapsed:.3f} s"


def test_records_with_every_word_in_the_title_come_first(catalogue):
    catalogue("5", "Tradisi madrasah", description="toleransi tradisi")
    catalogue("6", "Catatan", description="tradisi dan toleransi")
    catalogue("7", "Toleransi dan tradisi", subjects="x")
    assert titles("toleransi tradisi") == ["Toleransi dan tradisi", "Catatan", "Tradisi madrasah"]
