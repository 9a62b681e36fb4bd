"""The OLX contract (docs/resources.md) with its round trip, and what the mobile apps read (docs/native-api.md)."""

import json

import pytest
from lxml import etree

from kemenag_xblocks.common.olx import OLXError
from kemenag_xblocks.resources import olx as resources_olx
from kemenag_xblocks.resources.block import ResourcesBlock
from tests.support.olx import olx

pytestmark = pytest.mark.django_db


def export(block):
    node = etree.Element("exported")
    block.add_xml_to_node(node)
    return node


def test_the_list_round_trips_through_export_and_import(scenario):
    block = scenario(olx("kemenag_resources/reading_list")).block()
    exported = export(block)
    assert exported.tag == "kemenag_resources" and exported.get("display_name") == "Ruang Baca: Toleransi"
    again = scenario(etree.tostring(exported, encoding="unicode")).block()
    assert again.clean_items() == block.clean_items()
    assert again.intro == block.intro == "Bacalah sebelum diskusi."
    assert [i["id"] for i in again.clean_items()] == ["buku2019", "artikel1", "tambahan"]
    assert [i["required"] for i in again.clean_items()] == [True, True, False]
    assert again.clean_items()[1]["creators"] == ["Rahmawati, Siti", "Hidayat, Ahmad"]
    assert etree.tostring(export(again)) == etree.tostring(exported)


@pytest.mark.parametrize(
    ("xml", "named"),
    [
        ('<kemenag_resources><item url="https://x.example/"/></kemenag_resources>', "<item"),
        ('<kemenag_resources><item url="javascript:alert(1)"><title>T</title></item></kemenag_resources>', "<item"),
        ("<kemenag_resources><itme/></kemenag_resources>", "<itme"),
        (
            '<kemenag_resources><item url="https://x.example/"><title>T</title><judul/></item></kemenag_resources>',
            "<judul",
        ),
    ],
)
def test_malformed_olx_names_the_element_at_fault(xml, named):
    from xblock.fields import ScopeIds
    from xblock.runtime import DictKeyValueStore, KvsFieldData
    from xblock.test.tools import TestRuntime

    runtime = TestRuntime(services={"field-data": KvsFieldData(DictKeyValueStore())})
    def_id = runtime.id_generator.create_definition("kemenag_resources")
    keys = ScopeIds(None, "kemenag_resources", def_id, runtime.id_generator.create_usage(def_id))
    with pytest.raises(OLXError) as problem:
        resources_olx.parse(etree.fromstring(xml))
    assert named in str(problem.value)
    # On import (common/olx.py) the block keeps the OLX as written and Studio names the same element.
    block = ResourcesBlock.parse_xml(etree.fromstring(xml), runtime, keys)
    assert block.invalid_olx and named in block.olx_problem()
    assert any(named in message.text for message in block.validate().messages)


def test_mobile_apps_get_the_list_without_anyone_s_reading(client, reading):
    block = reading.block("peserta_a")
    assert block.has_support(block.student_view, "multi_device")
    data = block.student_view_data()
    assert next(i["title"] for i in data["items"]) == "Moderasi Beragama"
    assert data["required_count"] == 2 and data["items"][1]["pdf_url"].endswith(".pdf")
    reading.json("peserta_a", "mark_read", {"item": "buku2019"})
    assert "peserta" not in json.dumps(block.student_view_data())
    response = reading.get("peserta_a", "student_view_user_state")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content)["read"] == ["buku2019"]
    assert json.loads(reading.get("peserta_b", "student_view_user_state").content)["read"] == []
