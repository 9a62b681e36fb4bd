"""Recount every learner's yearly JP totals from the ledger (``competency/totals.py``).

The totals are kept on every ledger write; this is for rows written around the model (a raw SQL
import) and for checking: ``--check`` only compares, and exits non-zero when a total differs.
"""

from django.core.management.base import BaseCommand, CommandError

from kemenag_xblocks.competency import totals


class Command(BaseCommand):
    help = "Recount the per-learner yearly JP totals from the ledger (--check: compare only)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a recount, change nothing")

    def handle(self, check=False, **options):
        if check:
            wrong = totals.differences()
            if wrong:
                raise CommandError(f"{len(wrong)} (learner, year) totals differ from the ledger, e.g. {wrong[:5]}")
            self.stdout.write("JP totals match the ledger")
            return
        self.stdout.write(f"{totals.rebuild()} (learner, year) totals written")
