"""Catalogue search on the engine's full-text index (SQLite FTS5, MariaDB FULLTEXT): every word must
match one of title, creators, subjects, description, as a prefix; deleted records are never found.
``transaction=True``: InnoDB applies full-text changes at commit, as a harvest page commits."""

import random
import threading
import time

import pytest
from django.db import connection, connections, transaction

from kemenag_xblocks.resources import query, search
from kemenag_xblocks.resources.models import ResourceRecord, ResourceSource, ResourceTerm

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


# ---- the same results whichever way the engine gets them (a model of the rules, in Python) ----------

VOCABULARY = ["toleransi", "toleran", "tolak", "moderasi", "moderat", "desa", "dakwah", "damai", "iman", "dialog"]
BROAD = [f"kata{n:02d}" for n in range(12)]  # one prefix ("kata") of twelve words


def reference(records, text, limit=search.PAGE):
    """Every word a prefix of a word of the record; title matches first; newest first; no deleted."""
    words = query.terms(text, query.MIN_LENGTH.get(connection.vendor, 1))
    if not words:
        return []

    def holds(*fields):
        tokens = query.words_of(" ".join(fields))
        return all(any(token.startswith(word) for token in tokens) for word in words)

    live = sorted((r for r in records if not r.deleted), key=lambda r: -r.pk)
    in_title = [r.pk for r in live if holds(r.title)]
    anywhere = [r.pk for r in live if holds(r.title, r.creators, r.subjects, r.description)]
    return (in_title + [pk for pk in anywhere if pk not in in_title])[:limit]


@pytest.fixture
def random_catalogue():
    rng = random.Random(20)
    source = ResourceSource.objects.create(name="Acak", base_url="http://127.0.0.1/oai")
    rows = [
        ResourceRecord(
            source=source,
            identifier=f"r{n}",
            title=" ".join(rng.choices(VOCABULARY + BROAD, k=3)).capitalize(),
            creators=rng.choice(["Siti Rahma", "Budi Nugroho", "Dewi Putri"]),
            subjects="\n".join(rng.choices(VOCABULARY, k=2)),
            description=" ".join(rng.choices(VOCABULARY + BROAD, k=8)),
            deleted=rng.random() < 0.1,
            url=f"https://j.example/{n}",
        )
        for n in range(150)
    ]
    ResourceRecord.objects.bulk_create(rows)
    records = list(ResourceRecord.objects.order_by("pk"))
    search.index_records(records)  # bulk_create sends no signal (SQLite's triggers need none)
    return records


QUERIES = [
    "toleransi",
    "toleran",  # prefixes "toleran" and "toleransi"
    "tol",
    "moderasi desa",
    "dialog iman damai",
    "mod dak",
    "kata",  # the broad prefix
    "kata03",
    "kata dialog",
    "kata03 kata07 desa",
    "siti toleransi",
    "xylofon",
    "toleransi xylofon",
    "ka",
]
# MariaDB/MySQL: the defaults, then every way the search can go forced on every query (a broad word
# walked as whole rows, the records walked newest first, every word checked by range).
STRATEGIES = {
    "defaults": {},
    "broad words read whole": {"BRANCH_TOKENS": 1, "UNORDERED": 10**9},
    "records walked": {"BRANCH_TOKENS": 1, "UNORDERED": 0},
    "checks by range": {"PROBE_TOKENS": 0},
    "one word per walk": {"BRANCH_TOKENS": 1, "PROBE_TOKENS": 1},
}


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_every_query_finds_what_the_rules_say_in_order_whatever_the_plan(random_catalogue, strategy, monkeypatch):
    if strategy != "defaults" and connection.vendor != "mysql":
        pytest.skip("only MariaDB/MySQL choose between plans")
    for name, value in STRATEGIES[strategy].items():
        monkeypatch.setattr(search, name, value)
    for text in QUERIES:
        expected = reference(random_catalogue, text)
        assert [r.pk for r in search.search(text)] == expected, text
    assert len(reference(random_catalogue, "toleransi")) == search.PAGE  # more matches than a page
    assert 0 < len(reference(random_catalogue, "kata03 kata07 desa")) < search.PAGE


def test_deleted_records_take_no_place_on_the_page(catalogue):
    for n in range(30):
        catalogue(f"d{n}", f"Literasi digital {n}", deleted=n >= 10)  # the 20 newest are deleted
    assert titles("literasi") == [f"Literasi digital {n}" for n in range(9, -1, -1)]


def terms():
    return {t.token: (t.records, t.titles) for t in ResourceTerm.objects.exclude(token=search.LOCK)}


def test_word_counts_follow_every_save_and_a_recount_drops_deleted_records(catalogue):
    if connection.vendor != "mysql":
        pytest.skip("the term table is MariaDB/MySQL's (SQLite: FTS5)")
    record = catalogue("9", "Literasi zakat", description="zakat produktif literasi")
    assert terms()["zakat"] == (1, 1) and terms()["produktif"] == (1, 0)
    record.title = "Wakaf produktif"
    record.save()
    assert terms()["zakat"] == (1, 0) and terms()["produktif"] == (1, 1) and terms()["wakaf"] == (1, 1)
    before = terms()
    search.count_terms()
    assert terms() == {token: counts for token, counts in before.items() if counts != (0, 0)}
    record.delete()  # the cascade deletes its token rows; the counts wait for the recount
    assert terms()["wakaf"] == (1, 1)
    search.count_terms()
    assert "wakaf" not in terms() and "produktif" not in terms()
    assert titles("wakaf") == []


def test_wrong_word_counts_change_no_result(random_catalogue):
    if connection.vendor != "mysql":
        pytest.skip("the term table is MariaDB/MySQL's (SQLite: FTS5)")
    right = {text: [r.pk for r in search.search(text)] for text in QUERIES}
    rng = random.Random(7)
    for term in ResourceTerm.objects.exclude(token=search.LOCK):
        ResourceTerm.objects.filter(pk=term.pk).update(records=rng.randint(0, 10**6), titles=rng.randint(0, 10**6))
    assert {text: [r.pk for r in search.search(text)] for text in QUERIES} == right


def test_two_writers_changing_the_same_words_never_deadlock(catalogue):
    """Two transactions re-indexing records whose word counts overlap in opposite orders (the second
    holds "abadi" and waits for "yang", which the first holds before it needs "abadi"): without the
    writers' lock InnoDB kills one of them as a deadlock."""
    if connection.vendor != "mysql":
        pytest.skip("SQLite writes one transaction at a time")
    first, second, third = (catalogue(f"w{n}", f"Awal {n}") for n in range(3))
    started, errors = threading.Event(), []

    def writer(steps, wait=None):
        try:
            if wait:
                wait.wait(10)
            with transaction.atomic():
                for n, (record, title) in enumerate(steps):
                    record.title = title
                    search.index_records([record])
                    if n == 0 and not wait:
                        started.set()
                        time.sleep(0.5)
        except Exception as problem:  # reported by the assertion below
            errors.append(problem)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=writer, args=([(first, "yang"), (second, "abadi")],)),
        threading.Thread(target=writer, args=([(third, "abadi yang")], started)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    counted = terms()
    search.count_terms()
    assert terms() == {token: counts for token, counts in counted.items() if counts != (0, 0)}
    assert counted["yang"] == (2, 2) and counted["abadi"] == (2, 2)
