"""The competency tracker block (``kemenag_competency``): training hours (JP) across courses.

Minimal form from the foundation issue; the full block lands with its own issue.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Scope, String

from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.rendering import block_fragment
from kemenag_xblocks.common.scenarios import scenarios_for


class CompetencyBlock(KemenagBlockMixin, XBlock):
    """Shows a learner's JP against the yearly target; display-only for completion."""

    completion_mode = XBlockCompletionMode.EXCLUDED

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Competency development (JP)"),
    )

    def student_view(self, context=None):
        return block_fragment(
            self,
            "competency/templates/student_view.html",
            {"title": _(self.display_name), "user": self.user},
            css=["competency.css"],
        )

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_competency")
