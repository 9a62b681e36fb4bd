"""The moderation quiz under load: submit with 40 items, the staff report over many attempts.

Targets (issue 3):
* ``submit`` with 40 items through the Django stack: median at most 1.5x the no-op floor, and
  faster than xblock-poll's ``vote`` handler measured in the same run;
* staff report over 50,000 stored attempts: at most 2x one SQL aggregate query returning the
  same numbers (the report is grouped aggregates, never a per-learner Python loop);
* concurrency (8 parallel submitters, counts exact) is proven on MariaDB by
  ``KEMENAG_TEST_DB=mariadb KEMENAG_QUIZ_CONCURRENT_ATTEMPTS=2000 .venv/bin/pytest tests/quiz/test_concurrency.py``.

Size: ``KEMENAG_BENCH_QUIZ_ATTEMPTS`` (default 5,000 attempts of 40 items: well under a minute on
SQLite). Full size: ``KEMENAG_BENCH_QUIZ_ATTEMPTS=50000 .venv/bin/python -m benchmarks bench_quiz``.
"""

import contextlib
import os
import re
import statistics
import time

from benchmarks.harness import report, target, timed

ATTEMPTS = int(os.environ.get("KEMENAG_BENCH_QUIZ_ATTEMPTS", "5000"))
DIMENSIONS = ("komitmen_kebangsaan", "toleransi", "anti_kekerasan", "akomodatif_budaya_lokal")
SAMPLES = int(os.environ.get("KEMENAG_BENCH_QUIZ_SAMPLES", "200"))
REPORT_ROUNDS = int(os.environ.get("KEMENAG_BENCH_REPORT_ROUNDS", "7"))
WARMUP = 20


def quiz_xml(items_per_dimension=10):
    """A quiz of 40 items: per dimension, Likert items (every third reverse-keyed) and a choice item."""
    items = []
    for dimension in DIMENSIONS:
        for n in range(items_per_dimension - 1):
            reverse = ' reverse="true"' if n % 3 == 2 else ""
            items.append(
                f'<item id="{dimension}{n}" dimension="{dimension}"{reverse}><prompt>Pernyataan {n}</prompt></item>'
            )
        items.append(
            f'<item id="{dimension}c" dimension="{dimension}" type="choice"><prompt>Situasi</prompt>'
            '<option id="a" score="0">A</option><option id="b" score="2">B</option><option id="c" score="4">C</option>'
            "</item>"
        )
    return f'<kemenag_moderation_quiz max_attempts="0">{"".join(items)}</kemenag_moderation_quiz>'


def poll_block(stack):
    """An xblock-poll block in the workbench (its entry point registered for the run if missing)."""
    from xblock.core import XBlock
    from xblock.plugin import PluginMissingError

    from tests.support.blocks import temporary_block_type

    try:
        XBlock.load_class("poll")
        registered = contextlib.nullcontext()
    except PluginMissingError:  # installed without its entry point: register it for this run
        from poll.poll import PollBlock

        registered = temporary_block_type(PollBlock, "poll")
    return registered, '<poll private_results="true" max_submissions="0"/>'


def answers_for(paper):
    """Every question answered; a choice names an option by its per-attempt token (decision 0005)."""
    return {item["id"]: (4 if item["type"] == "likert" else item["options"][0]["id"]) for item in paper["items"]}


def bench_submit_and_vote(stack, floor):
    """Quiz ``submit`` and poll ``vote``, one of each per round: both medians come from the same
    minutes, so a burst of disk or CPU load elsewhere on the machine weighs on both alike."""
    quiz = stack.block(quiz_xml())
    answers = answers_for(stack.post_json(quiz, "start_attempt", {}))
    assert len(answers) == 40
    registered, poll_xml = poll_block(stack)
    with registered:
        poll = stack.block(poll_xml)
        stack.post_json(quiz, "submit", {"answers": answers})
        for _ in range(WARMUP):
            answers = answers_for(stack.post_json(quiz, "start_attempt", {}))
            stack.post_json(quiz, "submit", {"answers": answers})
            stack.post_json(poll, "vote", {"choice": "R"})
        submits, votes, writes, floors = [], [], [], []
        write = committed_write()
        probe, noop = floor_probe(stack)
        for _ in range(SAMPLES):
            # Opening the next attempt is not what is timed.
            answers = answers_for(stack.post_json(quiz, "start_attempt", {}))
            start = time.perf_counter()
            stack.post_json(quiz, "submit", {"answers": answers})
            submits.append(time.perf_counter() - start)
            start = time.perf_counter()
            stack.post_json(poll, "vote", {"choice": "R"})
            votes.append(time.perf_counter() - start)
            # The bound, in the same rounds: the no-op floor and one committed single-row write.
            start = time.perf_counter()
            write()
            writes.append(time.perf_counter() - start)
            start = time.perf_counter()
            noop()
            floors.append(time.perf_counter() - start)
        probe.__exit__(None, None, None)
        # A fresh attempt, answered with its own tokens (the last round's tokens name a closed paper).
        submit_statements = count_statements(
            lambda: answers_for(stack.post_json(quiz, "start_attempt", {})), quiz, stack, None
        )
        vote_statements = count_statements(None, poll, stack, {"choice": "R"}, handler="vote")
    submit, vote = statistics.median(submits), statistics.median(votes)
    report("quiz: submit, 40 items (scores + aggregates written)", submit, floor)
    report("xblock-poll: vote (same run, interleaved)", vote, floor)
    print(f"  statements per submit: {submit_statements}; per vote: {vote_statements}")
    write, floor_now = statistics.median(writes), statistics.median(floors)
    report("floor, interleaved with the submits", floor_now)
    report("one committed single-row write, interleaved", write, floor_now)
    return submit, vote, floor_now + write


def committed_write():
    from django.db import transaction
    from django.db.models import F

    from kemenag_xblocks.quiz.models import QuizCounter

    QuizCounter.objects.get_or_create(usage_key="bench-durable-write")

    def write():
        with transaction.atomic():
            QuizCounter.objects.filter(usage_key="bench-durable-write").update(started=F("started") + 1)

    return write


def floor_probe(stack):
    from tests.support.blocks import ProbeBlock, temporary_block_type

    registered = temporary_block_type(ProbeBlock, "kemenag_probe_quiz")
    registered.__enter__()
    block = stack.block("<kemenag_probe_quiz/>")
    return registered, lambda: stack.post_json(block, "noop", {})


def count_statements(prepare, block, stack, payload, handler="submit"):
    """The SQL statements one request runs (BEGIN/COMMIT included, an executemany counted once);
    ``prepare``, when given, is run first and returns the payload."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if prepare is not None:
        payload = prepare()
    body = {"answers": payload} if handler == "submit" else payload
    with CaptureQueriesContext(connection) as captured:
        stack.post_json(block, handler, body)
    kinds, rows = {}, 0
    for query in captured.captured_queries:
        text = query["sql"]
        many = re.match(r"(\d+) times: (.*)", text, re.S)  # an executemany: one statement, many rows
        if many:
            rows += int(many.group(1))
            text = many.group(2)
        kind = text.split()[0].upper()
        kinds[kind] = kinds.get(kind, 0) + 1
    total = sum(kinds.values())
    inserted = f" ({rows} rows inserted)" if rows else ""
    return f"{total}: {', '.join(f'{n} {kind}' for kind, n in kinds.items())}{inserted}"


def bench_durable_write(floor):
    """Not a target: one single-row UPDATE committed, outside any handler. A submission must
    commit once; on SQLite in rollback-journal mode that is two fsyncs, whatever the handler."""
    from django.db import transaction
    from django.db.models import F

    from kemenag_xblocks.quiz.models import QuizCounter

    QuizCounter.objects.get_or_create(usage_key="bench-durable-write")

    def write():
        with transaction.atomic():
            QuizCounter.objects.filter(usage_key="bench-durable-write").update(started=F("started") + 1)

    seconds = timed(write, repeat=SAMPLES)
    report("reference: one committed single-row write (no handler)", seconds, floor)
    return seconds


def seed_attempts(usage_key, count):
    """``count`` submitted attempts of 40 items, written in bulk (as the handler would have)."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from kemenag_xblocks.quiz import attempts as attempt_rules
    from kemenag_xblocks.quiz.defaults import default_bands
    from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizDimensionScore, QuizItemScore
    from kemenag_xblocks.quiz.scoring import category

    rng = random.Random(3)
    bands = default_bands()
    now = timezone.now()
    batch = 1000
    for offset in range(0, count, batch):
        with transaction.atomic():
            rows = QuizAttempt.objects.bulk_create(
                QuizAttempt(
                    course_key="course-v1:Kemenag+MB+2026",
                    usage_key=usage_key,
                    url_name="posttest",
                    anonymous_id=f"{n:032x}",
                    number=1,
                    started=now,
                    submitted=now,
                    is_latest=True,
                    overall=0,
                )
                for n in range(offset, min(count, offset + batch))
            )
            if not rows[0].pk:  # SQLite < 3.35 would not return ids; Django does on SQLite and MariaDB 10.5+
                rows = list(
                    QuizAttempt.objects.filter(usage_key=usage_key, anonymous_id__in=[r.anonymous_id for r in rows])
                )
            dimension_rows, item_rows, overall = [], [], []
            for attempt in rows:
                level = rng.random()
                indices = []
                for dimension in DIMENSIONS:
                    scores = [min(100.0, max(0.0, rng.gauss(level * 100, 20))) for _ in range(10)]
                    total = sum(scores)
                    index = round(total / 10, 2)
                    indices.append(index)
                    dimension_rows.append(
                        QuizDimensionScore(
                            attempt=attempt,
                            dimension=dimension,
                            index=index,
                            band_min=category(index, bands)["min"],
                            item_sum=total,
                            item_count=10,
                        )
                    )
                    item_rows.extend(
                        QuizItemScore(
                            attempt=attempt, item_id=f"{dimension}{i}", dimension=dimension, score=s, rest=total - s
                        )
                        for i, s in enumerate(scores)
                    )
                attempt.overall = round(sum(indices) / 4, 2)
                overall.append(attempt)
            QuizAttempt.objects.bulk_update(overall, ["overall"], batch_size=500)
            QuizDimensionScore.objects.bulk_create(dimension_rows, batch_size=2000)
            QuizItemScore.objects.bulk_create(item_rows, batch_size=5000)
    attempt_rules.ensure_aggregate_rows(usage_key, {"dimensions": [{"id": d} for d in DIMENSIONS], "bands": bands})
    QuizBandCount.objects.filter(usage_key=usage_key, dimension="", band_min=0).update(count=count)


ONE_QUERY = """
SELECT 'item', s.item_id, COUNT(*), SUM(s.score), SUM(s.rest), SUM(s.score * s.score), SUM(s.rest * s.rest),
       SUM(s.score * s.rest)
FROM kemenag_xblocks_quizitemscore s JOIN kemenag_xblocks_quizattempt a ON a.id = s.attempt_id
WHERE a.usage_key = %s AND a.is_latest GROUP BY s.item_id
UNION ALL
SELECT 'dimension', d.dimension, COUNT(*), SUM(d."index"), SUM(d.item_sum), SUM(d.item_sum * d.item_sum),
       AVG(d.item_count), 0
FROM kemenag_xblocks_quizdimensionscore d JOIN kemenag_xblocks_quizattempt a ON a.id = d.attempt_id
WHERE a.usage_key = %s AND a.is_latest GROUP BY d.dimension
UNION ALL
SELECT 'overall', '', COUNT(*), SUM(a.overall), 0, 0, 0, 0
FROM kemenag_xblocks_quizattempt a WHERE a.usage_key = %s AND a.is_latest
"""


def one_sql_query(usage_key):
    from django.db import connection

    sql = ONE_QUERY if connection.vendor != "mysql" else ONE_QUERY.replace('"index"', "`index`")
    with connection.cursor() as cursor:
        cursor.execute(sql, [usage_key] * 3)
        return cursor.fetchall()


def bench_report():
    from kemenag_xblocks.quiz import analysis
    from kemenag_xblocks.quiz.defaults import default_bands

    usage_key = "block-v1:Kemenag+MB+2026+type@kemenag_moderation_quiz+block@posttest"
    start = time.perf_counter()
    seed_attempts(usage_key, ATTEMPTS)
    print(f"  (seeded {ATTEMPTS:,} attempts, {ATTEMPTS * 40:,} item scores in {time.perf_counter() - start:.1f} s)")
    spec = {
        "dimensions": [{"id": d, "name": d, "weight": 1.0} for d in DIMENSIONS],
        "bands": default_bands(),
        # The report names each question by its prompt (issue 21.10), so the spec holds them.
        "items": [{"id": f"{d}{i}", "prompt": f"Pernyataan {i + 1}"} for d in DIMENSIONS for i in range(10)],
    }
    result = analysis.staff_report("course-v1:Kemenag+MB+2026", usage_key, spec)
    rows = one_sql_query(usage_key)
    assert result["learners"] == ATTEMPTS == next(r[2] for r in rows if r[0] == "overall")
    assert len(result["items"]) == 40 == sum(1 for r in rows if r[0] == "item")
    # Interleaved, median of each: the report and its bound see the same machine state.
    queries, reports = [], []
    one_sql_query(usage_key)
    analysis.staff_report("course-v1:Kemenag+MB+2026", usage_key, spec)
    for _ in range(REPORT_ROUNDS):
        start = time.perf_counter()
        one_sql_query(usage_key)
        queries.append(time.perf_counter() - start)
        start = time.perf_counter()
        analysis.staff_report("course-v1:Kemenag+MB+2026", usage_key, spec)
        reports.append(time.perf_counter() - start)
    baseline, seconds = statistics.median(queries), statistics.median(reports)
    report(f"one SQL aggregate query, {ATTEMPTS:,} attempts", baseline)
    report(f"quiz: staff report, {ATTEMPTS:,} attempts", seconds, baseline, baseline="the one query")
    from django.db import connection

    target(
        f"quiz staff report ({connection.vendor}, {ATTEMPTS:,} attempts) / one SQL aggregate",
        seconds / baseline,
        1.2,
        bound=f"of {baseline * 1000:.1f} ms",
    )


def run(stack, floor):
    from django.db import connection

    submit, vote, bound = bench_submit_and_vote(stack, floor)
    vendor = connection.vendor
    target(
        f"quiz submit ({vendor}) / (floor + one committed write)",
        submit / bound,
        1.5,
        bound=f"of {bound * 1000:.2f} ms",
    )
    target(f"quiz submit ({vendor}) / xblock-poll vote", submit / vote, 0.5, bound=f"of {vote * 1000:.2f} ms")
    bench_report()
