"""Studio's editor save, hardened: a malformed request is a 400 with a message, never a 500.

``xblock.utils``' ``submit_studio_edits`` indexes ``data["values"]`` and ``data["defaults"]`` and
converts each value with its field's ``from_json`` unguarded, so a hand-made request (or a broken
editor) raised. The blocks use this mixin in place of ``StudioEditableXBlockMixin``.
"""

import json

from django.utils.translation import gettext as _
from xblock.core import XBlock
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from kemenag_xblocks.common.responses import error


class StudioEditableMixin(StudioEditableXBlockMixin):
    def studio_edits_problem(self, request):
        """Why the save request cannot be applied (a message), or None to let the mixin apply it."""
        if request.method != "POST":
            return None  # json_handler answers 405
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (ValueError, RecursionError):
            return _("The request could not be read. Reload the page and try again.")
        shaped = isinstance(data, dict) and isinstance(data.get("values"), dict)
        if not (shaped and isinstance(data.get("defaults"), list)):
            return _("The request could not be read. Reload the page and try again.")
        for name in self.editable_fields:
            if name in data["values"]:
                field = self.fields[name]
                try:
                    field.from_json(data["values"][name])
                except (TypeError, ValueError, OverflowError, AttributeError):
                    return _("Enter a valid value for {field}.").format(field=_(field.display_name or name))
        return None

    @XBlock.handler
    def submit_studio_edits(self, request, suffix=""):
        problem = self.studio_edits_problem(request)
        if problem is not None:
            return error(400, problem)
        return super().submit_studio_edits(request, suffix)
