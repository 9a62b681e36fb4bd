"""The workbench scenarios each block ships: titled in Indonesian, parseable OLX."""

import pytest
from lxml import etree

from kemenag_xblocks.common.scenarios import scenarios_for

TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


@pytest.mark.parametrize("tag", TAGS)
def test_every_block_has_a_titled_scenario_using_it(tag):
    scenarios = scenarios_for(tag)
    assert scenarios, f"{tag} has no workbench scenario"
    for title, xml in scenarios:
        assert title and not title.endswith(".xml")
        root = etree.fromstring(xml.encode())
        assert root.iter(tag), f"scenario {title!r} does not use <{tag}>"
        assert any(el.tag == tag for el in root.iter())


def test_unknown_block_has_no_scenarios():
    assert scenarios_for("no_such_block") == []
