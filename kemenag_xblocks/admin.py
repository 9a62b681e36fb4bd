"""Read-only admin views for operators."""

from django.contrib import admin

from kemenag_xblocks.common.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created", "course_key", "action", "subject", "actor_id")
    list_filter = ("action",)
    search_fields = ("course_key", "usage_key", "subject")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# HR/JP: what operators assign and correct by hand (docs/competency.md).
from django import forms  # noqa: E402

from kemenag_xblocks.competency.models import HrOfficer, LearnerProfile, TrainingKind, WorkUnit  # noqa: E402
from kemenag_xblocks.resources import admin as resources_admin  # noqa: E402, F401  (sources, runs, records)


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    readonly_fields = ("path",)
    raw_id_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from kemenag_xblocks.competency import people

        people.rebuild_paths()  # a new or moved unit: every subtree stays one index range


@admin.register(HrOfficer)
class HrOfficerAdmin(admin.ModelAdmin):
    list_display = ("user", "work_unit", "assigned")
    search_fields = ("user__username", "work_unit__code", "work_unit__name")
    raw_id_fields = ("user", "work_unit")


class LearnerProfileForm(forms.ModelForm):
    """The same validation as the CSV import and the sign-in claims (``people.clean_identity``)."""

    class Meta:
        model = LearnerProfile
        fields = ("user", "employee_type", "nip", "pns_orang_id")

    def clean(self):
        from kemenag_xblocks.competency import people

        data = super().clean()
        try:
            data["employee_type"], data["nip"], data["pns_orang_id"] = people.clean_identity(
                data.get("employee_type"), data.get("nip") or "", data.get("pns_orang_id") or ""
            )
        except people.InvalidIdentity as invalid:
            raise forms.ValidationError(str(invalid)) from None
        return data


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    form = LearnerProfileForm
    list_display = ("user", "employee_type", "nip", "pns_orang_id", "source", "modified")
    list_filter = ("employee_type", "source")
    search_fields = ("user__username", "nip", "pns_orang_id")
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        obj.source = LearnerProfile.Source.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(TrainingKind)
class TrainingKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "siasn_jenis_diklat_id", "siasn_jenis_kursus")
    search_fields = ("code", "name")
