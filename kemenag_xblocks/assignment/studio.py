"""The assignment's Studio editor: every setting in the author's language, numbers as number inputs
read them ("100", "12.5", never the Indonesian "100,0" a number input rejects and shows empty), the
due date in the author's time zone, and the rubric as criteria and levels instead of raw JSON.

The page (``templates/studio_edit.html`` + ``public/assignment_studio.js``) sends only the fields
the author changed to the usual ``submit_studio_edits`` handler, so saving an untouched editor
changes nothing. ``studio_problems`` is the one set of rules the server applies on save; the
browser checks the same ones as the author types.
"""

import datetime
import json
import math

from django.utils.translation import gettext as _
from webob import Request
from xblock.core import XBlock

from kemenag_xblocks.assignment import messages, rubric_rules
from kemenag_xblocks.common import permissions, timefmt
from kemenag_xblocks.common.rendering import block_fragment
from kemenag_xblocks.common.studio import StudioEditableMixin
from kemenag_xblocks.common.uploads import UploadPolicy

# Bounds of the numeric settings; the editor shows and checks the same ones (None: no bound).
NUMBER_BOUNDS = {
    "weight": (0, None, False),
    "max_files": (1, 20, True),
    "max_file_mb": (1, 500, True),
    "grace_hours": (0, None, True),
}
ALL_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "jpg", "png")


def number_text(value):
    """A number as ``<input type=number>`` reads it: "100", "12.5" (in every language)."""
    if value is None or isinstance(value, bool):
        return ""
    value = float(value)
    if not math.isfinite(value):
        return ""
    return str(int(value)) if value.is_integer() else repr(round(value, 6))


def studio_problems(data, type_list):
    """Why ``data`` (the fields as they would be saved) cannot be saved: messages, empty if it can."""
    problems = []
    labels = {
        "weight": _("Points"),
        "max_files": _("Maximum files"),
        "max_file_mb": _("Maximum size per file (MB)"),
        "grace_hours": _("Grace period (hours)"),
    }
    for name, (low, high, _whole) in NUMBER_BOUNDS.items():
        value = getattr(data, name, None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            problems.append(_("Enter a valid value for {field}.").format(field=labels[name]))
        elif value < low:
            problems.append(_("{field} must be at least {limit}.").format(field=labels[name], limit=low))
        elif high is not None and value > high:
            problems.append(_("{field} must be at most {limit}.").format(field=labels[name], limit=high))
    try:
        rubric_rules.normalise(getattr(data, "rubric", []))
    except rubric_rules.RubricError as error:
        problems.append(_("Rubric: {problem}").format(problem=error))
    if not UploadPolicy.from_settings(extensions=type_list(getattr(data, "allowed_types", ""))).extensions:
        problems.append(_("Choose at least one allowed file type."))
    return problems


class AssignmentStudioMixin(StudioEditableMixin):
    def studio_view(self, context=None):
        gettext = messages.translator(self)
        zone = timefmt.user_zone(self)
        values = {}
        for name in self.editable_fields:
            value = getattr(self, name)
            if name in NUMBER_BOUNDS:
                value = number_text(value)
            elif name == "due_date":
                value = timefmt.to_local_input(value, zone)
            values[name] = value
        rubric = self.rubric if isinstance(self.rubric, list) else []
        bounds = {name: {"min": low, "max": high, "whole": whole} for name, (low, high, whole) in NUMBER_BOUNDS.items()}
        chosen = set(self.type_list(self.allowed_types))
        # As the check boxes will report it, so an untouched save does not rewrite "docx, pdf".
        values["allowed_types"] = ",".join(ext for ext in ALL_TYPES if ext in chosen)
        now = datetime.datetime.now(datetime.UTC)
        return block_fragment(
            self,
            "assignment/templates/studio_edit.html",
            {
                "values": values,
                "bounds": bounds,
                "types": [{"value": ext, "checked": ext in chosen} for ext in ALL_TYPES],
                "zone_label": timefmt.zone_label(zone, now),
                "late_policies": [
                    {
                        "value": option["value"],
                        "label": gettext(option["display_name"]),
                        "selected": option["value"] == self.late_policy,
                    }
                    for option in self.fields["late_policy"].values
                ],
                "field_help": {
                    name: gettext(self.fields[name].help) if self.fields[name].help else ""
                    for name in self.editable_fields
                },
            },
            css=["assignment.css"],
            js=["common/kemenag.js", "assignment_studio.js"],
            init_fn="KemenagAssignmentStudio",
            init_args={
                "values": values,
                "rubric": rubric,
                "bounds": bounds,
                "limits": {"criteria": rubric_rules.MAX_CRITERIA, "levels": rubric_rules.MAX_LEVELS},
                "strings": messages.studio_strings(gettext),
            },
        )

    @XBlock.handler
    def submit_studio_edits(self, request, suffix=""):
        """The usual save, with the due date read in the author's time zone (the editor's
        ``datetime-local`` value has none) and a bad date refused like any bad value."""
        if request.method == "POST":
            try:
                data = json.loads(request.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                data = None
            values = data.get("values") if isinstance(data, dict) else None
            if isinstance(values, dict) and isinstance(values.get("due_date"), str):
                try:
                    moment = timefmt.from_local_input(values["due_date"], timefmt.user_zone(self))
                except ValueError:
                    return permissions.bad_request(
                        messages.translator(self)("Enter a valid value for {field}.").format(
                            field=self.translate(self.fields["due_date"].display_name)
                        )
                    ).get_response()
                values["due_date"] = moment.isoformat() if moment else None
                # The runtime's request cannot be rewritten in place: the same save, with the date in UTC.
                request = Request.blank(
                    "/", method="POST", body=json.dumps(data).encode("utf-8"), content_type="application/json"
                )
        return super().submit_studio_edits(request, suffix)
