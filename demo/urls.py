"""The workbench's URLs plus Django's language switch."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The plugin app's URLs, mounted where the LMS mounts them (``plugin_app`` url config).
    path("kemenag/", include("kemenag_xblocks.urls")),
    path("", include("workbench.urls")),
]
