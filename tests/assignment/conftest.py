"""Helpers for the assignment tests: blocks in the workbench and handler calls as the page makes them."""

import json
from urllib.parse import urlencode

import pytest

from tests.assignment import samples
from tests.support.workbench import handler_url, post_json

RUBRIC_XML = """
<kemenag_assignment display_name="Rencana Aksi" weight="100" max_files="2" max_file_mb="1" allowed_types="pdf,docx">
  <instructions><p>Susun <strong>rencana aksi</strong>.</p><script>alert(1)</script></instructions>
  <rubric>
    <criterion name="Analisis"><level points="0">Kurang</level><level points="20">Baik</level></criterion>
    <criterion name="Kegiatan"><level points="0">Kurang</level><level points="30">Baik</level></criterion>
  </rubric>
</kemenag_assignment>
"""
PLAIN_XML = '<kemenag_assignment display_name="Laporan" weight="40" allowed_types="pdf,png"/>'


def url_for(block, handler, student_id):
    return handler_url(block, handler).split("?")[0] + f"?student={student_id}"


class Calls:
    """Handler calls through the workbench URLs, as the block's JavaScript makes them."""

    def __init__(self, client, unit, child=None):
        self.client, self.unit, self.child = client, unit, child

    def block(self, student_id):
        return self.unit.block(student_id, child=self.child or 0)

    def upload(self, student_id, name="rencana.pdf", data=None, field="file"):
        data = samples.pdf() if data is None else data
        return self.client.post(
            url_for(self.block(student_id), "upload", student_id), {field: samples.upload(name, data)}
        )

    def json(self, student_id, handler, payload=None):
        return post_json(self.client, self.block(student_id), handler, payload or {}, student_id=student_id)

    def get(self, student_id, handler, **params):
        # The query string carries the workbench's student id: the params go beside it, not instead.
        return self.client.get(url_for(self.block(student_id), handler, student_id) + "&" + urlencode(params))

    def form(self, student_id, handler, data):
        return self.client.post(url_for(self.block(student_id), handler, student_id), data)

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
    return Calls(client, scenario(RUBRIC_XML))


@pytest.fixture
def calls(client, scenario):
    return Calls(client, scenario(PLAIN_XML))
