"""The religious-moderation quiz block (``kemenag_moderation_quiz``).

Minimal form from the foundation issue; the full block lands with its own issue.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from xblock.core import XBlock
from xblock.fields import Scope, String

from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.rendering import block_fragment
from kemenag_xblocks.common.scenarios import scenarios_for


class ModerationQuizBlock(KemenagBlockMixin, XBlock):
    """A computer-assisted test of religious moderation with a per-dimension index."""

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Religious moderation test"),
    )

    def student_view(self, context=None):
        return block_fragment(
            self,
            "quiz/templates/student_view.html",
            {"title": _(self.display_name), "user": self.user},
            css=["quiz.css"],
        )

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_moderation_quiz")
