"""How a page learns that its report is ready: the plugin views and the handlers' helpers.

* ``GET reports/<token>/`` (``report_status``): the JSON the page polls, ``common.reports.describe``
  plus ``download_url`` once ready. Only the user who started the report gets an answer; anyone
  else gets the same 404 as for a token that does not exist.
* ``GET reports/<token>/file/`` (``report_file``): the finished file, to that user, streamed (or a
  presigned storage URL where the storage signs its own).
* ``POST reports/platform/<kind>/`` (``start_platform_report``): platform staff start the JP
  compliance report or the SIASN export (``KEMENAG_PLATFORM_STAFF_CHECK``).
* ``status_url(block, handler, token)`` and ``not_ready(path)`` for block handlers that serve a report by
  name: a report still being prepared answers 404 with its state, a failed one 500 with the reason.
"""

import json
from datetime import date

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from webob import Response

from kemenag_xblocks.common import platform_reports, reports
from kemenag_xblocks.common.downloads import SAFE_HEADERS, Grant, file_response, presigned_url
from kemenag_xblocks.common.permissions import Refused
from kemenag_xblocks.common.report_models import ReportRun
from kemenag_xblocks.common.uploads import open_storage
from kemenag_xblocks.conf import setting

FILE_TYPES = {".csv": "text/csv", ".zip": "application/zip"}


def status_url(block, handler, token):
    """The URL the page polls; carries the runtime's own query of ``handler``'s URL (the workbench
    names its user there; the LMS uses the session and has none)."""
    url = reverse("kemenag_xblocks:report_status", kwargs={"token": token})
    carry = block.runtime.handler_url(block, handler).partition("?")[2]
    return f"{url}?{carry}" if carry else url


def not_ready(path):
    """A handler's answer for a report file that is not (yet) in storage."""
    run = reports.run_for_path(path)
    if run is None:
        body, code = {"error": _("This file does not exist or is no longer available."), "code": "not_found"}, 404
    else:
        described = reports.describe(run)
        failed = described["state"] == ReportRun.FAILED
        body = {"error": described["message"], "code": "report_failed" if failed else "report_not_ready", **described}
        code = 500 if failed else 404
    return Response(json.dumps(body), status=code, content_type="application/json", charset="utf-8")


def _requester(request):
    from kemenag_xblocks.views import requester_id

    return requester_id(request)


def _with_query(request, url):
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@require_safe
def report_status(request, token):
    run = reports.find(token, _requester(request))
    if run is None:
        return JsonResponse({"error": _("No such report."), "code": "not_found"}, status=404)
    body = reports.describe(run)
    if body["ready"]:
        body["download_url"] = _with_query(request, reverse("kemenag_xblocks:report_file", kwargs={"token": token}))
    return JsonResponse(body, headers={"Cache-Control": "private, no-store"})


@require_safe
def report_file(request, token):
    run = reports.find(token, _requester(request))
    if run is None or reports.state_of(run) != ReportRun.READY:
        return JsonResponse({"error": _("No such report."), "code": "not_found"}, status=404)
    name = run.path.rsplit("/", 1)[-1]
    mime = next((m for ext, m in FILE_TYPES.items() if name.endswith(ext)), "application/octet-stream")
    signed = presigned_url(open_storage(), run.path, name, mime)
    if signed:
        response = HttpResponseRedirect(signed)
        response["Cache-Control"] = SAFE_HEADERS["Cache-Control"]
        return response
    return file_response(
        Grant(path=run.path, user_id=run.requested_by, display_name=name, mime=mime, storage_alias=None)
    )


def is_platform_staff(request):
    """Default check: the signed-in Django user is global staff (the LMS's ``is_staff``)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@require_POST
def start_platform_report(request, kind):
    dotted = setting("KEMENAG_PLATFORM_STAFF_CHECK")
    allowed = (import_string(dotted) if dotted else is_platform_staff)(request)
    if not allowed or kind not in platform_reports.KINDS:
        return JsonResponse(
            {"error": _("This action is only available to platform staff."), "code": "forbidden"}, status=403
        )
    try:
        options = json.loads(request.body or b"{}")
        if not isinstance(options, dict):
            raise ValueError
        year = options.get("year")
        year = int(year) if year not in (None, "") else None
        as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
    except (ValueError, TypeError):
        return JsonResponse({"error": _("The report options are not valid."), "code": "bad_request"}, status=400)
    try:
        run = platform_reports.start(
            kind, user_id=_requester(request), learners=bool(options.get("learners")), as_of=as_of, year=year
        )
    except Refused as refused:
        return JsonResponse(refused.payload(), status=refused.status)
    status = _with_query(request, reverse("kemenag_xblocks:report_status", kwargs={"token": run.id}))
    return JsonResponse({"token": run.id, "status_url": status, **reports.describe(run)}, status=202)
