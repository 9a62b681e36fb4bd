"""Test helper: a learner in a work unit whose HR officer is another user."""

from datetime import date

from django.contrib.auth import get_user_model

from kemenag_xblocks.competency.models import HrOfficer, WorkUnit, WorkUnitMembership


def make_officer(officer_username, learner_username, code="KK-TEST"):
    users = get_user_model().objects
    officer, _ = users.get_or_create(username=officer_username)
    learner, _ = users.get_or_create(username=learner_username)
    unit, _ = WorkUnit.objects.get_or_create(code=code, defaults={"name": f"Unit {code}"})
    unit.path = f"/{unit.pk}/"
    unit.save(update_fields=["path"])
    WorkUnitMembership.objects.get_or_create(user=learner, work_unit=unit, start=date(2000, 1, 1))
    HrOfficer.objects.get_or_create(user=officer, work_unit=unit)
    return unit
