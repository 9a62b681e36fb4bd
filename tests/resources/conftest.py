"""Fixtures of the Sumber Belajar tests: a real OAI-PMH server process, sources and records."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.resources.records import ARTICLES

SERVER = Path(__file__).with_name("oai_server.py")


class Repository:
    """The test repository process; ``publish(records)`` changes what it serves from now on."""

    def __init__(self, folder):
        self.path = folder / "records.json"
        self.publish(ARTICLES)
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), str(self.path)], stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])

    def url(self, mode="oai"):
        return f"http://127.0.0.1:{self.port}/{mode}"

    def publish(self, records):
        self.path.write_text(json.dumps(records), encoding="utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def repository(tmp_path):
    server = Repository(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def make_source(db):
    from kemenag_xblocks.resources.models import ResourceSource

    def make(url, **fields):
        return ResourceSource.objects.create(
            name=fields.pop("name", "Jurnal Contoh"), base_url=url, timeout_seconds=fields.pop("timeout", 5), **fields
        )

    return make


LIST_XML = """
<kemenag_resources url_name="bacaan" display_name="Ruang Baca: Toleransi">
  <intro>Bacalah sebelum diskusi.</intro>
  <item id="buku2019" kind="link" url="https://online.flipbuilder.com/klaoh/euoy" year="2019" required="true">
    <title>Moderasi Beragama</title><creator>Kementerian Agama RI</creator><note>Hlm. 88.</note>
  </item>
  <item id="artikel1" kind="record" identifier="oai:jurnal.contoh:article/1" required="true"
        url="https://jurnal.contoh.invalid/view/1" pdf_url="https://jurnal.contoh.invalid/download/1.pdf" year="2023">
    <title>Toleransi Beragama di Madrasah (contoh)</title>
    <creator>Rahmawati, Siti</creator><creator>Hidayat, Ahmad</creator>
  </item>
  <item id="tambahan" kind="link" url="https://perpustakaan.contoh.invalid/">
    <title>Perpustakaan digital (contoh)</title>
  </item>
</kemenag_resources>
"""


class Calls:
    """Handler calls through the workbench URLs, as the block's JavaScript and links make them."""

    def __init__(self, client, unit):
        self.client, self.unit = client, unit

    def block(self, student_id):
        return self.unit.block(student_id)

    def url(self, student_id, handler):
        from tests.support.workbench import handler_url

        return handler_url(self.block(student_id), handler).split("?")[0] + f"?student={student_id}"

    def json(self, student_id, handler, payload=None):
        return self.client.post(
            self.url(student_id, handler), data=json.dumps(payload or {}), content_type="application/json"
        )

    def get(self, student_id, handler, query=""):
        return self.client.get(self.url(student_id, handler) + ("&" + query if query else ""))

    def html(self, student_id):
        return self.block(student_id).student_view({}).body_html()


@pytest.fixture
def reading(client, scenario):
    return Calls(client, scenario(LIST_XML))
