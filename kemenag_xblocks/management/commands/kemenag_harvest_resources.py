"""Harvest the registered OAI-PMH sources now (all enabled ones, or those given by id)."""

from django.core.management.base import BaseCommand

from kemenag_xblocks.resources import harvest
from kemenag_xblocks.resources.models import ResourceSource


class Command(BaseCommand):
    help = "Harvest OAI-PMH learning-resource sources (Sumber Belajar)."

    def add_arguments(self, parser):
        parser.add_argument("source_ids", nargs="*", type=int)

    def handle(self, *args, source_ids=(), **options):
        sources = (
            ResourceSource.objects.filter(pk__in=source_ids)
            if source_ids
            else ResourceSource.objects.filter(enabled=True)
        )
        for source in sources:
            run = harvest.harvest(source.pk)
            self.stdout.write(
                f"{source.name}: {run.status}, {run.pages} pages, +{run.added} ~{run.updated} -{run.deleted}"
                + (f" ({run.error})" if run.error else "")
            )
