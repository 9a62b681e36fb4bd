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


from kemenag_xblocks.resources import admin as resources_admin  # noqa: E402, F401  (sources, runs, records)
