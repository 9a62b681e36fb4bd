"""Every unit of our blocks in the course parses through the XBlock runtime with our classes and
exports back to equivalent OLX (what Studio does on import and on export)."""

import pytest
from lxml import etree
from xblock.fields import Scope

from kemenag_xblocks.assignment.block import AssignmentBlock
from kemenag_xblocks.competency.block import CompetencyBlock
from kemenag_xblocks.quiz.block import ModerationQuizBlock
from kemenag_xblocks.resources.block import ResourcesBlock
from tests.course.course_tree import OUR_BLOCKS, blocks_of

CLASSES = {
    "kemenag_moderation_quiz": ModerationQuizBlock,
    "kemenag_assignment": AssignmentBlock,
    "kemenag_competency": CompetencyBlock,
    "kemenag_resources": ResourcesBlock,
}
UNITS = {url_name: (tag, node) for tag in OUR_BLOCKS for url_name, node, _path in blocks_of(tag)}
# The runtime's own attributes, not fields: the usage id, and the entry-point family XBlock marks on export.
RUNTIME_ATTRIBUTES = {"url_name", "xblock-family"}


def authored(block):
    """The fields an author sets, as JSON: what must survive an export and a re-import."""
    return {
        name: field.to_json(getattr(block, name))
        for name, field in block.fields.items()
        if field.scope in (Scope.settings, Scope.content) and field.is_set_on(block)
    }


def export(block):
    node = etree.Element("exported")
    block.add_xml_to_node(node)
    return node


def canonical(node):
    """The element without comments or formatting whitespace, in C14N form."""
    clean = etree.fromstring(etree.tostring(node), etree.XMLParser(remove_comments=True, remove_blank_text=True))
    for element in clean.iter():
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(clean, method="c14n")


def xml(node):
    return etree.tostring(node, encoding="unicode")


def test_every_block_type_of_ours_is_in_the_course():
    assert {tag for tag, _node in UNITS.values()} == set(OUR_BLOCKS)


@pytest.mark.parametrize("url_name", sorted(UNITS))
def test_block_parses_with_our_class_and_round_trips(scenario, url_name):
    tag, original = UNITS[url_name]
    # An attribute the class does not know would be dropped on import without a word.
    assert set(original.attrib) - RUNTIME_ATTRIBUTES <= set(CLASSES[tag].fields), "attributes the block lacks"
    block = scenario(xml(original)).block()
    assert isinstance(block, CLASSES[tag])
    assert authored(block), "the runtime kept none of the authored settings"
    node = export(block)
    assert node.tag == tag
    assert set(node.attrib) - RUNTIME_ATTRIBUTES == set(original.attrib) - RUNTIME_ATTRIBUTES
    assert [child.tag for child in node] == [child.tag for child in original]
    again = scenario(xml(node)).block()
    assert authored(again) == authored(block)


@pytest.mark.parametrize("name", ["pretest_moderasi", "posttest_moderasi"])
def test_quiz_export_reproduces_the_authored_olx(scenario, name):
    """The quiz's contract: export gives back the OLX as written (comments aside)."""
    _tag, original = UNITS[name]
    block = scenario(xml(original)).block()
    assert len(block.spec["items"]) == 32
    assert canonical(export(block)) == canonical(original)


def test_units_carry_the_values_the_course_relies_on(scenario):
    def load(name):
        return scenario(xml(UNITS[name][1])).block()

    assert load("posttest_moderasi").pretest == "pretest_moderasi"
    assignment = load("rencana_aksi_satker")
    assert len(assignment.clean_rubric()) == 5 and assignment.max_files == 3
    tracker = load("capaian_jp")
    assert tracker.jp == 20 and tracker.competency_type == "sosial_kultural"
