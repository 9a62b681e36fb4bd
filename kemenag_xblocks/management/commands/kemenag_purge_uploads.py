"""Remove abandoned resumable uploads (``kemenag_xblocks.common.chunked``) and their stored chunks.

Run daily (cron, or a Celery beat task calling ``chunked.purge_abandoned``): a session with no new
chunk for ``--hours`` (default 48) is deleted with its chunks; finished files are never touched.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from kemenag_xblocks.common import chunked


class Command(BaseCommand):
    help = "Delete resumable uploads with no new chunk for --hours (default 48), with their chunks."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=chunked.ABANDONED_AFTER.total_seconds() / 3600)

    def handle(self, hours, **options):
        removed = chunked.purge_abandoned(older_than=timedelta(hours=hours))
        self.stdout.write(f"{removed} abandoned upload(s) removed.")
