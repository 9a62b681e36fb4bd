"""Course staff's handlers: search the catalogue, save the list (Studio), see and export reading."""

from django.utils.translation import gettext as _
from webob import Response

from kemenag_xblocks.common import permissions
from kemenag_xblocks.resources import activity, report_csv, search
from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.olx import problem_text
from kemenag_xblocks.resources.text import clean_text


def record_result(record):
    item = list_items.from_record(record)
    return {
        "item": item,
        "authors": list_items.authors(item["creators"]),
        "source": clean_text(record.source.name, 200),
        "subjects": clean_text(", ".join(record.subjects.splitlines()[:5]), 300),
        "description": clean_text(record.description, 300),
    }


class StaffHandlersMixin:
    @permissions.json_handler
    def search_catalogue(self, data, suffix=""):
        """``{"q"}``: up to 20 harvested records matching every word, best first."""
        permissions.require_staff(self)
        text = data.get("q")
        if not isinstance(text, str) or not text.strip():
            raise permissions.bad_request(_("Type words to search for."), code="empty_query")
        results = []
        for record in search.search(text):
            try:
                results.append(record_result(record))
            except list_items.ItemError:
                continue  # a record without a usable link cannot be listed
        return {"results": results}

    @permissions.json_handler
    def save_list(self, data, suffix=""):
        """``{"items": [...], "intro", "display_name"}``: the whole list, in order, validated."""
        permissions.require_staff(self)
        try:
            cleaned = list_items.normalise_list(data.get("items"))
        except list_items.ItemError as problem:
            message = problem_text(problem.code)
            if problem.index is not None:
                message = _("Item {position}: {problem}").format(position=problem.index + 1, problem=message)
            raise permissions.bad_request(message, code=problem.code) from None
        if "display_name" in data:
            name = clean_text(data.get("display_name"), 200)
            if not name:
                raise permissions.bad_request(_("Give the reading list a name."), code="no_name")
            self.display_name = name
        if "intro" in data:
            self.intro = clean_text(data.get("intro"), 2000)
        self.items = cleaned
        return {"items": cleaned, "message": _("Reading list saved.")}

    @permissions.json_handler
    def reading_report(self, data, suffix=""):
        """Per item: how many learners opened it and how many marked it read."""
        permissions.require_staff(self)
        counts = activity.per_item(self)
        return {
            "items": [
                {
                    "id": item["id"],
                    "title": item["title"],
                    "required": item["required"],
                    "opened": counts.get(item["id"], (0, 0))[0],
                    "read": counts.get(item["id"], (0, 0))[1],
                }
                for item in self.clean_items()
            ]
        }

    @permissions.handler
    def export_reading(self, request, suffix=""):
        """GET: the CSV of every learner's opened/read per item (cells neutralised against formulas)."""
        permissions.require_staff(self)
        response = Response(content_type="text/csv", charset="utf-8")
        response.app_iter = report_csv.lines(self.clean_items(), activity.learner_rows(self).iterator())
        response.headers["Content-Disposition"] = f'attachment; filename="{report_csv.filename(self)}"'
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
