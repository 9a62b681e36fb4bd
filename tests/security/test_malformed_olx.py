"""Malformed OLX still imports (the platform would otherwise drop the block and report success), is
kept exactly as written, and Studio's validate() names the element at fault in the author's
language; nothing half-parsed is kept and learners see a notice instead of a broken activity."""

import pytest
from django.utils import translation
from lxml import etree
from xblock.validation import ValidationMessage

from tests.support.workbench import Scenario

NAMED = [
    (
        '<kemenag_moderation_quiz><dimension id="kk">K</dimension>'
        '<item id="x" dimension="nope"><prompt>p</prompt></item></kemenag_moderation_quiz>',
        '<item id="x">',
    ),
    (
        '<kemenag_moderation_quiz><dimension id="kk">K</dimension><item id="x" dimension="kk" type="choice">'
        '<prompt>p</prompt><option id="a">A</option></item></kemenag_moderation_quiz>',
        '<option id="a">',
    ),
    ("<kemenag_moderation_quiz><bogus/></kemenag_moderation_quiz>", "<bogus>"),
    ('<kemenag_moderation_quiz max_attempts="lots"/>', "<kemenag_moderation_quiz>"),
    (
        '<kemenag_assignment><rubric><criterion name="A"><level points="abc">x</level></criterion></rubric>'
        "</kemenag_assignment>",
        '<level points="abc">',
    ),
    (
        '<kemenag_assignment><rubric><criterion name="A"><level points="1">x</level></criterion></rubric>'
        "</kemenag_assignment>",
        "<rubric>",
    ),
    ('<kemenag_assignment max_files="abc"/>', 'max_files="abc"'),
    ("<kemenag_assignment><rubric><bogus/></rubric></kemenag_assignment>", "<bogus>"),
    ("<kemenag_assignment><instruction>typo</instruction></kemenag_assignment>", "<instruction>"),
    ('<kemenag_competency jp="abc"/>', 'jp="abc"'),
    ('<kemenag_competency competency_type="nope"/>', 'competency_type="nope"'),
    ("<kemenag_competency><bogus/></kemenag_competency>", "<bogus>"),
]


def imported(xml):
    scenario = Scenario(xml)
    try:
        return scenario.block()
    finally:
        scenario.close()


def import_error(xml):
    """The error Studio shows for the imported block (None when it validates)."""
    errors = [m.text for m in imported(xml).validate().messages if m.type == ValidationMessage.ERROR]
    return errors[0] if errors else None


@pytest.mark.parametrize(("xml", "element"), NAMED)
def test_malformed_olx_imports_kept_as_written_and_named_in_studio(db, xml, element):
    with translation.override("en"):
        block = imported(xml)
        message = import_error(xml)
        learner_view = block.student_view().content
    assert message is not None, "Studio shows nothing wrong with the malformed OLX"
    assert element in message, message
    assert etree.tostring(etree.fromstring(block.invalid_olx), method="c14n") == etree.tostring(
        etree.fromstring(xml), method="c14n"
    ), "the author's OLX was not kept as written"
    assert "not available yet" in learner_view


def test_the_message_is_in_the_authors_language(db):
    with translation.override("id"):
        message = import_error('<kemenag_assignment max_files="abc"/>')
    assert message == (
        "OLX blok ini disimpan apa adanya tetapi tidak dapat dipakai: "
        '<kemenag_assignment> (baris 1): max_files="abc" tidak valid'
    )


def test_the_learner_notice_is_in_the_learners_language(db):
    with translation.override("id"):
        content = imported('<kemenag_competency jp="abc"/>').student_view().content
    assert "belum tersedia" in content
