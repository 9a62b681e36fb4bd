"""A clear answer when the database is briefly unreachable, for the plugin's requests only.

A block handler or a plugin view that meets a lost or refused database connection would answer
Django's 500 page, which the pages' script can only call "server error". This middleware turns
that case into 503 JSON, ``{"error", "code": "unavailable"}`` with ``Retry-After``, in the
user's language, so the page says "try again in a moment" and the learner retries safely (every
write is one transaction: nothing was half-written). A full storage (ENOSPC, quota) becomes 507
JSON the same way. Other errors and other URLs are untouched.

Add ``kemenag_xblocks.common.unavailable.UnavailableMiddleware`` to ``MIDDLEWARE`` (the demo does).
"""

import errno

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _

OUR_PATHS = ("/handler/", "/xblock/", "/kemenag/", "/courses/")


class UnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not any(part in request.path for part in OUR_PATHS):
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
        response = JsonResponse(
            {
                "error": _(
                    "The service is briefly unavailable. Nothing you sent was half-saved: try again in a moment."
                ),
                "code": "unavailable",
            },
            status=503,
        )
        response["Retry-After"] = "5"
        return response
