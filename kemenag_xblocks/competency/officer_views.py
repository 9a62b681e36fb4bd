"""The HR officers' page, served by the LMS at /kemenag/officer/ (the plugin app's URLs).

An officer (``HrOfficer``, assigned by the operator) sees the units they oversee: compliance per
employee type for the unit and everything under it, with drill-down to sub-units and to the
people behind each number; the "no training in 2 years" list; the queue of external trainings to
verify; and exports (SIASN records, compliance per learner) run as Celery tasks with progress and
a download when done. Sign-in required (the LMS session; ``KEMENAG_DOWNLOAD_REQUESTER`` in the
demo); anyone who is not an officer of the unit gets 404, as for a unit that does not exist.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kemenag_xblocks.common.downloads import file_response, issue_token, read_token
from kemenag_xblocks.common.uploads import KNOWN_TYPES, extension_of
from kemenag_xblocks.competency import api, dates, forms, ledger, people, rules, tasks, transcript, verification
from kemenag_xblocks.competency.employees import EmployeeType
from kemenag_xblocks.competency.models import LedgerEntry, OfficerExport, WorkUnit

STATE_NAMES = {
    rules.MEETS: gettext_noop("Meeting the target"),
    rules.BELOW: gettext_noop("Below the target"),
    rules.NONE_IN_TWO_YEARS: gettext_noop("No training in 2 years"),
}


def state_name(state):
    return _(STATE_NAMES[state]) if state in STATE_NAMES else _("All")


COUNTED_TYPES = [t for t in EmployeeType.values if api.employees.in_compliance(t)]
PEOPLE_SHOWN = 2000


def carried(request):
    """The query that names the user in the workbench demo (``?student=``), kept on every link;
    the LMS identifies users by their session, so there it is empty."""
    from django.conf import settings as django_settings

    if not getattr(django_settings, "KEMENAG_DOWNLOAD_REQUESTER", "") or "student" not in request.GET:
        return ""
    return urlencode({"student": request.GET["student"]})


def page(request, template, context, **kwargs):
    return render(request, template, {**context, "carry": carried(request)}, **kwargs)


def with_carry(request, url):
    carry = carried(request)
    if not carry:
        return url
    return f"{url}{'&' if '?' in url else '?'}{carry}"


class Officer:
    """The signed-in user as an officer: their id and the units they oversee."""

    def __init__(self, user_id):
        self.user_id = user_id
        self.units = people.officer_units(user_id)

    def oversees(self, unit):
        return any(unit.path.startswith(own.path) for own in self.units)


def officer_view(func):
    """Sign-in required (redirect to the LMS login), then officers only (404 for anyone else)."""

    def wrapper(request, *args, **kwargs):
        from kemenag_xblocks.views import requester_id

        user_id = requester_id(request)
        if user_id is None:
            login = getattr(settings, "LOGIN_URL", "/login")
            return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        officer = Officer(user_id)
        if not officer.units:
            raise Http404(_("This page is for unit HR officers."))
        response = func(request, officer, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _unit(officer, pk):
    unit = WorkUnit.objects.filter(pk=pk).first()
    if unit is None or not officer.oversees(unit):
        raise Http404(_("This does not exist or is no longer available."))
    return unit


def _state_cells(figures, unit, request):
    """One row of counts per employee type (and the total), each linked to the people behind it."""
    base = reverse("kemenag_xblocks:officer_people", kwargs={"pk": unit.pk})
    rows = []
    for employee_type in [*COUNTED_TYPES, ""]:
        label = _(EmployeeType(employee_type).label) if employee_type else _("All")
        cells = []
        for state in rules.COMPLIANCE_STATES:
            count = figures.count(state, employee_type or None)
            query = urlencode({k: v for k, v in {"state": state, "type": employee_type}.items() if v})
            cells.append({"state": state, "count": count, "url": with_carry(request, f"{base}?{query}")})
        rows.append({"label": label, "cells": cells, "total": sum(c["count"] for c in cells)})
    return rows


def _stack(officer, pks):
    return [u for u in WorkUnit.objects.filter(pk__in=pks).order_by("path") if officer.oversees(u)]


@require_safe
@officer_view
def home(request, officer):
    """The officer's units, each with its subtree's compliance, and the size of their queue."""
    figures = {f.unit.pk: f for root in officer.units for f in api.unit_compliance(root) if f.unit.pk == root.pk}
    units = [{"unit": u, "rows": _state_cells(figures[u.pk], u, request)} for u in officer.units]
    return page(
        request,
        "kemenag_xblocks/officer/home.html",
        {
            "units": units,
            "states": [state_name(s) for s in rules.COMPLIANCE_STATES],
            "queue_size": verification.queue(officer.user_id).count(),
            "as_of": transcript.display_date(dates.today()),
        },
    )


@require_safe
@officer_view
def unit_view(request, officer, pk):
    """One unit: its figures per type, and each unit directly under it (drill down)."""
    unit = _unit(officer, pk)
    report = {f.unit.pk: f for f in api.unit_compliance(unit)}
    children = [
        {"unit": child, "rows": _state_cells(report[child.pk], child, request)[-1:]}
        for child in unit.children.order_by("code")
        if child.pk in report
    ]
    ancestors = _stack(officer, [int(p) for p in unit.path.strip("/").split("/")[:-1] if p])
    return page(
        request,
        "kemenag_xblocks/officer/unit.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "rows": _state_cells(report[unit.pk], unit, request),
            "children": children,
            "states": [state_name(s) for s in rules.COMPLIANCE_STATES],
            "queue_size": verification.queue(officer.user_id, unit).count(),
            "exports": OfficerExport.objects.filter(user_id=officer.user_id, work_unit=unit)[:5],
            "kinds": OfficerExport.Kind.choices,
            "year": dates.today().year,
        },
    )


@require_safe
@officer_view
def people_view(request, officer, pk):
    """The people behind a number: a unit subtree's learners, by status and type."""
    unit = _unit(officer, pk)
    state = request.GET.get("state") if request.GET.get("state") in rules.COMPLIANCE_STATES else None
    employee_type = request.GET.get("type") if request.GET.get("type") in COUNTED_TYPES else None
    rows = [
        {
            "username": username,
            "name": f"{first} {last}".strip() or username,
            "type": _(EmployeeType(kind).label) if kind in EmployeeType.values else kind,
            "jp_year": rules.display_jp(jp_year),
            "jp_24": rules.display_jp(jp_24),
            "last_on": transcript.display_date(last_on) if last_on else "-",
            "state": state_name(status),
            "state_code": status,
        }
        for _pk, username, first, last, kind, jp_year, jp_24, last_on, status in api.first_people(
            unit, PEOPLE_SHOWN, state=state, employee_type=employee_type
        )
    ]
    return page(
        request,
        "kemenag_xblocks/officer/people.html",
        {
            "unit": unit,
            "rows": rows,
            "state": state_name(state),
            "type": _(EmployeeType(employee_type).label) if employee_type else _("All"),
        },
    )


@require_safe
@officer_view
def queue_view(request, officer):
    """External trainings waiting for this officer's verification, oldest first."""
    unit = _unit(officer, request.GET["unit"]) if str(request.GET.get("unit", "")).isdigit() else None
    entries = [
        {
            "entry": e,
            "name": e.user.get_full_name() or e.user.username,
            "jp": rules.display_jp(e.jp),
            "started": transcript.display_date(e.started_on or e.completed_on),
            "ended": transcript.display_date(e.completed_on),
            "type": transcript.type_label(e.competency_type),
            "kind": e.training_kind.name if e.training_kind else "",
            "evidence_url": with_carry(request, reverse("kemenag_xblocks:officer_evidence", kwargs={"entry": e.pk}))
            if e.evidence_path
            else "",
        }
        for e in verification.queue(officer.user_id, unit)[:200]
    ]
    return page(
        request,
        "kemenag_xblocks/officer/queue.html",
        {"unit": unit, "entries": entries, "message": request.GET.get("done", "")},
    )


@require_POST
@officer_view
def decide(request, officer, entry):
    """Verify or reject (with a reason) one training of the queue; back to the queue with a message."""
    found = LedgerEntry.objects.filter(pk=entry, source=LedgerEntry.Source.EXTERNAL).first()
    if found is None or not verification.may_decide(officer.user_id, found):
        raise Http404(_("Unknown training."))
    approve = request.POST.get("decision") == "verify"
    back = with_carry(request, reverse("kemenag_xblocks:officer_queue"))
    if not approve:
        try:
            reason = forms.parse_text(request.POST.get("reason"), _("Reason"), max_length=forms.REASON_MAX)
        except forms.Invalid as invalid:
            return redirect(f"{back}{'&' if '?' in back else '?'}{urlencode({'done': str(invalid)})}")
    else:
        reason = ""
    decided = ledger.decide(found.pk, actor_id=officer.user_id, approve=approve, reason=reason)
    if not decided:
        message = _("This training has already been decided.")
    else:
        message = _("Training verified.") if approve else _("Training rejected.")
    return redirect(f"{back}{'&' if '?' in back else '?'}{urlencode({'done': message})}")


@require_safe
@officer_view
def evidence(request, officer, entry):
    """The certificate file of a training the officer may decide, streamed as an attachment."""
    found = LedgerEntry.objects.filter(pk=entry).first()
    if found is None or not found.evidence_path or not verification.may_decide(officer.user_id, found):
        raise Http404(_("This does not exist or is no longer available."))
    mime = KNOWN_TYPES.get(extension_of(found.evidence_path), ("application/octet-stream",))[0]
    grant = read_token(issue_token(found.evidence_path, officer.user_id, found.evidence_name, mime), officer.user_id)
    return file_response(grant)


@require_POST
@officer_view
def export_start(request, officer, pk):
    """Start an export of the unit's subtree (a Celery task), then show its progress."""
    unit = _unit(officer, pk)
    kind = request.POST.get("kind")
    if kind not in OfficerExport.Kind.values:
        raise Http404(_("Unknown export."))
    year = request.POST.get("year", "")
    export = OfficerExport.objects.create(
        user_id=officer.user_id,
        work_unit=unit,
        kind=kind,
        year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
    )
    tasks.start(export)
    return redirect(with_carry(request, reverse("kemenag_xblocks:officer_export", kwargs={"export_id": export.pk})))


def _own_export(officer, export_id):
    export = OfficerExport.objects.filter(pk=export_id, user_id=officer.user_id).select_related("work_unit").first()
    if export is None:
        raise Http404(_("This does not exist or is no longer available."))
    return export


@require_safe
@officer_view
def export_status(request, officer, export_id):
    """The export's progress (HTML that refreshes itself, or JSON with ``?format=json``)."""
    export = _own_export(officer, export_id)
    done = export.state == OfficerExport.State.DONE
    download = (
        with_carry(request, reverse("kemenag_xblocks:officer_export_download", kwargs={"export_id": export.pk}))
        if done
        else ""
    )
    if request.GET.get("format") == "json":
        return JsonResponse({"state": export.state, "percent": export.percent, "download": download})
    return page(
        request,
        "kemenag_xblocks/officer/export.html",
        {"export": export, "download": download, "running": export.state in ("queued", "running")},
    )


@require_http_methods(["GET", "HEAD"])
@officer_view
def export_download(request, officer, export_id):
    export = _own_export(officer, export_id)
    if export.state != OfficerExport.State.DONE:
        raise Http404(_("This export is not ready yet."))
    name = f"{export.kind}-{export.work_unit.code}.csv"
    grant = read_token(issue_token(export.path, officer.user_id, name, "text/csv"), officer.user_id)
    return file_response(grant)
