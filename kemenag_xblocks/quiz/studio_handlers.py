"""Studio: the settings editor's labels and checks, and the quiz's own editor handlers (item bank
as CSV, dimensions and bands). Staff only; each edit is checked by the OLX rules as an import is."""

from webob import Response
from xblock.core import XBlockMixin
from xblock.validation import ValidationMessage

from kemenag_xblocks.common import permissions
from kemenag_xblocks.common.downloads import safe_headers
from kemenag_xblocks.quiz import authoring, errors, itembank, olx
from kemenag_xblocks.quiz.defaults import COUNTED_ATTEMPTS, GRADE_MODES, LIKERT_SCALE_MAX, SETTING_MINIMUMS


class StudioHandlersMixin(XBlockMixin):
    def _make_field_info(self, field_name, field):
        """The settings editor's field, labelled in the author's language and with numbers written
        as ``<input type=number>`` reads them ("1.5", never the Indonesian "1,5")."""
        info = super()._make_field_info(field_name, field)
        info["display_name"] = self.gettext(field.display_name) if field.display_name else ""
        info["help"] = self.gettext(field.help) if field.help else ""
        if info.get("type") in ("integer", "float") and isinstance(info["value"], (int, float)):
            info["value"] = olx.number_text(info["value"])
        if info.get("type") == "float" and not info.get("step"):
            info["step"] = "any"  # a weight of 2.5 is fine; the browser's default step would refuse it
        if field_name == "pretest":
            info["values"], info["has_values"] = self.pretest_choices(info["value"]), True
        elif info.get("has_values"):  # a copy: the field's own list is shared by every block
            info["values"] = [
                {**option, "display_name": self.gettext(option["display_name"])} for option in info["values"]
            ]
        return info

    def course_quizzes(self):
        """``(url_name, display name)`` of the other quizzes in this course, in course order (in the
        workbench: the quizzes of this scenario). Walked from the root only when Studio opens the editor."""
        root = self
        while root.get_parent() is not None:
            root = root.get_parent()
        found, stack = [], [root]
        while stack:
            block = stack.pop()
            if block.scope_ids.block_type == self.scope_ids.block_type and block.scope_ids != self.scope_ids:
                found.append((block.quiz_url_name, self.gettext(block.display_name)))
            if getattr(block, "has_children", False):
                stack.extend(reversed(block.get_children()))
        return found

    def pretest_choices(self, current):
        """The pre-test picker: none, or one of the course's quizzes (a name that no longer points
        anywhere stays selectable, marked, so opening the editor never changes it)."""
        choices = [{"display_name": self.gettext("No pre-test"), "value": ""}]
        choices += [
            {"display_name": f"{name} ({url_name})", "value": url_name} for url_name, name in self.course_quizzes()
        ]
        if current and current not in {choice["value"] for choice in choices}:
            label = self.gettext("{url_name} (not found in this course)").format(url_name=current)
            choices.append({"display_name": label, "value": current})
        return choices

    def validate_field_data(self, validation, data):
        """What the OLX rules refuse, the settings editor refuses too, naming the field."""
        super().validate_field_data(validation, data)
        _ = self.gettext
        problems = []
        for name, minimum in SETTING_MINIMUMS.items():
            value, label = getattr(data, name), _(self.fields[name].display_name)
            if value is None:
                problems.append(_("Enter a valid value for {field}.").format(field=label))
            elif value < minimum:
                problems.append(_("{field} must be at least {limit}.").format(field=label, limit=minimum))
        if data.likert_scale is not None and data.likert_scale > LIKERT_SCALE_MAX:
            label = _(self.fields["likert_scale"].display_name)
            problems.append(_("{field} must be at most {limit}.").format(field=label, limit=LIKERT_SCALE_MAX))
        if data.grade_mode not in GRADE_MODES:
            problems.append(_("Choose how the test is graded."))
        if data.counted_attempt not in COUNTED_ATTEMPTS:
            problems.append(_("Choose which attempt counts."))
        for problem in problems:
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))

    def definition_changed(self, spec):
        self.spec = spec
        self.__dict__.pop("version", None)  # the cached_property: built again from the new fields

    @permissions.handler
    def export_item_bank(self, request, suffix=""):
        """Studio: the item bank as CSV (staff only)."""
        permissions.require_staff(self)
        response = Response(body=itembank.to_csv(self.spec["items"]).encode("utf-8"), content_type="text/csv")
        return safe_headers(response, "item-bank.csv")

    @permissions.json_handler
    def import_item_bank(self, data, suffix=""):
        """Studio: replace the items with a CSV; all-or-nothing, with the errors of each bad row."""
        permissions.require_staff(self)
        text = data.get("csv")
        if not isinstance(text, str) or not text.strip():
            raise errors.request(self.gettext, "no_csv")
        if len(text) > itembank.MAX_CSV_CHARACTERS:
            raise errors.request(self.gettext, "csv_too_large", size=itembank.MAX_CSV_CHARACTERS // 10**6)
        items, problems = itembank.from_csv(text, {d["id"] for d in self.version["dimensions"]})
        if problems:
            return {"imported": 0, "errors": problems}
        self.definition_changed({**self.spec, "items": items})
        return {"imported": len(items), "errors": []}

    @permissions.json_handler
    def item_rows(self, data, suffix=""):
        """Studio's item editor: the items as rows, and the dimensions to choose from."""
        permissions.require_staff(self)
        return {
            "items": authoring.editor_rows(self.spec["items"]),
            "dimensions": [{"id": d["id"], "name": d["name"]} for d in self.version["dimensions"]],
        }

    @permissions.json_handler
    def save_items(self, data, suffix=""):
        """Studio's item editor: replace the items; all-or-nothing, each bad row named (row, element)."""
        permissions.require_staff(self)
        try:
            items, problems = authoring.items_from_rows(
                data.get("items"), {d["id"] for d in self.version["dimensions"]}
            )
        except authoring.ShapeError:
            raise errors.request(self.gettext, "items_shape") from None
        if problems:
            return {"saved": 0, "errors": problems}
        self.definition_changed({**self.spec, "items": items})
        return {"saved": len(items), "errors": []}

    @permissions.json_handler
    def save_dimensions(self, data, suffix=""):
        """Studio: replace the dimensions and bands; refused whole, naming the element, if the
        OLX rules refuse the result (e.g. an item left in a removed dimension)."""
        permissions.require_staff(self)
        try:
            spec = authoring.with_dimensions_and_bands(self.spec, data.get("dimensions"), data.get("bands"))
        except authoring.ShapeError:
            raise errors.request(self.gettext, "dimensions_shape") from None
        except olx.QuizOLXError as error:
            raise errors.olx_refused(error) from None
        self.definition_changed(spec)
        return {"dimensions": len(self.version["dimensions"]), "bands": len(self.version["bands"])}
