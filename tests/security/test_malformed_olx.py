"""Malformed OLX fails the import with a message naming the element at fault, so an author (or a
course import in Studio) knows what to fix; nothing half-parsed is kept."""

import pytest
from django.utils import translation

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


def import_error(xml):
    try:
        Scenario(xml).close()
    except Exception as error:
        return str(error)
    return None


@pytest.mark.parametrize(("xml", "element"), NAMED)
def test_malformed_olx_fails_naming_the_element(db, xml, element):
    with translation.override("en"):
        message = import_error(xml)
    assert message is not None, "the malformed OLX was imported"
    assert element in message, message


def test_the_message_is_in_the_authors_language(db):
    with translation.override("id"):
        message = import_error('<kemenag_assignment max_files="abc"/>')
    assert message == '<kemenag_assignment> (baris 1): max_files="abc" tidak valid'
