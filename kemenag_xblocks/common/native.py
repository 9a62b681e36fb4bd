"""What the Open edX mobile apps read from a block (docs/native-api.md).

The apps fetch ``student_view_data`` through the Course Blocks API and then GET the block's
``student_view_user_state`` handler. ``json_handler`` only answers POST, so that handler is a
plain one, made here once for the three blocks.
"""

import functools

from django.utils.translation import gettext as _
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.common.responses import error, json_response


def user_state_handler(method):
    """Make ``method(self) -> dict`` (the current learner's own state) a GET/POST JSON handler.

    A refusal raised as ``JsonHandlerError`` answers ``{"error": message}`` with its status, as the
    blocks' other handlers do; the answer is personal, so no cache may keep it.
    """

    @functools.wraps(method)
    def handler(self, request, suffix=""):
        if request.method not in ("GET", "POST"):
            return error(405, _("Use GET to read your state."))
        try:
            response = json_response(method(self))
        except JsonHandlerError as refused:
            response = error(refused.status_code, refused.message)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    return XBlock.handler(handler)
