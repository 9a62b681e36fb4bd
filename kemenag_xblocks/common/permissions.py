"""Who may do what, and the one way a handler refuses.

Every refusal in the project is a ``Refused``: a status, a machine-readable ``code`` and a message
in the user's language. It subclasses XBlock's ``JsonHandlerError``, so ``XBlock.json_handler``
already answers it; plain handlers are wrapped by ``answers_refusals`` (or use ``handler`` /
``json_handler`` below, which also translate the malformed-request answers). The body is always
``{"error": message, "code": code, ...extra}``.

The checks read the current user from the runtime's ``user`` service (``common/user.py``):

* ``require_learner(block)``: a signed-in learner (has an anonymous id), else 403 ``sign_in``.
* ``require_staff(block)``: course staff, else 403 ``staff_only``.
* ``require_owner_or_staff(block, owner)``: the owner of a row, or staff; anyone else gets the same
  404 as for a row that does not exist, so ids cannot be probed.
"""

import functools
import json

from django.utils.translation import gettext as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.common.user import current_user


class Refused(JsonHandlerError):
    """A request the server will not carry out; ``message`` is for people, ``code`` for programs."""

    def __init__(self, status, code, message, **extra):
        super().__init__(status, message)
        self.status = status
        self.code = code
        self.extra = extra

    def __str__(self):
        return str(self.message)

    def payload(self):
        return {"error": str(self.message), "code": self.code, **self.extra}

    def get_response(self, **kwargs):
        return Response(
            json.dumps(self.payload()),
            status_code=self.status_code,
            content_type="application/json",
            charset="utf-8",
            **kwargs,
        )


def refusal_response(refused):
    """The response for any ``JsonHandlerError`` (a ``Refused`` carries its code)."""
    if isinstance(refused, Refused):
        return refused.get_response()
    return Refused(refused.status_code, "refused", refused.message).get_response()


def not_found(message=None):
    return Refused(404, "not_found", message or _("This does not exist or is no longer available."))


def bad_request(message=None, code="bad_request"):
    return Refused(400, code, message or _("The request could not be read. Reload the page and try again."))


def method_not_allowed(message=None):
    return Refused(405, "method", message or _("This action needs a different kind of request."))


# A database row id: what every backend's BIGINT holds.
RECORD_ID_MAX = 2**63 - 1


def record_id(value):
    """``value`` as a row id (an int, or its digits as text) in ``1..RECORD_ID_MAX``; None for
    anything else: floats (``1e999`` is infinite), bools, numbers too large for the database."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= RECORD_ID_MAX else None


# ---- who asks ---------------------------------------------------------------------------------


def is_staff(block):
    return current_user(block).is_staff


def require_learner(block, message=None):
    """The signed-in user (with an anonymous id, as the LMS gives every enrolled learner)."""
    user = current_user(block)
    if not user.anonymous_id:
        raise Refused(403, "sign_in", message or _("Sign in to continue."))
    return user


def require_staff(block):
    """Refuse anyone the runtime does not call course staff (403, never a 500)."""
    user = current_user(block)
    if not user.is_staff:
        raise Refused(403, "staff_only", _("This action is only available to course staff."))
    return user


def require_owner_or_staff(block, owner_anonymous_id, message=None):
    """The row's owner or staff; anyone else is told the row does not exist (no probing ids)."""
    user = current_user(block)
    if user.is_staff or (user.anonymous_id and user.anonymous_id == owner_anonymous_id):
        return user
    raise not_found(message)


# ---- handler decorators -----------------------------------------------------------------------


def answers_refusals(func):
    """Map the project's refusals (any ``JsonHandlerError``) raised by a plain handler to responses."""

    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        try:
            return func(self, request, suffix)
        except JsonHandlerError as refused:
            return refusal_response(refused)

    return wrapper


def handler(func):
    """``XBlock.handler`` whose refusals answer ``{"error", "code"}``."""
    return XBlock.handler(answers_refusals(func))


def read_json(request):
    """The JSON body as a dict; a 400 in the user's language otherwise (also for ~1000-deep nesting)."""
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise bad_request()
    return data


def json_handler(func):
    """Like ``XBlock.json_handler`` (POST, JSON in and out), with translated refusals that carry a code,
    a 400 (not a 500) for JSON nested too deep, and ``func(self, data, suffix)`` always given a dict."""

    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return method_not_allowed(_("Use POST for this action.")).get_response(allow=["POST"])
        result = func(self, read_json(request), suffix)
        if isinstance(result, Response):
            return result
        return Response(json.dumps(result), content_type="application/json", charset="utf-8")

    return handler(wrapper)
