"""Quiz fixtures: a helper to call a quiz's handlers as one learner, answers named as the browser names them."""

import json

import pytest

from tests.support.handlers import Caller
from tests.support.quiz_tokens import tokenized

ANSWERING = ("save_answers", "submit")


class QuizCaller:
    """Calls one quiz block's handlers as one student, through the shared caller."""

    def __init__(self, client, unit, student_id):
        self.unit, self.student_id = unit, student_id
        self.block = unit.block(student_id)
        self.caller = Caller(client, self.block)

    def call(self, handler, payload=None, raw=False):
        """POST to ``handler``; answers written with authored ids are sent as the browser names them
        (the open attempt's tokens) unless ``raw``, which sends them exactly as given."""
        payload = payload or {}
        if handler in ANSWERING and not raw and isinstance(payload, dict) and isinstance(payload.get("answers"), dict):
            payload = {**payload, "answers": tokenized(payload["answers"], self.student_id)}
        response = self.caller.json(self.student_id, handler, payload)
        return response.status_code, json.loads(response.content) if response.content else None

    def ok(self, handler, payload=None, raw=False):
        status, body = self.call(handler, payload, raw)
        assert status == 200, (handler, status, body)
        return body


@pytest.fixture
def quiz_caller(client, scenario):
    """``quiz_caller(xml, student_id)`` → a QuizCaller on a freshly loaded scenario (or an existing one)."""
    units = {}

    def make(xml, student_id="student_1"):
        if xml not in units:
            units[xml] = scenario(xml)
        return QuizCaller(client, units[xml], student_id)

    return make
