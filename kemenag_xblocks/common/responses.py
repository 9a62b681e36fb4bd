"""Responses for plain ``@XBlock.handler`` handlers (files, multipart), shaped like ``json_handler``'s.

``json_handler`` cannot take multipart bodies or serve files, so those handlers answer through
these: the same ``{"error": message}`` body and status codes the JavaScript expects, with a
message in the learner's language rather than a bare status.
"""

import json

from webob import Response


def json_response(payload, status=200):
    return Response(json.dumps(payload), status=status, content_type="application/json", charset="utf-8")


def error(status, message, **extra):
    return json_response({"error": message, **extra}, status=status)


def uploaded_field(request, name):
    """The multipart file field ``name``, or None (a plain string is not a file)."""
    value = request.POST.get(name) if request.method == "POST" else None
    return value if value is not None and hasattr(value, "file") and hasattr(value, "filename") else None
