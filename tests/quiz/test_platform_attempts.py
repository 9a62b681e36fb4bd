"""The attempts limit under the platform's field inheritance (issue 16.3).

edx-platform mixes ``InheritableFieldsMixin`` into every block (``XBLOCK_MIXINS``); its
``max_attempts`` is inheritable, and ``InheritingFieldData.default`` answers an unset inheritable
field with the nearest ancestor's value (xmodule/modulestore/inheritance.py). A quiz field named
``max_attempts`` therefore took the course's "Maximum Attempts" instead of our default of 1. The
replay below follows that file: the mixin's field as declared there (no default), and ``default``
walking the ancestors for the inheritable names, with the runtime's mixologist mixing it in.
"""

import pytest
from lxml import etree
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Integer, Scope
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime

from kemenag_xblocks.quiz.block import ModerationQuizBlock
from tests.support.blocks import temporary_block_type


class InheritableFieldsReplay(XBlockMixin):
    """edx-platform's inheritable ``max_attempts``: settings scope, min 0, no default."""

    max_attempts = Integer(display_name="Maximum Attempts", values={"min": 0}, scope=Scope.settings)


class InheritingFieldDataReplay(KvsFieldData):
    """``InheritingFieldData.default``: an unset inheritable field reads the nearest ancestor's."""

    def __init__(self, inheritable_names, **kwargs):
        super().__init__(**kwargs)
        self.inheritable_names = set(inheritable_names)

    def default(self, block, name):
        if name in self.inheritable_names:
            field = block.fields[name]
            ancestor = block.get_parent()
            while ancestor is not None:
                if field.is_set_on(ancestor):
                    return field.read_json(ancestor)
                ancestor = ancestor.get_parent()
        return super().default(block, name)


class SequentialReplay(XBlock):
    has_children = True


class OldQuiz(ModerationQuizBlock):
    """The quiz as it was: its own field named ``max_attempts`` (default 1)."""

    max_attempts = Integer(scope=Scope.settings, default=1)


@pytest.fixture(autouse=True)
def block_types():
    """The replay's tags, loadable for the whole test (the parent is loaded again on each read)."""
    with (
        temporary_block_type(SequentialReplay, "sequential_replay"),
        temporary_block_type(OldQuiz, "old_quiz"),
        temporary_block_type(ModerationQuizBlock, "quiz_replay"),
    ):
        yield


def load(xml, quiz_class=ModerationQuizBlock):
    """Parse ``<sequential_replay …><quiz_replay …/></sequential_replay>`` in a runtime that
    inherits as the platform does; returns the quiz block."""
    if quiz_class is OldQuiz:
        xml = xml.replace("quiz_replay", "old_quiz")
    field_data = InheritingFieldDataReplay(InheritableFieldsReplay.fields.keys(), kvs=DictKeyValueStore())
    runtime = TestRuntime(mixins=(InheritableFieldsReplay,), services={"field-data": field_data})
    parent = runtime.get_block(runtime.parse_xml_string(xml))
    return runtime.get_block(parent.children[0])


QUIZ = '<quiz_replay url_name="q" {attrs}><item id="kk1" dimension="toleransi"><prompt>P</prompt></item></quiz_replay>'


def course(parent_attrs="", quiz_attrs=""):
    return f"<sequential_replay {parent_attrs}>{QUIZ.format(attrs=quiz_attrs)}</sequential_replay>"


def test_the_replay_reproduces_the_clash_with_the_old_field_name():
    """The test can fail: with its own field named max_attempts, the quiz takes the course's 3."""
    old = load(course('max_attempts="3"'), OldQuiz)
    assert old.max_attempts == 3, "an unset inheritable field reads the parent's value"


def test_a_course_setting_max_attempts_does_not_change_the_quiz_default():
    quiz = load(course('max_attempts="3"'))
    assert quiz.max_attempts == 3, "the platform's own field inherits, as the platform wants"
    assert quiz.attempts_limit == 1 and quiz.version["max_attempts"] == 1, "ours keeps the documented default"


@pytest.mark.parametrize(
    ("quiz_attrs", "limit"),
    [
        ('attempts_allowed="2"', 2),
        ('max_attempts="4"', 4),
        ('max_attempts="0"', 0),
        ('attempts_allowed="5" max_attempts="4"', 5),
    ],
)
def test_the_authors_limit_holds_under_a_course_setting_and_old_olx_still_reads(quiz_attrs, limit):
    quiz = load(course('max_attempts="3"', quiz_attrs))
    assert quiz.attempts_limit == limit


def test_a_limit_studio_saved_under_the_old_name_is_still_honoured():
    """Before the rename Studio stored the limit as ``max_attempts`` on the block itself: that value
    now sits in the platform's field, set on this very block (not inherited), and still counts."""
    quiz = load(course('max_attempts="3"'))
    quiz.max_attempts = 2
    assert quiz.attempts_limit == 2
    quiz.attempts_allowed = 4
    assert quiz.attempts_limit == 4, "the new field wins once set"


def test_export_writes_the_new_name_and_reimports_the_same_limit():
    quiz = load(course('max_attempts="3"', 'max_attempts="2"'))
    node = etree.Element("x")
    quiz.add_xml_to_node(node)
    assert node.get("attempts_allowed") == "2" and node.get("max_attempts") is None
    again = load(course('max_attempts="3"', 'attempts_allowed="2"'))
    assert again.attempts_limit == 2
