"""Responses for plain ``@XBlock.handler`` handlers (files, multipart), shaped like ``json_handler``'s.

``json_handler`` cannot take multipart bodies or serve files, so those handlers answer through
these: the same ``{"error": message}`` body and status codes the JavaScript expects, with a
message in the learner's language rather than a bare status.
"""

import json

from django.utils.translation import gettext as _
from webob import Response
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.common.user import require_staff


def json_response(payload, status=200):
    return Response(json.dumps(payload), status=status, content_type="application/json", charset="utf-8")


def error(status, message, **extra):
    return json_response({"error": message, **extra}, status=status)


def uploaded_field(request, name):
    """The multipart file field ``name``, or None (a plain string is not a file)."""
    value = request.POST.get(name) if request.method == "POST" else None
    return value if value is not None and hasattr(value, "file") and hasattr(value, "filename") else None


def refuse_unless_staff(block):
    """None for course staff; otherwise the 403 error response to return."""
    try:
        require_staff(block)
    except JsonHandlerError as refused:
        return error(refused.status_code, refused.message)
    return None


def not_found():
    return error(404, _("This file does not exist or is no longer available."))
