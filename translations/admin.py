from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review import permissions
from translations.exchange.vendors import vendor_delete, vendor_save
from translations.glossary import glossary_term_delete, glossary_term_save
from translations.models import (
    EvaluationResult,
    EvaluationRun,
    Finding,
    GlossaryTerm,
    Job,
    JobBatch,
    MemoryEntry,
    PhiAllowedName,
    PhiNameOverride,
    Provider,
    Route,
    TextVersion,
    Vendor,
    VendorExport,
)
from translations.phi import PhiBlocked
from translations.phi_allow import phi_allowed_name_delete, phi_allowed_name_save
from translations.provider_check import provider_check
from translations.provider_services import (
    provider_change_errors,
    provider_delete,
    provider_save,
    provider_snapshot,
    route_delete,
    route_save,
)
from workbench.admin import ReadOnlyAdmin
from workbench.languages import CONTENT_LANGUAGES, language_name


def language_column(model, field: str):
    """A list column showing a language-code field as the language's name in the reader's language
    ("淡米尔语", not "ta"), headed by the field's own label and sorted by the code."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def shown(obj) -> str:
        code = getattr(obj, field)
        return language_name(code) if code else "—"

    return shown


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0


class ProviderForm(forms.ModelForm):
    """Shows, before anything is saved, what provider_save would refuse: "on premises" or
    PHI policy "allow" for a host not declared internal, or such a decision by a non-superuser."""

    # The requesting user, set by ProviderAdmin.get_form; anonymous (may decide nothing) until then.
    actor = AnonymousUser()
    base_url = forms.URLField(label=gettext_lazy("Base URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = Provider
        fields = "__all__"
        help_texts = {
            "on_premises": gettext_lazy(
                "Only for a host listed in WORKBENCH_INTERNAL_HOSTS; only a superuser may change it."
            ),
            "phi_policy": gettext_lazy(
                "“Allow” sends identifiers unredacted: only for a provider on premises, set by a superuser."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        stored = Provider.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        before = provider_snapshot(stored) if stored is not None else None
        after = {
            **(before or {"base_url": "", "phi_policy": Provider.PhiPolicy.BLOCK, "on_premises": False}),
            **{field: cleaned[field] for field in ("base_url", "phi_policy", "on_premises") if field in cleaned},
        }
        if "base_url" in self.errors:
            return cleaned  # the URL itself is wrong; that error says enough
        for field, message in provider_change_errors(actor=self.actor, before=before, after=after).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Providers and their routes change through translations/provider_services.py, audited."""

    form = ProviderForm
    list_display = (
        "name",
        "base_url",
        "model",
        "family",
        "token_param",
        "send_temperature",
        "structured_output",
        "phi_policy",
        "on_premises",
        "max_concurrency",
        "enabled",
    )
    inlines = [RouteInline]
    actions = ["check_endpoint"]

    @admin.action(description=gettext_lazy("Check the endpoint (one tiny translation call per dialect)"))
    def check_endpoint(self, request, queryset):
        # Reads only: the report says what to store; nothing here changes the row.
        for provider in queryset.order_by("name")[:5]:
            try:
                report = provider_check(provider=provider)
            except PhiBlocked as blocked:
                self.message_user(
                    request,
                    _("%(provider)s: nothing was sent (%(reason)s)") % {"provider": provider.name, "reason": blocked},
                    messages.ERROR,
                )
                continue
            tried = "; ".join(
                (
                    _("%(status)s with %(token_param)s, temperature on, %(structured_output)s")
                    if entry["settings"]["send_temperature"]
                    else _("%(status)s with %(token_param)s, temperature off, %(structured_output)s")
                )
                % {
                    "status": entry["status"],
                    "token_param": entry["settings"]["token_param"],
                    "structured_output": entry["settings"]["structured_output"],
                }
                for entry in report["tried"]
            )
            if report["recommended"] is None:
                self.message_user(
                    request,
                    (
                        _("%(provider)s: no dialect gave a valid translation (reachable). Tried: %(tried)s")
                        if report["reachable"]
                        else _("%(provider)s: no dialect gave a valid translation (not reachable). Tried: %(tried)s")
                    )
                    % {"provider": provider.name, "tried": tried},
                    messages.ERROR,
                )
                continue
            stored = {key: getattr(provider, key) for key in report["recommended"]}
            verdict = (
                _("the stored settings work")
                if stored == report["recommended"]
                else _("recommended settings: %(settings)s") % {"settings": report["recommended"]}
            )
            self.message_user(
                request,
                _("%(provider)s: model %(model)s; %(verdict)s. Tried: %(tried)s")
                % {"provider": provider.name, "model": report["reported_model"], "verdict": verdict, "tried": tried},
                messages.SUCCESS,
            )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        provider_save(actor=request.user, provider=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Route:
            return super().save_formset(request, form, formset, change)
        routes = formset.save(commit=False)
        for route in formset.deleted_objects:
            route_delete(actor=request.user, route=route)
        for route in routes:
            route_save(actor=request.user, route=route)

    def delete_model(self, request, obj):
        provider_delete(actor=request.user, provider=obj)

    def delete_queryset(self, request, queryset):
        for provider in queryset:
            provider_delete(actor=request.user, provider=provider)


class GlossaryTermForm(forms.ModelForm):
    target_language = forms.ChoiceField(
        label=gettext_lazy("target language"),
        choices=[(code, lang.name) for code, lang in CONTENT_LANGUAGES.items() if code != "en"],
    )

    class Meta:
        model = GlossaryTerm
        fields = "__all__"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """The glossary is the authors' (review.permissions.can_edit_glossary): others see it read-only.
    Saves and deletes go through translations/glossary.py, audited."""

    form = GlossaryTermForm
    list_display = ("source_term", "target_term", language_column(GlossaryTerm, "target_language"), "approved")
    list_filter = ("target_language", "approved")
    search_fields = ("source_term", "target_term")

    def has_add_permission(self, request):
        return permissions.can_edit_glossary(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_glossary(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_edit_glossary(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        glossary_term_save(term=obj, user=request.user)

    def delete_model(self, request, obj):
        glossary_term_delete(term=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for term in queryset:
            glossary_term_delete(term=term, user=request.user)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "state",
        "leaflet",
        language_column(Job, "language"),
        "reported_model",
        "tokens_in",
        "tokens_out",
        "tokens_reasoning",
        "cost",
        "created_at",
    )
    list_filter = ("kind", "state", "language")


admin.site.register(JobBatch, ReadOnlyAdmin)
admin.site.register(TextVersion, ReadOnlyAdmin)
admin.site.register(MemoryEntry, ReadOnlyAdmin)
admin.site.register(Finding, ReadOnlyAdmin)


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    """Translation vendors change through translations/exchange/vendors.py, audited (model permission needed)."""

    list_display = ("name", "phi_policy", "enabled")
    list_filter = ("phi_policy", "enabled")

    def has_add_permission(self, request):
        return permissions.can_manage_vendors(request.user, "add")

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_vendors(request.user, "change")

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_vendors(request.user, "delete")

    def save_model(self, request, obj, form, change):
        vendor_save(actor=request.user, vendor=obj)

    def delete_model(self, request, obj):
        vendor_delete(actor=request.user, vendor=obj)

    def delete_queryset(self, request, queryset):
        for vendor in queryset:
            vendor_delete(actor=request.user, vendor=vendor)


@admin.register(VendorExport)
class VendorExportAdmin(ReadOnlyAdmin):
    list_display = ("id", "vendor", "leaflet", "language", "revision_number", "file_format", "created_by", "created_at")
    list_filter = ("vendor", "language", "file_format")
    # The placeholder map holds the identifiers an export replaced: not shown here.
    exclude = ("placeholders",)


@admin.register(PhiAllowedName)
class PhiAllowedNameAdmin(admin.ModelAdmin):
    """Staff and organisation names the PHI guard lets through; changed through
    translations/phi_allow.py, audited, by those who decide what may reach a
    provider (superusers: permissions.can_decide_phi_exposure)."""

    list_display = ("name", "kind", "created_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    fields = ("name", "kind", "note")

    def has_view_permission(self, request, obj=None):
        return permissions.can_decide_phi_exposure(request.user)

    def has_add_permission(self, request):
        return permissions.can_decide_phi_exposure(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_decide_phi_exposure(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_decide_phi_exposure(request.user)

    def save_model(self, request, obj, form, change):
        phi_allowed_name_save(actor=request.user, allowed=obj)

    def delete_model(self, request, obj):
        phi_allowed_name_delete(actor=request.user, allowed=obj)

    def delete_queryset(self, request, queryset):
        for allowed in queryset:
            phi_allowed_name_delete(actor=request.user, allowed=allowed)


@admin.register(PhiNameOverride)
class PhiNameOverrideAdmin(ReadOnlyAdmin):
    """Authors' overrides, recorded on the job page; read-only here (the digest, never the name)."""

    list_display = ("leaflet", "name_digest", "created_by", "created_at")


class EvaluationResultInline(admin.TabularInline):
    model = EvaluationResult
    fields = (
        "provider_name",
        "model",
        "reported_model",
        "prompt_version",
        "chrf",
        "bleu",
        "qa_error_rate",
        "qa_warning_rate",
        "phi_blocks",
        "failures",
        "tokens_in",
        "tokens_out",
        "cost",
        "latency_p50_s",
        "latency_p95_s",
        "error",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdmin):
    """Bake-off runs, written by translations/evaluation.py; read-only here."""

    list_display = (
        "id",
        language_column(EvaluationRun, "source_language"),
        language_column(EvaluationRun, "language"),
        "reference",
        "segments",
        "state",
        "created_by",
        "created_at",
    )
    list_filter = ("state", "language")
    inlines = (EvaluationResultInline,)


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ReadOnlyAdmin):
    list_display = (
        "run",
        "provider_name",
        "reported_model",
        "prompt_version",
        "chrf",
        "bleu",
        "failures",
        "created_at",
    )
    list_filter = ("provider_name", "run__language")
