"""A clear answer when the database is briefly unreachable, for the plugin's requests only.

A block handler or a plugin view that meets a lost or refused database connection would answer
Django's 500 page, which the pages' script can only call "server error". This middleware turns
that case into 503 JSON, ``{"error", "code": "unavailable"}`` with ``Retry-After``, in the
user's language, so the page says "try again in a moment" and the learner retries safely (every
write is one transaction: nothing was half-written). A full storage (ENOSPC, quota) becomes 507
JSON the same way. A page view under ``KEMENAG_UNAVAILABLE_PAGE_PATHS`` (the demo's scenario
pages) gets the same message as a short 503 HTML page. Other errors and other URLs are untouched.

Add ``kemenag_xblocks.common.unavailable.UnavailableMiddleware`` to ``MIDDLEWARE`` (the demo does).
"""

import errno

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kemenag_xblocks.conf import setting

OUR_PATHS = ("/handler/", "/xblock/", "/kemenag/", "/courses/")


class UnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not any(part in request.path for part in OUR_PATHS):
            if isinstance(exception, (OperationalError, InterfaceError)) and any(
                part in request.path for part in setting("KEMENAG_UNAVAILABLE_PAGE_PATHS")
            ):
                return unavailable_page()
            return None
        if isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            # The storage is full: nothing was kept (a write that fails leaves no row behind).
            body = {
                "error": _("There is no room to store files at the moment. Nothing was kept: try again later."),
                "code": "storage_full",
            }
            response = JsonResponse(body, status=507)
            response["Retry-After"] = "60"
            return response
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        response = JsonResponse({"error": unavailable_message(), "code": "unavailable"}, status=503)
        response["Retry-After"] = "5"
        return response


def unavailable_message():
    return _("The service is briefly unavailable. Nothing you sent was half-saved: try again in a moment.")


def unavailable_page():
    """The page a browser shows instead of the 500 page: the message, and a reload in 5 s."""
    title = _("Try again in a moment")
    body = (
        f'<!DOCTYPE html><html lang="{escape(get_language() or "id")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="5"><title>{escape(title)}</title></head>'
        f'<body><main><h1>{escape(title)}</h1><p role="status">{escape(unavailable_message())}</p></main></body></html>'
    )
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response
