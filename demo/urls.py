"""The workbench's URLs plus Django's language switch."""

from django.urls import include, path

from demo import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The plugin app's URLs, mounted where the LMS mounts them (``plugin_app`` url config).
    path("kemenag/", include("kemenag_xblocks.urls")),
    # Where the quiz's recommended-unit links lead in the LMS, resolved in the demo.
    path("courses/<str:course_key>/jump_to_id/<str:url_name>", views.jump_to_id, name="demo_jump_to_id"),
    path("favicon.ico", views.favicon, name="demo_favicon"),
    path("", include("workbench.urls")),
]
