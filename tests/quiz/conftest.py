"""Quiz fixtures: a small quiz in the workbench and a helper to call its handlers as a learner."""

import json

import pytest

from tests.support.quiz_tokens import tokenized
from tests.support.workbench import post_json

ANSWERING = ("save_answers", "submit")

SMALL_QUIZ = """
<kemenag_moderation_quiz url_name="{url_name}" display_name="Tes" {attrs}>
  <dimension id="kk" weight="{kk_weight}">Komitmen Kebangsaan</dimension>
  <dimension id="tol" weight="1">Toleransi</dimension>
  <item id="kk1" dimension="kk"><prompt>Pancasila sejalan dengan agama.</prompt></item>
  <item id="kk2" dimension="kk" reverse="true"><prompt>Hukum negara boleh diabaikan.</prompt></item>
  <item id="t1" dimension="tol" type="choice"><prompt>Tetangga membangun rumah ibadah.</prompt>
    <option id="a" score="0">Menolak</option>
    <option id="b" score="4">Menghormati</option>
    <option id="c" score="1">Diam</option>
  </item>
  <feedback dimension="tol" band="0">Perkuat <strong>toleransi</strong>.<script>alert(1)</script></feedback>
  <recommend dimension="tol" unit="unit_toleransi" below="71">Unit Toleransi</recommend>
</kemenag_moderation_quiz>
"""


def small_quiz(attrs="", url_name="quiz", kk_weight=1):
    return SMALL_QUIZ.format(attrs=attrs, url_name=url_name, kk_weight=kk_weight)


class Learner:
    """Calls one block's handlers as one student, through the workbench URLs."""

    def __init__(self, client, unit, student_id):
        self.client, self.unit, self.student_id = client, unit, student_id
        self.block = unit.block(student_id)

    def call(self, handler, payload=None, raw=False):
        """POST to ``handler``; answers written with authored ids are sent as the browser names them
        (the open attempt's tokens) unless ``raw``, which sends them exactly as given."""
        payload = payload or {}
        if handler in ANSWERING and not raw and isinstance(payload, dict) and isinstance(payload.get("answers"), dict):
            payload = {**payload, "answers": tokenized(payload["answers"], self.student_id)}
        response = post_json(self.client, self.block, handler, payload, student_id=self.student_id)
        return response.status_code, json.loads(response.content) if response.content else None

    def ok(self, handler, payload=None, raw=False):
        status, body = self.call(handler, payload, raw)
        assert status == 200, (handler, status, body)
        return body


@pytest.fixture
def learner(client, scenario):
    """``learner(xml, student_id)`` → a Learner on a freshly loaded scenario (or an existing one)."""
    units = {}

    def make(xml, student_id="student_1"):
        if xml not in units:
            units[xml] = scenario(xml)
        return Learner(client, units[xml], student_id)

    return make
