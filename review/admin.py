from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review import permissions
from review.models import (
    Approval,
    AuditEvent,
    Comment,
    FindingOverride,
    Publication,
    PublicationText,
    Suggestion,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from review.permissions import can_manage_webhooks
from review.role_services import (
    FLAGS,
    group_delete,
    group_permissions_set,
    group_save,
    last_superuser_error,
    role_membership_set,
    user_delete,
    user_flags_change,
    user_permissions_set,
)
from review.webhooks import url_problem, webhook_endpoint_save, webhook_resend
from workbench.admin import ReadOnlyAdmin

User = get_user_model()

# --- Users and groups: role membership is a superuser's decision, made through the role services.
# Django's own UserAdmin lets anyone holding auth.change_user put anyone (themselves
# included) into "Tamil clinicians" or make them a superuser; these do not.
ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

admin.site.unregister(User)
admin.site.unregister(Group)


class WorkbenchUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        if "is_superuser" in cleaned and self.instance.pk:
            error = last_superuser_error(self.instance, is_superuser=cleaned["is_superuser"])
            if error:
                self.add_error("is_superuser", error)
        return cleaned


@admin.register(User)
class WorkbenchUserAdmin(DjangoUserAdmin):
    """Users. Only a superuser changes groups, permissions and the staff and superuser
    flags (everyone else sees them read-only), changes a staff or superuser account,
    sets another user's password (which would let them act as that reviewer) or
    deletes a user; every such change is an audited role service call."""

    form = WorkbenchUserChangeForm

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_manage_roles(request.user):
            fields += [f for f in ROLE_FIELDS if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or permissions.can_manage_roles(request.user) or obj.pk == request.user.pk:
            return True
        return not (obj.is_staff or obj.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_roles(request.user) and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not permissions.can_manage_roles(request.user) and str(request.user.pk) != unquote(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        flags = {flag: form.cleaned_data[flag] for flag in FLAGS if flag in form.cleaned_data}
        if flags:
            # Saved with the stored flags; the service changes them, audited.
            stored = User.objects.filter(pk=obj.pk).values(*FLAGS).first() if obj.pk else None
            for flag in flags:
                setattr(obj, flag, stored[flag] if stored else False)
        super().save_model(request, obj, form, change)
        if flags:
            user_flags_change(actor=request.user, user=obj, **flags)

    def save_related(self, request, form, formsets, change):
        wanted = {
            name: form.cleaned_data.pop(name) for name in ("groups", "user_permissions") if name in form.cleaned_data
        }
        super().save_related(request, form, formsets, change)
        if "groups" in wanted:
            role_membership_set(actor=request.user, user=form.instance, groups=wanted["groups"])
        if "user_permissions" in wanted:
            user_permissions_set(actor=request.user, user=form.instance, permissions_=wanted["user_permissions"])

    def delete_model(self, request, obj):
        user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(actor=request.user, user=user)


@admin.register(Group)
class WorkbenchGroupAdmin(DjangoGroupAdmin):
    """Groups are the roles: only a superuser creates, renames or deletes one or changes
    its permissions (audited, through the role services); others may only look."""

    def has_add_permission(self, request):
        return permissions.can_manage_roles(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_roles(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_roles(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        group_save(actor=request.user, group=obj)

    def save_related(self, request, form, formsets, change):
        wanted = form.cleaned_data.pop("permissions", None)
        super().save_related(request, form, formsets, change)
        if wanted is not None:
            group_permissions_set(actor=request.user, group=form.instance, permissions_=wanted)

    def delete_model(self, request, obj):
        group_delete(actor=request.user, group=obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            group_delete(actor=request.user, group=group)


# --- The workflow's records: written by the services only ------------------------------------


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


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    # Read-only like approvals: accepting one is an edit of the text (it makes its decider an editor and
    # withdraws approvals), so only review.suggestions may move a suggestion, never a form.
    list_display = ("text_version", "segment_key", "author", "state", "decided_by", "created_at", "decided_at")
    list_filter = ("state",)
    list_select_related = ("text_version__revision__leaflet", "text_version__language", "author", "decided_by")


admin.site.register(PublicationText, ReadOnlyAdmin)
admin.site.register(Comment, ReadOnlyAdmin)
admin.site.register(FindingOverride, ReadOnlyAdmin)


# --- Webhooks: endpoints saved through review.webhooks (secret generated, audited); deliveries only read.
class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "events", "active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        problem = url_problem(url)
        if problem:
            raise ValidationError(problem)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Staff holding the model permissions register receivers. The secret is generated when the
    endpoint is first saved and shown read-only, for configuring the receiver; it is never typed in."""

    form = WebhookEndpointForm
    list_display = ("url", "events", "active", "created_at", "created_by")
    list_filter = ("active",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("url", "events", "active")
        return ("url", "events", "active", "secret", "created_at", "created_by")

    def get_readonly_fields(self, request, obj=None):
        return ("secret", "created_at", "created_by") if obj is not None else ()

    def _may(self, request) -> bool:
        return can_manage_webhooks(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deliveries name their endpoint: an endpoint no longer wanted is deactivated, and its record stays.
        return False

    def save_model(self, request, obj, form, change):
        webhook_endpoint_save(endpoint=obj, user=request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "delivery_id",
        "event",
        "endpoint",
        "state",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    )
    list_filter = ("state", "event")
    list_select_related = ("endpoint",)
    search_fields = ("delivery_id",)
    actions = ["resend"]

    def has_view_permission(self, request, obj=None):
        return can_manage_webhooks(request.user) and super().has_view_permission(request, obj)

    @admin.action(description=gettext_lazy("Re-send (same delivery id and body)"))
    def resend(self, request, queryset):
        for delivery in queryset.order_by("id")[:100]:
            try:
                webhook_resend(delivery=delivery, user=request.user)
            except (ValidationError, PermissionDenied) as refused:
                reason = "; ".join(refused.messages) if isinstance(refused, ValidationError) else _("Not allowed.")
                self.message_user(
                    request,
                    _("Delivery %(id)s was not re-sent: %(reason)s") % {"id": delivery.delivery_id, "reason": reason},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, _("Delivery %(id)s queued again.") % {"id": delivery.delivery_id}, messages.SUCCESS
                )
