from django.contrib import admin

from translations.models import Finding, GlossaryTerm, Job, JobBatch, MemoryEntry, Provider, Route, TextVersion
from workbench.admin import ReadOnlyAdmin


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "base_url", "model", "phi_policy", "on_premises", "max_concurrency", "enabled")
    inlines = [RouteInline]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("source_term", "target_term", "target_language", "approved")
    list_filter = ("target_language", "approved")
    search_fields = ("source_term", "target_term")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "state", "leaflet", "language", "reported_model", "tokens_in", "tokens_out", "cost",
                    "created_at")
    list_filter = ("kind", "state", "language")


admin.site.register(JobBatch, ReadOnlyAdmin)
admin.site.register(TextVersion, ReadOnlyAdmin)
admin.site.register(MemoryEntry, ReadOnlyAdmin)
admin.site.register(Finding, ReadOnlyAdmin)
