"""What every Kemenag block shares: a display name and the current user.

Field labels are marked with ``gettext_noop``: fields are built at import time, before a
language is active, and are translated where they are shown.
"""

from django.utils.translation import gettext_noop as _
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Scope, String

from kemenag_xblocks.common.user import current_user


@XBlock.wants("user")
@XBlock.needs("i18n")
class KemenagBlockMixin(XBlockMixin):
    """Fields and helpers common to the three blocks."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        scope=Scope.settings,
        default="",
    )

    @property
    def user(self):
        return current_user(self)
