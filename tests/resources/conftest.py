"""Fixtures of the Sumber Belajar tests: a real OAI-PMH server process, sources and records."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.resources.records import ARTICLES
from tests.support.handlers import Caller
from tests.support.olx import olx

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


LIST_XML = olx("kemenag_resources/reading_list")


class ResourcesCaller(Caller):
    """The shared handler caller, and the learner's page as the block renders it."""

    def html(self, student_id):
        return self.block(student_id).student_view({}).body_html()


@pytest.fixture
def reading(client, scenario):
    return ResourcesCaller(client, scenario(LIST_XML))
