"""The JP ledger: one row per learning achievement of one learner, across every course.

A row is either a course (recorded by the platform's events, keyed by the course key) or an
external training the learner reported (keyed by a generated id, waiting for staff to verify
it). Only ``recorded`` and ``verified`` rows count towards a learner's JP.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_noop as _

from kemenag_xblocks.competency.employees import EmployeeType

EMPLOYEE_TYPES = EmployeeType.choices


class CompetencyType(models.TextChoices):
    TEKNIS = "teknis", _("Technical")
    MANAJERIAL = "manajerial", _("Managerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Socio-cultural")


# The columns whose change changes what a learner's JP totals hold (``competency/totals.py``).
COUNTING_FIELDS = frozenset({"user", "user_id", "status", "jp", "completed_on"})


def _counting(fields):
    return fields is None or bool(COUNTING_FIELDS & {str(name) for name in fields})


class LedgerQuerySet(models.QuerySet):
    """Every bulk write of the ledger keeps the yearly totals in the same transaction.

    ``update``, ``delete``, ``bulk_create`` and ``bulk_update`` lock the rows they change, write,
    then recompute the (learner, year) totals those rows counted in before or count in after
    (``totals.refresh``). Writes that touch no counting column pass straight through.
    """

    def update(self, **kwargs):
        if not _counting(kwargs):
            return super().update(**kwargs)
        from kemenag_xblocks.competency import totals

        with transaction.atomic(using=self.db, savepoint=False):
            before = totals.lock_rows(self)
            if not before:
                return 0
            changed = models.QuerySet.update(self.filter(pk__in=list(before)), **kwargs)
            totals.refresh_changed(before, self.model._base_manager.using(self.db))
            return changed

    update.alters_data = True

    def delete(self):
        from kemenag_xblocks.competency import totals

        with transaction.atomic(using=self.db, savepoint=False):
            before = totals.lock_rows(self)
            if not before:
                return 0, {}
            deleted = models.QuerySet.delete(self.model._default_manager.using(self.db).filter(pk__in=list(before)))
            totals.refresh_changed(before, None)
            return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        from kemenag_xblocks.competency import totals

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            totals.refresh_keys(totals.keys_of((o.user_id, o.completed_on, o.status) for o in objs))
            return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        if not _counting(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        from kemenag_xblocks.competency import totals

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = totals.lock_rows(self.model._base_manager.using(self.db).filter(pk__in=[o.pk for o in objs]))
            changed = super().bulk_update(objs, fields, *args, **kwargs)
            totals.refresh_changed(before, self.model._base_manager.using(self.db))
            return changed

    bulk_update.alters_data = True


class LedgerEntry(models.Model):
    class Source(models.TextChoices):
        COURSE = "course", _("Course on this platform")
        EXTERNAL = "external", _("External training")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    COUNTED = (Status.RECORDED, Status.VERIFIED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kemenag_ledger")
    source = models.CharField(max_length=16, choices=Source.choices)
    source_key = models.CharField(max_length=255, help_text="course key, or a generated id for external training")
    title = models.CharField(max_length=255)
    organizer = models.CharField(max_length=255, blank=True, default="")
    jp = models.DecimalField(max_digits=6, decimal_places=2)
    competency_type = models.CharField(max_length=16, choices=CompetencyType.choices)
    completed_on = models.DateField()
    evidence_path = models.CharField(max_length=500, blank=True, default="")
    evidence_sha256 = models.CharField(max_length=64, blank=True, default="")
    evidence_name = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECORDED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True, default="")
    reported_in = models.CharField(max_length=255, blank=True, default="", help_text="course key of the tracker used")
    # SIASN's course record: the certificate's number (the platform certificate's for courses, the
    # learner's for external trainings), the first day, and the kind of training (jenisDiklatId).
    certificate_number = models.CharField(max_length=100, blank=True, default="", db_default="")
    started_on = models.DateField(null=True, blank=True)
    training_kind = models.ForeignKey(
        "kemenag_xblocks.TrainingKind", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-completed_on", "-id")
        constraints = [
            # A course counts once per learner, however many events announce it.
            models.UniqueConstraint(fields=("user", "source", "source_key"), name="kemenag_ledger_once_per_source"),
        ]
        indexes = [
            # One learner's summary: an index range, never a scan. Covers the summary's columns.
            models.Index(
                fields=("user", "completed_on", "status", "jp", "competency_type"), name="kemenag_ledger_user_date"
            ),
            # Staff queue of external trainings to verify.
            models.Index(fields=("status", "reported_in", "created"), name="kemenag_ledger_status_queue"),
            # Everyone credited for one course (cohort reports).
            models.Index(fields=("source_key", "status"), name="kemenag_ledger_source"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.title} {self.jp} JP {self.status}"

    def save(self, *args, **kwargs):
        """Save, and recompute the learner's yearly totals the row counted in before and after,
        in the same transaction (``totals.refresh``)."""
        if not _counting(kwargs.get("update_fields")):
            return super().save(*args, **kwargs)
        from kemenag_xblocks.competency import totals

        using = kwargs.get("using") or transaction.DEFAULT_DB_ALIAS
        with transaction.atomic(using=using, savepoint=False):
            before = {}
            if self.pk is not None and not self._state.adding:
                before = totals.lock_rows(type(self)._base_manager.using(using).filter(pk=self.pk))
            super().save(*args, **kwargs)
            after = (self.user_id, self._meta.get_field("completed_on").to_python(self.completed_on), self.status)
            totals.refresh_keys(totals.keys_of([*before.values(), after]))

    save.alters_data = True

    def delete(self, *args, **kwargs):
        from kemenag_xblocks.competency import totals

        using = kwargs.get("using") or transaction.DEFAULT_DB_ALIAS
        with transaction.atomic(using=using, savepoint=False):
            before = totals.lock_rows(type(self)._base_manager.using(using).filter(pk=self.pk))
            deleted = super().delete(*args, **kwargs)
            totals.refresh_changed(before, None)
            return deleted

    delete.alters_data = True

    @staticmethod
    def new_external_key():
        return f"ext-{uuid.uuid4().hex}"


class JpYearTotal(models.Model):
    """One learner's counted JP for one calendar year, with the two years before it carried on the
    same row; kept by ``competency/totals.py`` in the same transaction as every ledger write
    (never written anywhere else).

    Why the carried years: a report for a day of year Y needs this year's JP and whether there was
    a counted training in the 24 months before that day, which always start inside year Y-2. With
    Y-1 and Y-2 on the row for Y, one primary-key lookup per learner answers it exactly:
    Y-1 lies wholly inside the window, and Y-2's first and latest counted days tell whether its
    trainings are all inside, all outside, or straddle the window's first day (only then, for the
    24-month sum, are that year's ledger rows read: an index range). Trainings dated after the
    report's day (``last_on`` > as_of) are read from the ledger the same way. A row exists for
    year Y while any of Y-2, Y-1, Y has a counted entry; a learner without one has no JP in the
    window.
    """

    pk = models.CompositePrimaryKey("user", "year")
    # No index of its own: the primary key starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kemenag_jp_years", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    jp = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    entries = models.PositiveIntegerField(default=0)
    first_on = models.DateField(null=True)
    last_on = models.DateField(null=True)
    prev_jp = models.DecimalField(max_digits=9, decimal_places=2, default=0, help_text="year - 1")
    prev_last_on = models.DateField(null=True, help_text="year - 1")
    prev2_jp = models.DecimalField(max_digits=9, decimal_places=2, default=0, help_text="year - 2")
    prev2_first_on = models.DateField(null=True, help_text="year - 2")
    prev2_last_on = models.DateField(null=True, help_text="year - 2")

    class Meta:
        app_label = "kemenag_xblocks"
        # On SQLite the migration adds a covering index of every column (``kemenag_jp_year_cover``):
        # its primary key is an index beside the rowid, so a lookup would read two B-trees. InnoDB
        # stores the row in its primary key, so MariaDB and MySQL need no second copy.

    def __str__(self):
        return f"{self.user_id} {self.year}: {self.jp} JP"


class TrainingKind(models.Model):
    """A kind of training (seminar, workshop, e-learning, ...) and SIASN's ``jenisDiklatId`` for it.

    Operator data: SIASN's reference list is imported (``kemenag_import_training_kinds``), never
    invented by the plugin.
    """

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    siasn_jenis_diklat_id = models.CharField(max_length=64)
    siasn_jenis_kursus = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("name",)

    def __str__(self):
        return f"{self.name} ({self.siasn_jenis_diklat_id})"


class CourseCompetency(models.Model):
    """A course's JP value and competency type, as its author set them on the tracker block."""

    course_key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=255, blank=True, default="")
    jp = models.DecimalField(max_digits=6, decimal_places=2)
    competency_type = models.CharField(max_length=16, choices=CompetencyType.choices)
    training_kind = models.ForeignKey(TrainingKind, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.course_key}: {self.jp} JP {self.competency_type}"


class CohortMember(models.Model):
    """A learner who opened the tracker in a course: the cohort staff see in that course."""

    course_key = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("course_key", "user"), name="kemenag_cohort_once")]

    def __str__(self):
        return f"{self.course_key}: {self.user_id}"


class WorkUnit(models.Model):
    """A ministry work unit (satuan kerja) in its hierarchy: central units, provincial offices
    (Kanwil), district and city offices (Kankemenag), and the units under them (madrasah, KUA...).

    ``path`` is the ids from the root, ``/1/7/42/``: a unit's subtree is one index range.
    """

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central unit")
        KANWIL = "kanwil", _("Provincial office (Kanwil)")
        KANKEMENAG = "kankemenag", _("District or city office (Kankemenag)")
        SUB_UNIT = "sub_unit", _("Unit (madrasah, KUA, ...)")

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.SUB_UNIT, db_default=Level.SUB_UNIT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, blank=True, default="", db_default="", db_index=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("code",)

    def __str__(self):
        return f"{self.code} {self.name}"


class WorkUnitMembership(models.Model):
    """Where a learner works from ``start`` until the day before ``end`` (open: still there).

    Dated, so a transfer in June moves the JP earned from June on, never the months before.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kemenag_memberships")
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="memberships")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("user", "start"), name="kemenag_membership_start_once")]
        indexes = [
            # A unit's members on a day, with their user id (covering: no row read per member).
            models.Index(fields=("work_unit", "start", "end", "user"), name="kemenag_membership_unit"),
            # Every member on a day in learner order (the national roll-up reads them in pages of
            # learner ids, so its lookups of each learner's rows walk the tables in order).
            models.Index(fields=("user", "start", "end", "work_unit"), name="kemenag_membership_user"),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.work_unit_id} from {self.start}"


class LearnerProfile(models.Model):
    """Who a learner is for the JP rules and for SIASN, from the operator's identity source."""

    class Source(models.TextChoices):
        CSV = "csv", _("Operator CSV import")
        SSO = "sso", _("Sign-in claims")
        ADMIN = "admin", _("Edited by an operator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="kemenag_profile"
    )
    employee_type = models.CharField(max_length=16, choices=EMPLOYEE_TYPES)
    nip = models.CharField(max_length=18, null=True, blank=True, unique=True, help_text="PNS NIP or PPPK number")
    pns_orang_id = models.CharField(max_length=64, blank=True, default="", help_text="BKN's id of the person (SIASN)")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ADMIN)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.user_id} {self.employee_type}"


class HrOfficer(models.Model):
    """A unit HR officer: verifies the external trainings of, and reports on, a unit's subtree.

    Assigned by the operator (Django admin, or ``kemenag_hr_officers``), never by course staff.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kemenag_officer_of")
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="officers")
    assigned = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("user", "work_unit"), name="kemenag_officer_once")]

    def __str__(self):
        return f"{self.user_id} officer of {self.work_unit_id}"


def new_verification_code():
    # 10 characters from an alphabet without look-alikes (0/O, 1/I), easy to read out or type.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Transcript(models.Model):
    """One issued JP transcript: what it said, so staff can check a printed copy by its code."""

    code = models.CharField(max_length=16, unique=True, default=new_verification_code)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(help_text="the figures and trainings printed on the transcript")

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.code} for {self.user_id}"


class OfficerExport(models.Model):
    """An export an HR officer started (a Celery task): its progress, and the file when done."""

    class Kind(models.TextChoices):
        SIASN = "siasn", _("SIASN course records")
        COMPLIANCE = "compliance", _("Compliance per learner")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=500, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-created",)

    def __str__(self):
        return f"{self.kind} for {self.work_unit_id}: {self.state}"

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return int(self.done_rows * 100 / self.total_rows) if self.total_rows else 0
