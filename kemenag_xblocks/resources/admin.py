"""Operators register OAI-PMH sources and watch their harvests (Django admin)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kemenag_xblocks.resources import tasks
from kemenag_xblocks.resources.models import HarvestRun, ResourceRecord, ResourceSource


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("started", "finished", "status", "harvest_from", "pages", "added", "updated", "deleted", "error")
    readonly_fields = fields
    ordering = ("-started",)


@admin.register(ResourceSource)
class ResourceSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "base_url", "set_spec", "metadata_prefix", "enabled", "harvested_until")
    list_filter = ("enabled",)
    search_fields = ("name", "base_url")
    readonly_fields = ("harvested_until", "created")
    inlines = [HarvestRunInline]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest now (in the background)"))
    def harvest_now(self, request, queryset):
        for source in queryset:
            tasks.queue(tasks.harvest_source, source.pk)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("Harvest of %(count)d source queued.", "Harvest of %(count)d sources queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ("source", "started", "status", "pages", "added", "updated", "deleted", "skipped")
    list_filter = ("status", "source")
    readonly_fields = [f.name for f in HarvestRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ResourceRecord)
class ResourceRecordAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "source", "deleted")
    list_filter = ("deleted", "source")
    search_fields = ("identifier", "title")
    readonly_fields = [f.name for f in ResourceRecord._meta.fields]

    def has_add_permission(self, request):
        return False
