"""Course staff's handlers: the report (JSON and the HTML the block shows) and the CSV export.

Every handler starts with ``require_staff``; refusals answer ``{"error", "code"}``.
"""

from webob import Response
from xblock.core import XBlockMixin

from kemenag_xblocks.common import permissions
from kemenag_xblocks.common.downloads import attachment_response
from kemenag_xblocks.common.rendering import render_template
from kemenag_xblocks.common.report_views import not_ready, status_url
from kemenag_xblocks.common.uploads import open_storage
from kemenag_xblocks.quiz import analysis, tasks


class StaffHandlersMixin(XBlockMixin):
    def report(self):
        return analysis.staff_report(self.course_key, self.usage_key, self.version, self.pretest)

    @permissions.json_handler
    def staff_report(self, data, suffix=""):
        permissions.require_staff(self)
        return self.report()

    @permissions.handler
    def staff_report_html(self, request, suffix=""):
        """The staff report as an HTML fragment, loaded when staff open it."""
        permissions.require_staff(self)
        spec = self.version.data
        report = analysis.staff_report(self.course_key, self.usage_key, spec, self.pretest)
        html = render_template(self, "quiz/templates/staff_report.html", {"report": report, "spec": spec})
        return Response(body=html.encode("utf-8"), content_type="text/html", charset="utf-8")

    @permissions.json_handler
    def export_attempts(self, data, suffix=""):
        """Start the CSV export; the link serves it once written (at once when Celery is eager)."""
        permissions.require_staff(self)
        dimension_ids = [d["id"] for d in self.version["dimensions"]]
        name, ready = tasks.start_export(self.usage_key, dimension_ids, self.user.user_id)
        url = self.runtime.handler_url(self, "download_export", name)
        token = name.removeprefix("attempts-").removesuffix(".csv")
        return {
            "status": "ready" if ready else "started",
            "url": url,
            "status_url": status_url(self, "export_attempts", token),
        }

    @permissions.handler
    def download_export(self, request, suffix=""):
        """Serve one of this block's exports to staff, as an attachment."""
        permissions.require_staff(self)
        if not tasks.EXPORT_NAME.fullmatch(suffix or ""):
            raise permissions.not_found()
        path = tasks.export_path(self.usage_key, suffix)
        if not open_storage().exists(path):
            return not_ready(path)  # 404 while it is written, 500 with the reason once it failed
        return attachment_response(path, suffix, "text/csv")
