"""The plugin app's URLs (``kemenag_xblocks:``), added to the LMS and Studio by ``plugin_app``."""

from django.urls import path

from kemenag_xblocks import views
from kemenag_xblocks.common import report_views
from kemenag_xblocks.competency import officer_views, verify_views

app_name = "kemenag_xblocks"

urlpatterns = [
    path("download/<str:token>/", views.download, name="download"),
    path("reports/platform/<str:kind>/", report_views.start_platform_report, name="start_platform_report"),
    path("reports/<str:token>/", report_views.report_status, name="report_status"),
    path("reports/<str:token>/file/", report_views.report_file, name="report_file"),
    # Public verification of transcripts and e-certificates (no sign-in, rate-limited).
    path("verify/", verify_views.verify, name="verify_form"),
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    # The HR officers' page.
    path("officer/", officer_views.home, name="officer_home"),
    path("officer/unit/<int:pk>/", officer_views.unit_view, name="officer_unit"),
    path("officer/unit/<int:pk>/people/", officer_views.people_view, name="officer_people"),
    path("officer/unit/<int:pk>/export/", officer_views.export_start, name="officer_export_start"),
    path("officer/queue/", officer_views.queue_view, name="officer_queue"),
    path("officer/queue/<int:entry>/decide/", officer_views.decide, name="officer_decide"),
    path("officer/evidence/<int:entry>/", officer_views.evidence, name="officer_evidence"),
    path("officer/exports/<uuid:export_id>/", officer_views.export_status, name="officer_export"),
    path("officer/exports/<uuid:export_id>/download/", officer_views.export_download, name="officer_export_download"),
]
