"""The plugin app's URLs (``kemenag_xblocks:``), added to the LMS and Studio by ``plugin_app``."""

from django.urls import path

from kemenag_xblocks import views
from kemenag_xblocks.common import report_views

app_name = "kemenag_xblocks"

urlpatterns = [
    path("download/<str:token>/", views.download, name="download"),
    path("reports/platform/<str:kind>/", report_views.start_platform_report, name="start_platform_report"),
    path("reports/<str:token>/", report_views.report_status, name="report_status"),
    path("reports/<str:token>/file/", report_views.report_file, name="report_file"),
]
