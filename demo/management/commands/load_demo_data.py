"""Demo users with Indonesian names, so the demo's learner and staff views look real.

Idempotent: running it again changes nothing. Blocks that need demo records (ledger
entries, submissions) add a loader to ``LOADERS``.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.competency_data import load_competency

DEMO_USERS = [
    # (student id in ?student=, first name, last name)
    ("student_1", "Siti", "Aminah"),
    ("student_2", "Made", "Wirawan"),
    ("student_3", "Yohanes", "Tanaem"),
    ("staff", "Ahmad", "Fauzi"),
    ("fasilitator", "Ratna", "Dewi"),
]


def load_users():
    User = get_user_model()
    for username, first, last in DEMO_USERS:
        User.objects.update_or_create(username=username, defaults={"first_name": first, "last_name": last})
    return len(DEMO_USERS)


LOADERS = [("users", load_users), ("competency ledger", load_competency)]


class Command(BaseCommand):
    help = "Load the demo's users and records (idempotent)."

    def handle(self, *args, **options):
        for name, loader in LOADERS:
            self.stdout.write(f"demo data: {name}: {loader()}")
