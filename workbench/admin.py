from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from guardian.admin import GuardedModelAdmin
from guardian.shortcuts import get_groups_with_perms, get_users_with_perms

from review import permissions
from review.role_services import language_permission_grant, language_permission_revoke
from review.roles import LANGUAGE_PERMISSION
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


def _stage_choices_only(form_class, actor):
    """A guardian object-permission form that offers only the language rights (the review stages and
    translating) and saves through the services."""

    stages = {codename: stage for stage, codename in LANGUAGE_PERMISSION.items()}

    class StagePermissionsForm(form_class):
        def get_obj_perms_field_choices(self):
            return [(codename, name) for codename, name in super().get_obj_perms_field_choices() if codename in stages]

        def get_obj_perms_field_initial(self):
            return [codename for codename in super().get_obj_perms_field_initial() if codename in stages]

        def save_obj_perms(self) -> None:
            holder = getattr(self, "group", None) or self.user
            chosen = set(self.cleaned_data[self.get_obj_perms_field_name()])
            held = set(self.get_obj_perms_field_initial())
            with transaction.atomic():
                for codename in sorted((set(stages) - chosen) & held):
                    language_permission_revoke(
                        actor=actor, group_or_user=holder, language=self.obj, stage=stages[codename]
                    )
                for codename in sorted(chosen - held):
                    language_permission_grant(
                        actor=actor, group_or_user=holder, language=self.obj, stage=stages[codename]
                    )

    return StagePermissionsForm


@admin.register(Language)
class LanguageAdmin(GuardedModelAdmin):
    """Per-language reviewer and translator rights are object permissions on these rows: the
    "Object permissions" button lists them; a superuser assigns them to groups
    (e.g. "Tamil clinicians", "Malay translators") or users, through review/role_services.py, audited.

    Anyone else who may see languages sees who reviews what, read-only; the
    screens that change it answer 403. There is nothing else to change on a
    language, so only superusers get the change permission at all.
    """

    readonly_fields = ("code", "name")
    obj_perms_readonly_template = "admin/workbench/language/obj_perms_readonly.html"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_roles(request.user) and super().has_change_permission(request, obj)

    def obj_perms_manage_view(self, request, object_pk):
        if permissions.can_manage_roles(request.user):
            return super().obj_perms_manage_view(request, object_pk)
        if request.method != "GET" or not self.has_view_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.get_queryset(request), pk=unquote(object_pk))
        context = self.get_obj_perms_base_context(request, obj)
        context["users_perms"] = dict(
            sorted(
                get_users_with_perms(obj, attach_perms=True, with_group_users=False).items(),
                key=lambda item: item[0].get_username(),
            )
        )
        context["groups_perms"] = dict(
            sorted(get_groups_with_perms(obj, attach_perms=True).items(), key=lambda item: item[0].name)
        )
        request.current_app = self.admin_site.name
        return render(request, self.obj_perms_readonly_template, context)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        if not permissions.can_manage_roles(request.user):
            raise PermissionDenied
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        if not permissions.can_manage_roles(request.user):
            raise PermissionDenied
        return super().obj_perms_manage_group_view(request, object_pk, group_id)

    def get_obj_perms_manage_user_form(self, request):
        return _stage_choices_only(super().get_obj_perms_manage_user_form(request), request.user)

    def get_obj_perms_manage_group_form(self, request):
        return _stage_choices_only(super().get_obj_perms_manage_group_form(request), request.user)


admin.site.register(UserPreference)
