from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from workbench.models import Language, Leaflet, Revision, Segment, UserPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only through the services; the admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SegmentInline(admin.TabularInline):
    model = Segment
    fields = ("position", "kind", "text", "key")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Leaflet)
class LeafletAdmin(ReadOnlyAdmin):
    list_display = ("title", "source_language", "current_revision", "created_by", "updated_at")
    search_fields = ("title", "topic")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("leaflet", "number", "created_by", "created_at", "is_conflict", "drafted_by_model")
    inlines = [SegmentInline]


@admin.register(Language)
class LanguageAdmin(GuardedModelAdmin):
    """Per-language reviewer rights are object permissions on these rows: the
    "Object permissions" button assigns them to groups (e.g. "Tamil clinicians")."""

    readonly_fields = ("code", "name")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
admin.site.register(UserPreference)
