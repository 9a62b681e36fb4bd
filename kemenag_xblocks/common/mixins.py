"""What every Kemenag block shares: a display name, the current user and where the block lives.

Field labels are marked with ``gettext_noop``: fields are built at import time, before a
language is active, and are translated where they are shown.
"""

import inspect

from django.utils.translation import gettext_noop as _
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Scope, String

from kemenag_xblocks.common import assets
from kemenag_xblocks.common.user import current_user
from kemenag_xblocks.conf import setting


def course_key_of(usage_key):
    """The course (or library) a usage key belongs to; the configured fallback for runtimes whose
    usage keys name no course (the SDK workbench)."""
    key = getattr(usage_key, "context_key", None) or getattr(usage_key, "course_key", None)
    return str(key) if key else setting("KEMENAG_FALLBACK_COURSE_KEY")


@XBlock.wants("user")
@XBlock.needs("i18n")
class KemenagBlockMixin(XBlockMixin):
    """Fields and helpers common to the blocks."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        scope=Scope.settings,
        default="",
    )

    @property
    def user(self):
        return current_user(self)

    def gettext(self, text):
        """``text`` in the user's language through the runtime's ``i18n`` service: the LMS's applies
        the learner's (or author's) language selection, as the platform's own blocks use it; the
        workbench's is Django's translation."""
        return self.runtime.service(self, "i18n").gettext(text)

    # ---- identity: the one place that says which block and which course this is ----------------

    @property
    def usage_key(self):
        """This block's usage key as text: the key every row of the block is stored under."""
        return str(self.scope_ids.usage_id)

    @property
    def course_key(self):
        """The course this block is in, as text (see ``course_key_of``)."""
        return course_key_of(self.scope_ids.usage_id)

    @property
    def block_id(self):
        """The usage key's block id (the platform's ``url_name``), or None in runtimes without one."""
        return getattr(self.scope_ids.usage_id, "block_id", None)

    # ---- resource URL: a fixed allowlist of assets (see ``common/assets.py``) -------------------

    @classmethod
    def open_local_resource(cls, uri):
        """The block's own ``public/<name>`` assets and the shared ``public/common/<name>`` modules;
        ``DisallowedFileError`` (a 404 from the runtime) for any other URI."""
        return assets.open_asset(inspect.getmodule(cls).__package__, uri, cls.public_dir)
