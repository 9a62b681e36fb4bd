"""Rows of the Sumber Belajar block: OAI-PMH sources, their harvest runs and records, and what
learners did with reading-list items (opened, read) and their bookmarks.

Records live in the plugin app, not in block fields: one harvested catalogue serves every course,
and staff search 100,000 of them with the database's full-text index (``search.py``).
"""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


class ResourceSource(models.Model):
    """An OAI-PMH repository an operator registered (an OJS journal, a digital library)."""

    name = models.CharField(_("name"), max_length=200)
    base_url = models.URLField(_("OAI-PMH base URL"), max_length=500)
    set_spec = models.CharField(_("set"), max_length=200, blank=True, default="")
    metadata_prefix = models.CharField(_("metadata prefix"), max_length=50, default="oai_dc")
    enabled = models.BooleanField(_("harvest automatically"), default=True)
    timeout_seconds = models.FloatField(_("timeout per request (seconds)"), default=30)
    max_retries = models.PositiveSmallIntegerField(_("retries per request"), default=2)
    # The ``from`` of the next harvest: the newest datestamp stored by the last successful run,
    # kept as the repository wrote it (its granularity: a day or a second).
    harvested_until = models.CharField(max_length=32, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        verbose_name = _("learning resource source (OAI-PMH)")
        verbose_name_plural = _("learning resource sources (OAI-PMH)")

    def __str__(self):
        return self.name


class HarvestRun(models.Model):
    RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"
    STATUSES = [(RUNNING, _("running")), (SUCCEEDED, _("succeeded")), (FAILED, _("failed"))]

    source = models.ForeignKey(ResourceSource, related_name="runs", on_delete=models.CASCADE)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=RUNNING)
    harvest_from = models.CharField(max_length=32, blank=True, default="")
    pages = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="records without a title or identifier")
    error = models.TextField(blank=True, default="")

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-started", "-id")
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self):
        return f"{self.source_id} {self.started:%Y-%m-%d %H:%M} {self.status}"


class ResourceRecord(models.Model):
    """One harvested Dublin Core record, as plain text (``harvest.clean_text``): never markup."""

    source = models.ForeignKey(ResourceSource, related_name="records", on_delete=models.CASCADE)
    identifier = models.CharField(max_length=255, help_text="the OAI identifier")
    datestamp = models.CharField(max_length=32, blank=True, default="")
    deleted = models.BooleanField(default=False, help_text="withdrawn by the repository: never offered again")
    title = models.TextField(default="")
    creators = models.TextField(blank=True, default="", help_text="one per line")
    date = models.CharField(max_length=64, blank=True, default="")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True, default="")
    subjects = models.TextField(blank=True, default="", help_text="one per line")
    language = models.CharField(max_length=32, blank=True, default="")
    url = models.CharField(max_length=1000, blank=True, default="", help_text="http(s) only")
    pdf_url = models.CharField(max_length=1000, blank=True, default="", help_text="open-access PDF, http(s) only")
    rights = models.TextField(blank=True, default="")
    type = models.CharField(max_length=255, blank=True, default="")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [
            models.UniqueConstraint(fields=("source", "identifier"), name="kemenag_resource_once_per_source")
        ]

    def __str__(self):
        return self.title[:80]

    @property
    def creator_list(self):
        return [line for line in self.creators.splitlines() if line]


class ReadingActivity(models.Model):
    """What one learner did with one item of one reading list."""

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255)
    item_id = models.CharField(max_length=32)
    anonymous_id = models.CharField(max_length=64)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, default="")
    opened = models.PositiveIntegerField(default=0)
    first_opened = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [
            models.UniqueConstraint(
                fields=("usage_key", "anonymous_id", "item_id"), name="kemenag_reading_once_per_item"
            )
        ]
        indexes = [models.Index(fields=("usage_key", "item_id"), name="kemenag_reading_item")]

    def __str__(self):
        return f"{self.usage_key} {self.item_id} {self.anonymous_id}"


class Bookmark(models.Model):
    """An item a learner keeps on a personal list that follows them across courses."""

    owner = models.CharField(max_length=80, help_text="u:<user id>, else a:<anonymous id>")
    item_key = models.CharField(max_length=64, help_text="SHA-256 of the item's identifier or URL")
    title = models.TextField()
    creators = models.TextField(blank=True, default="")
    year = models.CharField(max_length=8, blank=True, default="")
    url = models.CharField(max_length=1000, blank=True, default="")
    course_key = models.CharField(max_length=255, blank=True, default="")
    usage_key = models.CharField(max_length=255, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-created", "-id")
        constraints = [models.UniqueConstraint(fields=("owner", "item_key"), name="kemenag_bookmark_once")]

    def __str__(self):
        return f"{self.owner} {self.title[:60]}"


class ResourceToken(models.Model):
    """The words of a record, one row each, for search on MariaDB/MySQL (``search.py``): InnoDB's
    FULLTEXT index reads every match of a common word before it can stop, B-tree ranges need not."""

    record = models.ForeignKey(ResourceRecord, related_name="+", on_delete=models.CASCADE, db_index=False)
    token = models.CharField(max_length=40)
    in_title = models.BooleanField(default=False)

    class Meta:
        app_label = "kemenag_xblocks"
        indexes = [
            # A word's records in the title, then in other fields, each newest first: a search walks
            # one range per token and field and stops at the page.
            models.Index(fields=("token", "in_title", "record"), name="kemenag_token_walk"),
            # Does this record hold this word (one B-tree dive), and a record's rows when re-indexed.
            models.Index(fields=("record", "token", "in_title"), name="kemenag_token_record"),
        ]

    def __str__(self):
        return self.token


class ResourceTerm(models.Model):
    """Every distinct word of the token table with how many records hold it (anywhere, and in the
    title): a search expands a prefix to its words here and walks the rarest word. Kept by
    ``search.index_records`` in the same transaction as the token rows (so every token row's word has
    a row here); the counts only guide the search, they never decide a result. The row with the empty
    word is the lock every writer of token rows takes first (``search.lock_index``)."""

    token = models.CharField(max_length=40, primary_key=True)
    records = models.IntegerField(default=0)
    titles = models.IntegerField(default=0)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return self.token


@receiver(post_save, sender=ResourceRecord, dispatch_uid="kemenag_resources_index")
def index_saved_record(sender, instance, raw=False, **kwargs):
    """Keep the token rows in step with every saved record (deletes cascade)."""
    if not raw:
        from kemenag_xblocks.resources import search

        search.index_records([instance])
