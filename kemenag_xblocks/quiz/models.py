"""The quiz's rows in the plugin app: attempts, their scores, and per-block aggregates.

Attempts are keyed by anonymous id and usage key (never a user's name) and carry the block's
url_name and course, so a post-test finds its pre-test's rows with one query. An attempt row is
the learner's whole state (paper, answers, deadline, the quiz version it was started on, the
result), read and written with one query each. Scores are also stored per dimension and per
item so the staff report is SQL aggregates, not a Python loop.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F


class QuizAttempt(models.Model):
    course_key = models.CharField(max_length=255)
    usage_key = models.CharField(max_length=255)
    url_name = models.CharField(max_length=255)
    anonymous_id = models.CharField(max_length=64)
    # For course staff's export only (the platform's reports name learners by username too).
    username = models.CharField(max_length=150, blank=True, default="")
    number = models.PositiveIntegerField(help_text="1 for the first attempt")
    started = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    overall = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=100, blank=True, default="")
    # The learner's most recent submitted attempt: what reports and pre/post comparisons use.
    is_latest = models.BooleanField(default=False)
    # The quiz version (QuizDefinition.digest) the attempt is scored against, and the learner's
    # paper in display order: ``[[item_id, [option ids]], ...]``.
    definition = models.CharField(max_length=64, blank=True, default="")
    paper = models.JSONField(default=list)
    # Bumped by every write of the answers: a save or a submit that read an older row retries.
    revision = models.PositiveIntegerField(default=0)
    # ``{"indices": {dimension: index}, "bands": {dimension or "": band min}}`` once submitted:
    # the next attempt moves these out of the band counts without reading the score rows.
    result = models.JSONField(default=dict)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [
            models.UniqueConstraint(fields=("usage_key", "anonymous_id", "number"), name="kemenag_quiz_attempt_once")
        ]
        indexes = [
            models.Index(fields=("course_key", "url_name", "is_latest"), name="kemenag_quiz_by_url_name"),
            models.Index(fields=("usage_key", "is_latest"), name="kemenag_quiz_latest"),
        ]

    def __str__(self):
        return f"{self.usage_key} {self.anonymous_id} #{self.number}"


class QuizDefinition(models.Model):
    """A quiz version as attempts are scored: the validated definition and the settings that score.

    Content-addressed (the digest of its JSON), written once when the first attempt starts on it,
    so any process can score an attempt without reading (or re-validating) the block's fields, and
    an author's edit during an attempt does not change the paper under the learner."""

    digest = models.CharField(max_length=64, unique=True)
    definition = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return self.digest


class QuizDimensionScore(models.Model):
    # No index of its own: the unique (attempt, …) constraint below serves lookups by attempt, and
    # one index fewer is one b-tree fewer to write on every submission.
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="dimension_scores", db_index=False)
    dimension = models.CharField(max_length=100)
    index = models.FloatField()
    band_min = models.FloatField()
    item_sum = models.FloatField(help_text="sum of the item scores: the total Cronbach's alpha needs")
    item_count = models.PositiveIntegerField()

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("attempt", "dimension"), name="kemenag_quiz_dim_once")]

    def __str__(self):
        return f"{self.attempt_id} {self.dimension} {self.index}"


class QuizItemScore(models.Model):
    # No index of its own: the unique (attempt, …) constraint below serves lookups by attempt, and
    # one index fewer is one b-tree fewer to write on every submission.
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="item_scores", db_index=False)
    item_id = models.CharField(max_length=100)
    dimension = models.CharField(max_length=100)
    score = models.FloatField()
    rest = models.FloatField(help_text="sum of the other items of the dimension, for the item-rest correlation")

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("attempt", "item_id"), name="kemenag_quiz_item_once")]

    def __str__(self):
        return f"{self.attempt_id} {self.item_id} {self.score}"


class QuizBandCount(models.Model):
    """How many latest attempts of a block fall in each band ("" dimension = overall index).

    Updated with F() expressions inside the submitting transaction: many learners submit at
    once, and a read-modify-write would lose counts (as xblock-poll's tally can)."""

    usage_key = models.CharField(max_length=255)
    dimension = models.CharField(max_length=100, blank=True, default="")
    band_min = models.FloatField()
    count = models.IntegerField(default=0)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [
            models.UniqueConstraint(fields=("usage_key", "dimension", "band_min"), name="kemenag_quiz_band_once")
        ]

    def __str__(self):
        return f"{self.usage_key} {self.dimension or 'overall'} >= {self.band_min}: {self.count}"


class QuizCounter(models.Model):
    """Attempts started and submitted per block, updated atomically."""

    usage_key = models.CharField(max_length=255, unique=True)
    started = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.usage_key}: {self.submitted}/{self.started}"


def bump(model, delta_field, amount=1, **key):
    """``field += amount`` for the row ``key``, creating it if needed, without a lost update.

    Write first (an UPDATE, then an INSERT only if no row was there): a read before the write
    inside one transaction is what SQLite refuses at once ("database is locked") under load."""
    if model.objects.filter(**key).update(**{delta_field: F(delta_field) + amount}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **{delta_field: amount})
    except IntegrityError:  # someone created it in between: their row, our increment
        model.objects.filter(**key).update(**{delta_field: F(delta_field) + amount})
