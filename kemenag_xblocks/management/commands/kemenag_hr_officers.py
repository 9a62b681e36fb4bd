"""Assign, remove and list unit HR officers (operators only; also in the Django admin).

An HR officer of a unit verifies the external trainings of the people of that unit and every unit
under it, and sees their compliance reports on the officers' page (/kemenag/officer/).

    kemenag_hr_officers add <username> <unit code>
    kemenag_hr_officers remove <username> <unit code>
    kemenag_hr_officers list
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kemenag_xblocks.competency.models import HrOfficer, WorkUnit


class Command(BaseCommand):
    help = "Assign (add), remove or list unit HR officers."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("add", "remove", "list"))
        parser.add_argument("username", nargs="?")
        parser.add_argument("unit_code", nargs="?")

    def handle(self, action, username=None, unit_code=None, **options):
        if action == "list":
            for officer in HrOfficer.objects.select_related("user", "work_unit").order_by("work_unit__code"):
                self.stdout.write(f"{officer.work_unit.code}\t{officer.user.username}")
            return
        if not username or not unit_code:
            raise CommandError("give a username and a unit code")
        user = get_user_model().objects.filter(username=username).first()
        unit = WorkUnit.objects.filter(code=unit_code).first()
        if user is None or unit is None:
            raise CommandError(f"unknown {'user ' + username if user is None else 'unit ' + unit_code}")
        if action == "add":
            _officer, created = HrOfficer.objects.get_or_create(user=user, work_unit=unit)
            self.stdout.write(f"{username} is {'now' if created else 'already'} an HR officer of {unit_code}.")
        else:
            removed, _ = HrOfficer.objects.filter(user=user, work_unit=unit).delete()
            self.stdout.write(f"{username} {'is no longer' if removed else 'was not'} an HR officer of {unit_code}.")
