"""The plugin app's URLs (``kemenag_xblocks:``), added to the LMS and Studio by ``plugin_app``."""

from django.urls import path

from kemenag_xblocks import views

app_name = "kemenag_xblocks"

urlpatterns = [
    path("download/<str:token>/", views.download, name="download"),
]
