"""The courses the replay runs over (see courses.py), one test per course."""

import pytest
from django.utils import translation

from tests.platform_olx import courses

VARIANTS = ("ours", "ours-pointers", "demo-shaped", "openedx-demo")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(params=VARIANTS)
def course_dir(request, tmp_path):
    if request.param == "ours":
        return courses.OUR_COURSE
    if request.param == "ours-pointers":
        return courses.as_pointers(courses.OUR_COURSE, tmp_path / "ours-pointers")
    if request.param == "demo-shaped":
        return courses.DEMO_SHAPED
    course = courses.demo_snapshot(tmp_path)
    if course is None:
        pytest.skip("no snapshot of openedx/openedx-demo-course on this machine")
    return course
