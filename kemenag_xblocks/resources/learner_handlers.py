"""The learner's handlers: open an item (recorded, then a redirect out), mark read, bookmark, own list."""

from django.utils.translation import gettext as _
from webob import Response

from kemenag_xblocks.common import permissions
from kemenag_xblocks.resources import activity, completion, self_study
from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.text import safe_url


def unknown_item():
    return permissions.not_found(_("This item is no longer on the reading list. Reload the page."))


class LearnerHandlersMixin:
    def listed_item(self, item_id):
        """An item of this list (learners reach only what the author listed), else 404."""
        item = list_items.find(self.clean_items(), str(item_id or ""))
        if item is None:
            raise unknown_item()
        return item

    @permissions.handler
    def open(self, request, suffix=""):
        """GET ``?item=<id>[&pdf=1]``: note that the learner opened it, then send them to it (303).
        A plain link, so reading works without JavaScript; the target is the author's, never the query's."""
        if request.method not in ("GET", "HEAD"):
            raise permissions.method_not_allowed()
        item = self.listed_item(request.GET.get("item"))
        target = list_items.link_target(item, pdf=request.GET.get("pdf") == "1")
        if not target:
            raise unknown_item()
        user = self.user
        if user.anonymous_id and request.method == "GET":
            activity.record_open(self, user, item["id"])
        response = Response(status=303, location=target)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @permissions.json_handler
    def mark_read(self, data, suffix=""):
        """``{"item", "read": true|false}``: the learner's own mark; completion when the list is done."""
        user = permissions.require_learner(self, _("Sign in to keep track of your reading."))
        item = self.listed_item(data.get("item"))
        read = data.get("read", True) is not False
        was_complete = completion.is_complete(self.clean_items(), activity.read_ids(self, user.anonymous_id))
        activity.set_read(self, user, item["id"], read)
        state = self.learner_state(user)
        if state["complete"] and not was_complete:
            self.emit_completion(1.0)
            self_study.credit(self, user, _(self.display_name))
        return state

    @permissions.json_handler
    def bookmark(self, data, suffix=""):
        """``{"item", "on": true|false}``: keep an item on (or take it off) the learner's own list."""
        user = permissions.require_learner(self, _("Sign in to keep your own reading list."))
        item = self.listed_item(data.get("item"))
        activity.set_bookmark(self, user, item, on=data.get("on", True) is not False)
        return self.learner_state(user)

    @permissions.json_handler
    def my_bookmarks(self, data, suffix=""):
        """The learner's own list, from every course (newest first)."""
        user = permissions.require_learner(self, _("Sign in to keep your own reading list."))
        return {
            "bookmarks": [
                {
                    "title": mark.title,
                    "authors": list_items.authors(mark.creators.splitlines()),
                    "year": mark.year,
                    "url": safe_url(mark.url),
                    "course_key": mark.course_key,
                }
                for mark in activity.bookmarks(user)
            ]
        }
