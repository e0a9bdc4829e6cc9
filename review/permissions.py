"""The one place that answers "may this user do this to this object".

Views, services and the admin all ask here. Reviewer and translator rights are
guardian object permissions on Language rows held by the per-language groups.

Workbench roles come from group membership and object permissions only, never
from `is_superuser` or permissions given to a user directly: Django's
`has_perm` answers True for every superuser, which would make any IT
administrator a publisher and a reviewer of every language. A superuser
manages the system (role membership, providers); they act in the workflow only
through the groups they are in, like anyone else. Anything
a user may not see is reported as 404 by the views (`require`), so a Tamil
clinician cannot even learn the title of a leaflet that has no Tamil text.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from review.models import LanguageGroupObjectPermission, LanguageUserObjectPermission
from review.roles import LANGUAGE_PERMISSION, STAGE_PERMISSION, TRANSLATE
from translations.models import Job
from workbench.models import Language, Leaflet


def _cache(user) -> dict:
    # Per request/user object: guardian queries are cheap but not free, and a
    # review queue asks the same question for every row.
    cache = getattr(user, "_workbench_perm_cache", None)
    if cache is None:
        cache = {}
        try:
            user._workbench_perm_cache = cache
        except AttributeError:
            pass
    return cache


def _language_rights(user) -> dict[str, set[str]]:
    """Codename ("review_native", "translate", ...) -> the language codes this user holds it on, through
    their groups or given directly (guardian's object permissions on Language rows), in one query.

    guardian's get_objects_for_user answers the same for one codename at a time, in several queries
    each; every page and service asks for the reviewer and translator rights together.
    """
    cache = _cache(user)
    if "language_rights" not in cache:
        of_languages = {
            "permission__codename__in": set(LANGUAGE_PERMISSION.values()),
            "permission__content_type__app_label": Language._meta.app_label,
            "permission__content_type__model": Language._meta.model_name,
        }
        through_groups = LanguageGroupObjectPermission.objects.filter(group__user=user, **of_languages)
        direct = LanguageUserObjectPermission.objects.filter(user=user, **of_languages)
        rights: dict[str, set[str]] = {}
        for codename, code in through_groups.values_list("permission__codename", "content_object_id").union(
            direct.values_list("permission__codename", "content_object_id")
        ):
            rights.setdefault(codename, set()).add(code)
        cache["language_rights"] = rights
    return cache["language_rights"]


def review_stages(user) -> dict[str, set[str]]:
    """Language code -> the stages this user may review in it."""
    if not _active(user):
        return {}
    cache = _cache(user)
    if "stages" not in cache:
        rights = _language_rights(user)
        stages: dict[str, set[str]] = {}
        for stage, codename in STAGE_PERMISSION.items():
            for code in rights.get(codename, ()):
                stages.setdefault(code, set()).add(stage)
        cache["stages"] = stages
    return cache["stages"]


def translate_languages(user) -> set[str]:
    """The language codes this user may translate into (the "translate" right on the Language row)."""
    if not _active(user):
        return set()
    return set(_language_rights(user).get(LANGUAGE_PERMISSION[TRANSLATE], ()))


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def group_permissions(user) -> frozenset[str]:
    """ "app_label.codename" of the model permissions this user holds through groups."""
    if not _active(user):
        return frozenset()
    cache = _cache(user)
    if "group_perms" not in cache:
        from django.contrib.auth.models import Permission

        rows = Permission.objects.filter(group__user=user).values_list("content_type__app_label", "codename")
        cache["group_perms"] = frozenset(f"{app}.{codename}" for app, codename in rows)
    return cache["group_perms"]


def _holds(user, perm: str) -> bool:
    return perm in group_permissions(user)


def is_author(user) -> bool:
    return _holds(user, "workbench.change_leaflet")


def is_publisher(user) -> bool:
    return _holds(user, "review.add_publication")


def is_reviewer(user) -> bool:
    return bool(review_stages(user))


def can_create_leaflet(user) -> bool:
    return _holds(user, "workbench.add_leaflet")


def can_edit_leaflet(user, leaflet: Leaflet) -> bool:
    return is_author(user)


def can_queue_jobs(user, leaflet: Leaflet | None) -> bool:
    """Start, cancel or retry model jobs on `leaflet` (None: a draft job, whose leaflet does not exist yet)."""
    return is_author(user) and _holds(user, "translations.add_job")


def _own_languages(user) -> set[str]:
    """The languages this user reviews or translates: they see those languages' leaflets and texts."""
    return set(review_stages(user)) | translate_languages(user)


def can_view_leaflet(user, leaflet: Leaflet) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if _holds(user, "workbench.view_leaflet"):
        return True
    languages = _own_languages(user)
    return bool(languages) and leaflet.required_languages.filter(code__in=languages).exists()


def visible_leaflets(user) -> QuerySet[Leaflet]:
    if not getattr(user, "is_authenticated", False):
        return Leaflet.objects.none()
    if _holds(user, "workbench.view_leaflet"):
        return Leaflet.objects.all()
    languages = _own_languages(user)
    return Leaflet.objects.filter(required_languages__code__in=languages).distinct()


def can_view_text(user, text_version) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if _holds(user, "workbench.view_leaflet"):
        return True
    return text_version.language_id in _own_languages(user)


def can_review(user, text_version, stage: str) -> bool:
    return stage in review_stages(user).get(text_version.language_id, set())


def can_edit_text(user, text_version) -> bool:
    """Reviewers of a language edit its text; the source text is also the authors'."""
    if text_version.language_id in review_stages(user):
        return True
    return bool(text_version.is_source and is_author(user))


def can_publish(user, leaflet: Leaflet | None = None) -> bool:
    return is_publisher(user)


def can_view_audit(user, leaflet: Leaflet) -> bool:
    return is_publisher(user) or is_author(user)


def require(allowed: bool) -> None:
    """Refuse with 404: a refusal must not reveal that the object exists."""
    if not allowed:
        raise Http404


def has_any_role(user) -> bool:
    return is_author(user) or is_publisher(user) or is_reviewer(user) or is_translator(user)


def can_view_dashboard(user) -> bool:
    """Anyone with a role; the figures cover only the leaflets they can see.

    Whoever manages model providers also sees it: the providers' evaluations and
    the routing they suggest live there, and a provider manager need hold no role."""
    return has_any_role(user) or can_manage_providers(user)


def can_manage_providers(user, action: str = "change") -> bool:
    """Add, change or delete model providers and their routes, set routing bounds, queue evaluations.

    System configuration: active users holding the model permission
    (translations.<action>_provider), the same rule the provider services
    apply to the admin and to the dashboard's routing actions."""
    return bool(_active(user) and user.has_perm(f"translations.{action}_provider"))


def can_view_glossary(user) -> bool:
    return has_any_role(user)


def can_edit_glossary(user) -> bool:
    return is_author(user)


def can_view_job(user, job) -> bool:
    if job.leaflet_id:
        return can_view_leaflet(user, job.leaflet)
    # A draft of a leaflet that does not exist yet is the authors' work.
    return is_author(user)


def visible_jobs(user) -> QuerySet[Job]:
    """The jobs can_view_job lets this user see, as one query (the API's job list)."""
    visible = Q(leaflet__in=visible_leaflets(user))
    if is_author(user):
        visible |= Q(leaflet__isnull=True)
    return Job.objects.filter(visible)


def can_manage_roles(user) -> bool:
    """Who joins which workbench group, and which groups hold which language's
    review rights, is decided by superusers only: a staff user who could edit
    either could grant themselves the right to approve."""
    return bool(_active(user) and getattr(user, "is_superuser", False))


def can_decide_phi_exposure(user) -> bool:
    """Whether identifiers may reach a model provider unredacted ("on premises",
    PHI policy "allow") is a superuser's decision, audited like role changes."""
    return can_manage_roles(user)


# --- Files exchanged with translation vendors, and translation memory ------------------------
def can_exchange_files(user, leaflet: Leaflet, language: str) -> bool:
    """Export a language's text of `leaflet` for a vendor, or import the vendor's file back.

    Authors (who commission translations) and that language's reviewers, both
    stages. Never the source language: it changes only as a new revision. An
    import is an edit, so whoever imports becomes a contributor of the segments
    it changes and may not approve them (separation of duties holds through
    the contribution records, as for any edit).
    """
    if not _active(user) or language == leaflet.source_language_id:
        return False
    return is_author(user) or language in review_stages(user)


def can_import_files(user, leaflet: Leaflet, language: str) -> bool:
    """Import a vendor's file back into a language's text: an edit, so governed like the review screen's
    edits. Authors may; that language's reviewers only where they edit directly
    (settings.REVIEWERS_EDIT_DIRECTLY): elsewhere they suggest, and an import by them would be the direct
    edit the deployment ruled out, by another door."""
    if not can_exchange_files(user, leaflet, language):
        return False
    return is_author(user) or bool(settings.REVIEWERS_EDIT_DIRECTLY)


def can_export_memory(user, language: str) -> bool:
    """Download the approved translation memory of a language pair: authors and that language's reviewers."""
    return _active(user) and (is_author(user) or language in review_stages(user))


def can_import_memory(user) -> bool:
    """Load a TMX file as unreviewed memory (suggestions only): the authors, like the glossary."""
    return is_author(user)


def can_manage_vendors(user, action: str) -> bool:
    """Add, change or delete translation vendors: system configuration like model providers,
    for active users holding the model permission (translations.<action>_vendor)."""
    return bool(_active(user) and user.has_perm(f"translations.{action}_vendor"))


# --- Human translation ---------------------------------------------------------------------------
def is_translator(user) -> bool:
    return bool(translate_languages(user))


def can_translate(user, text_version) -> bool:
    """Open the translation screen of this text, claim it, save its segments and mark it ready for review.

    The language's translators (the "translate" right, through a group like
    "Malay translators"), never for the source text: it changes only as a new
    revision. Translating makes them a contributor of every segment they save,
    so the separation of duties keeps them from approving it, whatever other
    groups they are in (translations.Contribution, the approval trigger).
    """
    if not _active(user) or text_version.is_source:
        return False
    return text_version.language_id in translate_languages(user)


def can_reconcile(user, text_version) -> bool:
    """Reconcile the two independent forward translations of a dual-translated text, or write a missing version.

    The language's translators, exactly as for translating it by hand: the
    reconciled text is theirs, so they become its contributors and the
    separation of duties keeps them from approving it. A reviewer who is not
    a translator of the language cannot reconcile: the people who will judge
    the text do not choose its words.
    """
    return can_translate(user, text_version)


# --- Problem reports ----------------------------------------------------------------------------
# Patients report problems with a published leaflet (review.reports). The leaflet's authors, who
# can fix it, and the publishers, who can withdraw it, read and handle the reports; nobody else
# sees them (a reader's message, even masked, is about their care). Withdrawing from a report is
# publishing work: can_publish.
def report_leaflets(user) -> QuerySet[Leaflet]:
    """The leaflets whose problem reports this user sees: a publisher all, an author those they can edit.

    Every author may edit every leaflet today (can_edit_leaflet); should editing become per leaflet,
    this narrows with it. A queryset, so the queue filters in the database whatever the number of leaflets.
    """
    if not _active(user):
        return Leaflet.objects.none()
    if is_publisher(user) or is_author(user):
        return Leaflet.objects.all()
    return Leaflet.objects.none()


def can_view_reports(user, leaflet: Leaflet | None = None) -> bool:
    """Read problem reports: of `leaflet`, or (None) the report queue at all."""
    if not _active(user):
        return False
    if is_publisher(user):
        return True
    return is_author(user) if leaflet is None else can_edit_leaflet(user, leaflet)


def can_handle_report(user, report) -> bool:
    """Acknowledge a report, mark it fixed by a revision, or dismiss it: whoever may read it."""
    return can_view_reports(user, report.leaflet)


# --- Webhooks -----------------------------------------------------------------------------------
def can_manage_webhooks(user) -> bool:
    """Register endpoints, read deliveries, re-send them: active staff (system configuration, like providers)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


# --- Trusted sources (grounded drafting) --------------------------------------------------------
def can_manage_sources(user) -> bool:
    """Add, confirm and retire sources: authors (they draft from them) and superusers (administrators)."""
    return is_author(user) or bool(_active(user) and getattr(user, "is_superuser", False))


def can_view_sources(user) -> bool:
    """Read sources, their passages and where they are cited: anyone with a role (reviewers check citations)."""
    return has_any_role(user) or can_manage_sources(user)


# --- Suggestions (review.suggestions) -------------------------------------------------------------
# A reviewer proposes a change instead of making it, so that they stay someone who may approve the
# text; a translator of the language or an author decides, and whoever accepts becomes the editor.
def can_suggest(user, text_version) -> bool:
    """Suggest a change to a segment of this translation: the language's reviewers, either stage.

    Never on the source text: it changes only as a new revision, which its authors save."""
    if not _active(user) or text_version.is_source:
        return False
    return text_version.language_id in review_stages(user)


def can_decide_suggestion(user, suggestion) -> bool:
    """Accept (as it is or changed) or reject a suggestion: the language's translators and the authors.

    Never its own author: accepting applies the text as the acceptor's edit, and a reviewer who
    could accept their own suggestion would be editing the text they then approve."""
    if not _active(user) or suggestion.author_id == user.pk:
        return False
    return can_decide_suggestions_of(user, suggestion.text_version)


def can_decide_suggestions_of(user, text_version) -> bool:
    """Decide the suggestions made to this translation (other than one's own): its language's
    translators and the authors, who write the text; never its reviewers as such, who judge it."""
    if not _active(user) or text_version.is_source:
        return False
    return text_version.language_id in translate_languages(user) or can_edit_leaflet(
        user, text_version.revision.leaflet
    )


def can_withdraw_suggestion(user, suggestion) -> bool:
    """Withdraw a suggestion: only the reviewer who made it."""
    return _active(user) and suggestion.author_id == user.pk


def can_edit_directly(user, text_version) -> bool:
    """Whether the review screen offers this user text boxes that change the text at once.

    The source text: its editors, as before. A translation: its reviewers only where the deployment
    allows it (settings.REVIEWERS_EDIT_DIRECTLY, env WORKBENCH_REVIEWERS_EDIT_DIRECTLY, default off),
    because a reviewer's own edit removes them as an approver of the text; otherwise they suggest
    (can_suggest) and a translator or an author applies the change."""
    if not can_edit_text(user, text_version):
        return False
    return bool(text_version.is_source or settings.REVIEWERS_EDIT_DIRECTLY)
