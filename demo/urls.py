"""The workbench's URLs plus Django's language switch.

The workbench also serves ``MEDIA_ROOT`` at ``MEDIA_URL`` when ``DEBUG`` is on (its
``static(settings.MEDIA_URL, ...)`` pattern; ``/`` here): that is where learners' files and
unfinished upload chunks are stored, so it is left out. Files are only ever served through the
blocks' handlers and the plugin's signed download view (tests/security/test_every_url_is_covered.py).
"""

from django.conf import settings
from django.urls import include, path
from django.views.static import serve
from workbench import urls as workbench_urls

from demo import views


def serves_media(pattern):
    return getattr(pattern, "callback", None) is serve and pattern.default_args.get("document_root") == str(
        settings.MEDIA_ROOT
    )


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The plugin app's URLs, mounted where the LMS mounts them (``plugin_app`` url config).
    path("kemenag/", include("kemenag_xblocks.urls")),
    # Where the quiz's recommended-unit links lead in the LMS, resolved in the demo.
    path("courses/<str:course_key>/jump_to_id/<str:url_name>", views.jump_to_id, name="demo_jump_to_id"),
    path("favicon.ico", views.favicon, name="demo_favicon"),
    *[pattern for pattern in workbench_urls.urlpatterns if not serves_media(pattern)],
]
