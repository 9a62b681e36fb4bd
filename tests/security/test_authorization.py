"""The authorization matrix: every handler of every block, called by a visitor who is not signed
in, the learner, another learner and course staff, each cell asserted against ``matrix.MATRIX``.

The table is declared by hand, the handlers are found by introspection: a new handler without a
row fails ``test_every_handler_has_a_row`` instead of going unchecked.
"""

import pytest

from tests.security.matrix import LEARNER_SECRETS, MATRIX, PLUGIN_VIEWS, SHARED_AGGREGATES
from tests.security.support import (
    ACTORS,
    LEARNER,
    OTHER,
    STAFF,
    all_handlers,
    changed,
    drop_new_files,
    rolled_back,
    snapshot,
)
from tests.support.handlers import as_student, read

ROWS = [
    pytest.param(tag, handler, index, id=f"{tag.split('_')[-1]}.{handler}" + (f".{row.variant}" if row.variant else ""))
    for (tag, handler), rows in MATRIX.items()
    for index, row in enumerate(rows)
]
CELLS = len(ROWS) * len(ACTORS)


def test_every_handler_has_a_row():
    missing = sorted(set(all_handlers()) - set(MATRIX))
    assert not missing, f"handlers without a row in tests/security/matrix.py: {missing}"
    stale = sorted(set(MATRIX) - set(all_handlers()))
    assert not stale, f"rows for handlers that no longer exist: {stale}"


def kept_rows(before, after):
    """Rows that existed before and are gone or changed after (new rows are not counted)."""
    lost = {}
    for label, rows in before["rows"].items():
        if label in SHARED_AGGREGATES:
            continue
        gone = set(rows) - set(after["rows"].get(label, []))
        if gone:
            lost[label] = sorted(gone)[:2]
    return lost


def cell_problems(world, tag, handler, row, actor):
    """What is wrong with one cell (empty when the cell holds), its calls undone afterwards."""
    expected = row.expect[list(ACTORS).index(actor)]
    with rolled_back():
        if row.arrange:
            row.arrange(world)
        kwargs = row.request(world)
        before = snapshot()
        reply = world.caller(tag).call(actor, handler, **kwargs)
        after = snapshot()
        drop_new_files(before["files"])
    problems = []
    if reply.status != expected:
        problems.append(f"status {reply.status}, expected {expected}: {reply.content[:200]!r}")
    if reply.status in (403, 404):
        if not reply.message():
            problems.append("a refusal without a message")
        if changed(before, after):
            problems.append(f"a refused call changed stored state: {changed(before, after)}")
    if actor not in (LEARNER, STAFF):
        text = reply.content.decode("utf-8", "replace")
        leaked = [secret for secret in LEARNER_SECRETS if secret in text]
        if leaked:
            problems.append(f"shown the learner's {leaked}")
        if kept_rows(before, after):
            problems.append(f"changed the learner's records: {kept_rows(before, after)}")
    if row.studio and actor != STAFF and after["rows"] != before["rows"]:
        problems.append("a Studio save by a non-staff user wrote the plugin's records")
    return problems


@pytest.mark.parametrize(("tag", "handler", "index"), ROWS)
def test_row(world, tag, handler, index):
    """One handler's four cells; every failing cell is reported, not only the first."""
    row = MATRIX[(tag, handler)][index]
    failures = {actor: cell_problems(world, tag, handler, row, actor) for actor in ACTORS}
    failures = {actor: problems for actor, problems in failures.items() if problems}
    assert not failures, f"{tag}.{handler}: {failures}"


def test_the_matrix_has_a_cell_for_each_actor_of_each_handler():
    assert CELLS == len(ACTORS) * sum(len(rows) for rows in MATRIX.values()) >= 4 * len(all_handlers())


def test_another_learner_sees_none_of_the_learners_attempts_grades_or_ledger(world):
    """What each block gives the other learner is theirs alone: no attempt, no file, no training."""
    quiz = world.quiz.call(OTHER, "student_view_user_state", json_body={}).json
    assert quiz["attempts_used"] == 0 and quiz["result"] is None
    work = world.assignment.call(OTHER, "learner_state_json", json_body={}).json
    assert work["files"] == [] and not work.get("grade")
    ledger = world.competency.call(OTHER, "student_view_user_state", method="GET")
    assert ledger.status == 200 and "Rahasia Peserta A" not in ledger.content.decode()
    page = world.competency.block(OTHER).render("student_view").body_html()
    assert "Rahasia Peserta A" not in page and "sertifikat.pdf" not in page
    own = world.competency.block(LEARNER).render("student_view").body_html()
    assert "Rahasia Peserta A" in own, "the learner does see their own training (the check can fail)"


VIEW_ROWS = [
    pytest.param(name, index, id=f"{name}" + (f".{row.variant}" if row.variant else ""))
    for name, rows in PLUGIN_VIEWS.items()
    for index, row in enumerate(rows)
]


@pytest.mark.parametrize(("name", "index"), VIEW_ROWS)
def test_plugin_view_row(world, name, index):
    """The plugin app's views, asked by each actor (the demo names its user in ``?student=``)."""
    row = PLUGIN_VIEWS[name][index]
    url = row.url(world)
    failures = {}
    for actor, expected in zip(ACTORS, row.expect, strict=True):
        before = snapshot()
        response = world.assignment.client.get(as_student(url, actor))
        body = read(response)
        problems = []
        if response.status_code != expected:
            problems.append(f"status {response.status_code}, expected {expected}: {body[:120]!r}")
        if response.status_code >= 400 and not row.html and b'"error"' not in body:
            problems.append("a refusal without a message")
        if changed(before, snapshot()):
            problems.append("a download view changed stored state")
        if problems:
            failures[actor] = problems
    assert not failures, f"{name}: {failures}"
