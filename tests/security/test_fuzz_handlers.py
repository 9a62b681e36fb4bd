"""Property-based tests of every handler of every block: hostile input is refused with a 4xx that
says why, never a 500, and leaves every record, block field and stored file as it was.

Handlers are found by introspection (``support.all_handlers``); one without a case in
``fuzz.FUZZ`` fails here. Examples per handler: ``KEMENAG_FUZZ_EXAMPLES`` (see conftest).
"""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.security.fuzz import (
    FUZZ,
    METHODS,
    RAW_BODIES,
    READ_ONLY,
    grading_with_or_without_rubric,
    resolve,
    sweep,
)
from tests.security.support import LEARNER, STAFF, all_handlers, changed, drop_new_files, rolled_back, snapshot

HANDLERS = sorted(set(all_handlers()) | set(FUZZ))
MODES = st.sampled_from(["payload", "payload", "payload", "raw", "method"])


def test_every_handler_has_a_fuzz_case():
    missing = sorted(set(all_handlers()) - set(FUZZ))
    assert not missing, f"handlers without a case in tests/security/fuzz.py: {missing}"


def request_for(case, mode, payload, raw, method, world):
    """``(kwargs for ReplyCaller.call, the payload as the handler reads it, or None if unreadable)``."""
    if mode == "method":
        return {"method": method, "raw": raw}, None
    if case.shape == "json":
        if mode == "raw":
            try:
                return {"raw": raw}, json.loads(raw)
            except (ValueError, RecursionError):
                return {"raw": raw}, None
        payload = resolve(payload, world)
        return {"json_body": payload}, payload
    if case.shape == "query":
        payload = {key: str(resolve(value, world)) for key, value in payload.items()}
        return {"method": "GET", "query": urlencode(payload)}, payload
    if case.shape == "chunk":
        query, body = payload
        query = {key: str(resolve(value, world)) for key, value in query.items()}
        return {"raw": body, "content_type": "application/octet-stream", "query": urlencode(query)}, (query, body)
    fields = {key: str(resolve(value, world)) if isinstance(value, str) else value for key, value in payload.items()}
    return {"form": fields}, fields


def is_refusal(reply):
    """A 4xx; or a 200 that reports row errors and imports nothing (the item bank's answer)."""
    body = reply.json
    return 400 <= reply.status < 500 or (isinstance(body, dict) and body.get("errors") and body.get("imported") == 0)


@pytest.mark.parametrize(("tag", "handler"), HANDLERS, ids=[f"{t.split('_')[-1]}.{h}" for t, h in HANDLERS])
def test_hostile_input_is_refused_cleanly(world, tag, handler):
    case = FUZZ.get((tag, handler))
    assert case is not None, f"{tag}.{handler} has no fuzz case in tests/security/fuzz.py"
    caller = world.caller(tag)

    @hypothesis_settings(hypothesis_settings.get_profile("kemenag-security"))
    @given(payload=case.strategy, mode=MODES, raw=RAW_BODIES, method=METHODS)
    def survives(payload, mode, raw, method):
        with rolled_back():
            if case.arrange:
                case.arrange(world)
            kwargs, readable = request_for(case, mode, payload, raw, method, world)
            before = snapshot()
            reply = caller.call(case.actor, handler, **kwargs)
            after = snapshot()
            drop_new_files(before["files"])
        assert reply.status < 500, (reply.status, reply.content[:300])
        if is_refusal(reply):
            assert reply.message() or (reply.json or {}).get("errors"), f"a {reply.status} without a message"
            assert not changed(before, after), f"refused ({reply.status}) but changed: {changed(before, after)}"
            return
        if (tag, handler) in READ_ONLY:
            assert not changed(before, after), f"a read-only handler changed: {changed(before, after)}"
        if mode == "method" and case.post_only:
            assert method == "POST", f"{method} was accepted by a POST-only handler"
        if case.accepts is not None:
            assert readable is not None and case.accepts(readable, world), (
                f"accepted ({reply.status}) a payload outside the contract: {reply.content[:200]}"
            )

    survives()


def test_deeply_nested_json_is_refused(world):
    """The quiz's handlers use ``permissions.json_handler``, which answers 400 (XBlock's raised)."""
    reply = world.quiz.call(LEARNER, "save_answers", raw=b"[" * 5000 + b"]" * 5000)
    assert reply.status == 400


@pytest.mark.parametrize(
    ("block", "handler"),
    [("assignment", "upload_start"), ("competency", "upload_start"), ("quiz", "submit_studio_edits")],
)
def test_deeply_nested_json_is_refused_by_the_blocks_own_parsers(world, block, handler):
    reply = getattr(world, block).call(STAFF, handler, raw=b"[" * 5000 + b"]" * 5000)
    assert reply.status == 400 and reply.message()


GRADE_LEVELS = {
    "overflow": '{"0": 1e999, "1": 0}',
    "negative overflow": '{"0": -1e999, "1": 0}',
    "not a number": '{"0": NaN, "1": 0}',
    "fraction": '{"0": 1.5, "1": 0}',
    "huge integer": '{"0": ' + "9" * 5000 + ', "1": 0}',
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "object nested 50,000 deep": '{"0":' * 50_000 + "0" + "}" * 50_000,
}


@pytest.mark.parametrize("levels", GRADE_LEVELS.values(), ids=GRADE_LEVELS.keys())
def test_grade_levels_that_overflow_or_nest_deep_are_refused(world, levels):
    """The staff ``grade`` handler answered 500 to ``1e999`` (OverflowError) and to 100,000-deep
    nesting (RecursionError) in ``levels``: now a 400 that says what to do, nothing changed."""
    grading_with_or_without_rubric(world)
    while not world.rubric:
        grading_with_or_without_rubric(world)
    before = snapshot()
    reply = world.assignment.call(STAFF, "grade", form={"submission_id": world.submission_id, "levels": levels})
    assert reply.status == 400, (reply.status, reply.content[:200])
    assert reply.message()
    assert not changed(before, snapshot())
    good = world.assignment.call(
        STAFF, "grade", form={"submission_id": world.submission_id, "levels": '{"0": 1, "1": 0}'}
    )
    assert good.status == 200, "the same form with real levels is accepted (the check can fail)"


SWEPT = sorted(key for key, case in FUZZ.items() if sweep(case))


@pytest.mark.parametrize(("tag", "handler"), SWEPT, ids=[f"{t.split('_')[-1]}.{h}" for t, h in SWEPT])
def test_each_hostile_value_in_each_documented_field(world, tag, handler):
    """Not only the top level: ``1e999``, ``-1e999``, NaN, 10**400, 5,000-digit numbers, 500-deep
    values, JSON text nested 100,000 deep... placed alone in every documented field (nested ones
    such as ``answers.kk1``, ``dimensions[0].weight``, ``values.<field>``, the form's ``levels``),
    next to the learner's real record ids: never a 5xx; a refusal says why and changes nothing."""
    case = FUZZ[(tag, handler)]
    caller = world.caller(tag)
    failures = []
    for path, payload in sweep(case):
        # The grade form travels twice: it alternates rubric and score grading.
        for _turn in range(2 if case.arrange is grading_with_or_without_rubric else 1):
            with rolled_back():
                if case.arrange:
                    case.arrange(world)
                kwargs, readable = request_for(case, "payload", payload, b"", "POST", world)
                before = snapshot()
                reply = caller.call(case.actor, handler, **kwargs)
                after = snapshot()
                drop_new_files(before["files"])
            where = ".".join(map(str, path))
            if reply.status >= 500:
                failures.append(f"{where}: {reply.status} for {str(payload)[:80]}")
            elif is_refusal(reply):
                if not (reply.message() or (reply.json or {}).get("errors")):
                    failures.append(f"{where}: a {reply.status} without a message")
                if changed(before, after):
                    failures.append(f"{where}: refused but changed {changed(before, after)}")
            elif case.accepts is not None and not case.accepts(readable, world):
                failures.append(f"{where}: accepted {str(payload)[:80]}")
    assert not failures, failures[:5]
