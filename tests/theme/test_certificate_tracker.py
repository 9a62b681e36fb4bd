"""The certificate prints the JP and competency type the course's competency tracker recorded
(the values the learner's JP ledger credits), falling back to the course's overrides."""

from decimal import Decimal

import pytest
from django.test import override_settings

from kemenag_theme.certificate import tracker_values
from kemenag_xblocks.competency.models import CourseCompetency
from tests.theme.support import certificate_context, render

COURSE = "course-v1:Kemenag+MB101+2026"


@pytest.fixture
def tracked_course(db):
    return CourseCompetency.objects.create(course_key=COURSE, jp=Decimal("32.50"), competency_type="teknis")


def test_tracker_values_for_a_tracked_course(tracked_course):
    assert tracker_values(COURSE) == {"kemenag_jp": Decimal("32.50"), "kemenag_competency_type": "teknis"}


@pytest.mark.django_db
def test_no_tracker_row_means_no_values():
    assert tracker_values(COURSE) == {}
    assert tracker_values("") == {}


def test_certificate_uses_the_tracker_over_the_course_overrides(tracked_course):
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        html = render("certificates/valid.html", language="id", **certificate_context(course_id=COURSE))
    assert '<dd data-field="jp">32,5 JP</dd>' in html
    assert '<dd data-field="competency-type">Teknis</dd>' in html


@pytest.mark.django_db
def test_certificate_of_an_untracked_course_uses_the_overrides():
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        context = certificate_context(course_id="course-v1:Kemenag+Other+2026")
        html = render("certificates/valid.html", language="id", **context)
    assert '<dd data-field="jp">54 JP</dd>' in html
    assert '<dd data-field="competency-type">Sosial kultural</dd>' in html
