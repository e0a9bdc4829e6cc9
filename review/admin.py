from django.contrib import admin

from review.models import Approval, AuditEvent, Comment, FindingOverride, Publication, PublicationText
from workbench.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "actor_name", "verb", "leaflet", "object_type", "object_id")
    list_filter = ("verb",)
    search_fields = ("actor_name", "verb", "object_id", "leaflet__title")
    list_select_related = ("leaflet",)


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("text_version", "stage", "reviewer", "decision", "content_hash", "created_at")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("leaflet", "revision", "state", "published_by", "published_at", "withdrawn_at")


admin.site.register(PublicationText, ReadOnlyAdmin)
admin.site.register(Comment, ReadOnlyAdmin)
admin.site.register(FindingOverride, ReadOnlyAdmin)
