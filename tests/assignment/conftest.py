"""Helpers for the assignment tests: blocks in the workbench and handler calls as the page makes them."""

import json

import pytest

from tests.assignment import samples
from tests.support.handlers import Caller
from tests.support.olx import olx

RUBRIC_XML = olx("kemenag_assignment/rubric")
PLAIN_XML = olx("kemenag_assignment/plain")


class AssignmentCaller(Caller):
    """The shared handler caller, with the assignment's own steps: an upload, a hand-in, the staff list."""

    def upload(self, student_id, name="rencana.pdf", data=None, field="file"):
        data = samples.pdf() if data is None else data
        return self.form(student_id, "upload", {field: samples.upload(name, data)})

    def hand_in(self, student_id, name="rencana.pdf", data=None):
        assert self.upload(student_id, name, data).status_code == 200
        response = self.json(student_id, "submit", {"confirm": True})
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    def rows(self, **filters):
        response = self.json("staff", "submissions", filters)
        assert response.status_code == 200, response.content
        return json.loads(response.content)


@pytest.fixture
def rubric_calls(client, scenario):
    return AssignmentCaller(client, scenario(RUBRIC_XML))


@pytest.fixture
def calls(client, scenario):
    return AssignmentCaller(client, scenario(PLAIN_XML))
