"""The Sumber Belajar block (``kemenag_resources``): a reading list for a unit.

A thin XBlock. Rules live beside it: ``items`` (what a list may hold, pure), ``completion`` (when it
is done, pure), ``text`` (hostile harvested text, pure), ``search`` and ``query`` (the catalogue),
``activity`` (learners' rows), ``olx``, ``native``; handlers are in ``learner_handlers`` and
``staff_handlers``; harvesting in ``harvest`` and ``tasks`` (never on a request).
"""

import importlib.resources

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from xblock.completable import CompletableXBlockMixin, XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import List, Scope, String

from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.common.olx import OLXBlockMixin
from kemenag_xblocks.common.permissions import require_learner
from kemenag_xblocks.common.rendering import block_fragment, dom_id
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.resources import activity, completion, native, olx
from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.learner_handlers import LearnerHandlersMixin
from kemenag_xblocks.resources.messages import js_strings, studio_strings
from kemenag_xblocks.resources.staff_handlers import StaffHandlersMixin
from kemenag_xblocks.resources.text import clean_text

LEARNER_HANDLERS = ("mark_read", "bookmark", "my_bookmarks")
STAFF_HANDLERS = ("reading_report", "export_reading")


class ResourcesBlock(
    OLXBlockMixin, LearnerHandlersMixin, StaffHandlersMixin, CompletableXBlockMixin, KemenagBlockMixin, XBlock
):
    """A reading list of harvested journal articles and library items, and plain links."""

    completion_mode = XBlockCompletionMode.COMPLETABLE
    has_custom_completion = True

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Learning resources"),
    )
    intro = String(
        display_name=gettext_noop("Introduction"),
        help=gettext_noop("Plain text shown above the list."),
        scope=Scope.content,
        default="",
    )
    items = List(
        display_name=gettext_noop("Items"),
        scope=Scope.content,
        default=[],
    )
    icon_class = "other"

    # ---- authoring: OLX (common/olx.py: pointers, platform attributes, invalid OLX kept) -------

    olx_attributes = ("display_name",)

    @classmethod
    def read_definition(cls, node):
        intro, items = olx.parse(node)
        values = {"intro": intro, "items": items}
        if node.get("display_name") is not None:
            values["display_name"] = node.get("display_name")
        return values

    def write_definition(self, node):
        if self.fields["display_name"].is_set_on(self):
            node.set("display_name", self.display_name)
        olx.write(node, self.intro, self.clean_items())

    def clean_items(self):
        """The stored list, re-cleaned (a field written by an old version or by hand is not trusted)."""
        try:
            return list_items.normalise_list(self.items or [])
        except list_items.ItemError:
            cleaned = []
            for raw in self.items or []:
                try:
                    cleaned.append(list_items.normalise_item(raw))
                except list_items.ItemError:
                    continue
            return cleaned

    def url(self, handler, query=""):
        url = self.runtime.handler_url(self, handler)
        return url + ("&" if "?" in url else "?") + query if query else url

    def learner_state(self, user):
        read = activity.read_ids(self, user.anonymous_id)
        return native.user_state(self, user, read, activity.bookmarked_keys(user))

    # ---- views -------------------------------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.invalid_olx:
            return self.unavailable_fragment()
        user = self.user
        items = self.clean_items()
        read = activity.read_ids(self, user.anonymous_id)
        marks = activity.bookmarked_keys(user) if user.anonymous_id else set()
        done, total = completion.progress(items, read)
        rows = [
            {
                **item,
                "authors": list_items.authors(item["creators"]),
                "open_url": self.url("open", f"item={item['id']}"),
                "pdf_open_url": self.url("open", f"item={item['id']}&pdf=1") if item["pdf_url"] else "",
                "is_read": item["id"] in read,
                "is_bookmarked": list_items.bookmark_key(item) in marks,
            }
            for item in items
        ]
        handlers = LEARNER_HANDLERS + (STAFF_HANDLERS if user.is_staff else ())
        return block_fragment(
            self,
            "resources/templates/student_view.html",
            {
                "title": _(self.display_name),
                "intro": clean_text(self.intro, 2000),
                "items": rows,
                "signed_in": bool(user.anonymous_id),
                "is_staff": user.is_staff,
                "done": done,
                "total": total,
                "complete": completion.is_complete(items, read),
                "export_url": self.url("export_reading") if user.is_staff else "",
            },
            css=["resources.css"],
            js=["common/kemenag.js", "resources.js"],
            init_fn="KemenagResources",
            init_args={"urls": {name: self.url(name) for name in handlers}, "strings": js_strings()},
        )

    def studio_view(self, context=None):
        """The list builder: search the catalogue, add, order, annotate, mark required, add links."""
        return block_fragment(
            self,
            "resources/templates/studio_view.html",
            # The items go in a json_script element (escaped), not in the init args: the runtime writes
            # those into a <script> with plain json.dumps, where a harvested "</script>" would end it.
            {
                "title": _(self.display_name),
                "display_name": self.display_name,
                "intro": self.intro,
                "items": self.clean_items(),
                "items_id": f"{dom_id(self)}-items",
            },
            css=["resources.css"],
            js=["common/kemenag.js", "resources_studio.js"],
            init_fn="KemenagResourcesStudio",
            init_args={
                "urls": {name: self.url(name) for name in ("search_catalogue", "save_list")},
                "strings": studio_strings(),
            },
        )

    def student_view_data(self, context=None):
        """For the mobile apps (docs/native-api.md): the author's list, nobody's reading."""
        return native.student_view_data(self)

    @user_state_handler
    def student_view_user_state(self):
        """What the learner read and kept, for the mobile apps (GET)."""
        return self.learner_state(require_learner(self))

    # The shared toolkit, served under this block's resource URL (a fixed allowlist: one file).
    SHARED_ASSETS = {"public/common/kemenag.js": "kemenag.js"}

    @classmethod
    def _open_resource(cls, uri):
        if uri in cls.SHARED_ASSETS:
            shared = importlib.resources.files("kemenag_xblocks.common").joinpath("public")
            return shared.joinpath(cls.SHARED_ASSETS[uri]).open("rb")
        return super()._open_resource(uri)

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_resources")
