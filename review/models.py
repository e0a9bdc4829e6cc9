"""Approvals, comments, QA overrides, publications and the audit trail.

Rows here are append-only. Database triggers (migration 0002) refuse UPDATE of
approvals, overrides, publication texts and audit events, and check the
publish gate on the publication rows themselves, so neither the admin nor a
shell session can publish a text that lacks its two approvals.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from translations.dual_diff import diff_html


class Stage(models.TextChoices):
    NATIVE = "native", _("Native-speaker review")
    CLINICAL = "clinical", _("Clinician review")


class Approval(models.Model):
    """One reviewer's decision on one text version at one edit generation.

    An approval counts only while both its `content_hash` and its `generation`
    are the text version's current ones: any edit bumps the generation, so an
    approval withdrawn by an edit stays withdrawn even if the old wording comes
    back. A change request blocks the text (every stage) until the text changes
    or its requester withdraws it; a withdrawal is a row of its own pointing at
    the request, because decisions are never edited.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REQUEST_WITHDRAWN = "request_withdrawn", _("Change request withdrawn")

    text_version = models.ForeignKey(
        "translations.TextVersion", on_delete=models.PROTECT, related_name="approvals", verbose_name=_("text version")
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, verbose_name=_("review stage"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, verbose_name=_("decision"))
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))
    generation = models.PositiveBigIntegerField(default=0, verbose_name=_("edit generation"))
    withdraws = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawal",
        verbose_name=_("withdrawn change request"),
    )
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("decided"))

    # Not a column: set by review.selectors.decisions_for when the keyed audit
    # trail records this decision. Unset, a decision is unsealed and never counts.
    sealed: bool = False

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["text_version", "stage", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(content_hash=""), name="approval_hash_not_empty"),
            # Requesting changes without saying which is no help to the author.
            models.CheckConstraint(
                condition=~models.Q(decision="changes_requested") | ~models.Q(comment=""),
                name="approval_change_request_needs_comment",
            ),
            models.CheckConstraint(
                condition=(models.Q(decision="request_withdrawn") & models.Q(withdraws__isnull=False))
                | (~models.Q(decision="request_withdrawn") & models.Q(withdraws__isnull=True)),
                name="approval_withdrawal_names_its_request",
            ),
            models.UniqueConstraint(
                fields=["text_version", "stage", "generation"],
                condition=models.Q(decision="approved"),
                name="approval_once_per_stage_and_generation",
            ),
        ]


class Comment(models.Model):
    text_version = models.ForeignKey(
        "translations.TextVersion", on_delete=models.PROTECT, related_name="comments", verbose_name=_("text version")
    )
    segment_key = models.UUIDField(null=True, blank=True, verbose_name=_("segment key"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(verbose_name=_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("written"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]


class FindingOverride(models.Model):
    finding = models.ForeignKey(
        "translations.Finding", on_delete=models.PROTECT, related_name="overrides", verbose_name=_("QA finding")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    reason = models.TextField(verbose_name=_("reason"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("overridden"))

    class Meta:
        verbose_name = _("QA finding override")
        verbose_name_plural = _("QA finding overrides")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="override_needs_reason")]


class Publication(models.Model):
    class State(models.TextChoices):
        # Rows are written as PENDING, their texts attached, then flipped to
        # LIVE; the flip is where the database re-checks the gate.
        PENDING = "pending", _("Pending")
        LIVE = "live", _("Live")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    leaflet = models.ForeignKey(
        "workbench.Leaflet", on_delete=models.PROTECT, related_name="publications", verbose_name=_("leaflet")
    )
    revision = models.ForeignKey(
        "workbench.Revision", on_delete=models.PROTECT, related_name="publications", verbose_name=_("revision")
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, verbose_name=_("state"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(auto_now_add=True, verbose_name=_("published"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn"))
    withdrawal_reason = models.TextField(blank=True, verbose_name=_("reason for withdrawal"))

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="withdrawn") | ~models.Q(withdrawal_reason=""),
                name="publication_withdrawal_needs_reason",
            ),
            # At most one live publication per leaflet: patients see one text.
            models.UniqueConstraint(
                fields=["leaflet"], condition=models.Q(state="live"), name="publication_one_live_per_leaflet"
            ),
        ]


class PublicationText(models.Model):
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="texts", verbose_name=_("publication")
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    text_version = models.ForeignKey(
        "translations.TextVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("text version")
    )
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))
    edit_generation = models.PositiveBigIntegerField(default=0, verbose_name=_("edit generation"))
    native_approval = models.ForeignKey(
        Approval, on_delete=models.PROTECT, related_name="+", verbose_name=_("native-speaker approval")
    )
    clinical_approval = models.ForeignKey(
        Approval, on_delete=models.PROTECT, related_name="+", verbose_name=_("clinician approval")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    # The exact text patients read: [{"kind": ..., "text": ...}], frozen.
    body = models.JSONField(verbose_name=_("text as published"))

    class Meta:
        verbose_name = _("published text")
        verbose_name_plural = _("published texts")
        constraints = [
            models.UniqueConstraint(fields=["publication", "language"], name="publication_text_unique_language"),
        ]


class AuditEvent(models.Model):
    """An append-only, hash-chained record of who did what.

    Each event's `hash` covers its own fields and the previous event's hash, so
    editing or deleting any past row breaks every link after it;
    `manage.py verify_audit` finds the first broken one. Events are sealed with
    an HMAC under the audit key, which is kept outside the database (see
    review/audit.py); events written before the key existed keep their plain
    SHA-256 seal and are never rewritten.
    """

    class Seal(models.TextChoices):
        LEGACY = "sha256", _("SHA-256 (written before the audit key)")
        KEYED = "hmac-sha256", _("HMAC-SHA256 with the audit key")

    seq = models.PositiveBigIntegerField(unique=True, verbose_name=_("sequence number"))
    created_at = models.DateTimeField(verbose_name=_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    actor_name = models.CharField(max_length=150, blank=True, verbose_name=_("name of who did it"))
    verb = models.CharField(max_length=50, verbose_name=_("action"))
    leaflet = models.ForeignKey(
        "workbench.Leaflet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        verbose_name=_("leaflet"),
    )
    object_type = models.CharField(max_length=50, blank=True, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object ID"))
    data = models.JSONField(default=dict, verbose_name=_("details"))
    prev_hash = models.CharField(max_length=64, verbose_name=_("previous event's hash"))
    hash = models.CharField(max_length=64, unique=True, verbose_name=_("hash"))
    # How `hash` was computed; rows from before migration 0003 are LEGACY.
    seal = models.CharField(max_length=16, choices=Seal.choices, verbose_name=_("seal"))
    # Which audit key sealed a KEYED event (review.audit.audit_key_id), so a
    # key rotation shows up as exactly that; empty for LEGACY events.
    key_id = models.CharField(max_length=16, blank=True, default="", verbose_name=_("audit key ID"))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        # The gate and the patient page look up the sealed event of a decision
        # or publication on every request; without this they scan the trail.
        indexes = [models.Index(fields=["verb", "object_type", "object_id"], name="audit_event_object_idx")]


class AuditHead(models.Model):
    """A single row locked while appending, so two writers can never fork the chain.

    It is no proof of anything: someone who deletes the newest events can
    rewind it too. Only a checkpoint kept outside the database shows that
    (`manage.py verify_audit --checkpoint PATH`).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, verbose_name=_("ID"))
    seq = models.PositiveBigIntegerField(default=0, verbose_name=_("last sequence number"))
    hash = models.CharField(max_length=64, default="0" * 64, verbose_name=_("last hash"))

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")


# Direct foreign-key tables for guardian: per-language permissions are checked
# on every review request, and generic (content type + text id) lookups cannot
# use a real foreign key index.
class LanguageUserObjectPermission(UserObjectPermissionBase):
    # guardian's fields again, only to give them labels in the reader's language.
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE, verbose_name=_("permission"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    content_object = models.ForeignKey("workbench.Language", on_delete=models.CASCADE, verbose_name=_("language"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("language permission of a user")
        verbose_name_plural = _("language permissions of users")


class LanguageGroupObjectPermission(GroupObjectPermissionBase):
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE, verbose_name=_("permission"))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, verbose_name=_("group"))
    content_object = models.ForeignKey("workbench.Language", on_delete=models.CASCADE, verbose_name=_("language"))

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("language permission of a group")
        verbose_name_plural = _("language permissions of groups")


class ProblemReport(models.Model):
    """A reader's report of a problem with a published leaflet, from the patient page (no login).

    `message` is the reader's text with every identifier the PHI guard finds
    replaced by a typed marker (review.reports.problem_report_submit): the
    text as typed is never stored. `client_hash` is a keyed hash of the
    sender's address, enough to count their recent reports and nothing more.
    Unlike the rows above it is not append-only: its state moves through the
    queue (review.reports), each move audited.
    """

    class Category(models.TextChoices):
        WRONG = "wrong", _("Something is wrong or out of date")
        UNCLEAR = "unclear", _("It is hard to understand")
        TRANSLATION = "translation", _("There is a problem with the translation")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        FIXED = "fixed", _("Fixed")
        DISMISSED = "dismissed", _("Dismissed")

    leaflet = models.ForeignKey(
        "workbench.Leaflet", on_delete=models.PROTECT, related_name="problem_reports", verbose_name=_("leaflet")
    )
    # The live publication the reader saw, so a later revision does not blur what was reported.
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="problem_reports", verbose_name=_("publication")
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    revision_number = models.PositiveIntegerField(verbose_name=_("revision number"))
    category = models.CharField(max_length=16, choices=Category.choices, verbose_name=_("category"))
    message = models.TextField(verbose_name=_("message"))
    client_hash = models.CharField(max_length=64, verbose_name=_("sender's keyed hash"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("received"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW, verbose_name=_("state"))
    fixed_in_revision = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("fixed in revision"))
    dismissal_reason = models.TextField(blank=True, verbose_name=_("reason for dismissal"))
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("state changed by"),
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("state changed"))

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="fixed") | models.Q(fixed_in_revision__isnull=False),
                name="problem_report_fixed_needs_revision",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="dismissed") | ~models.Q(dismissal_reason=""),
                name="problem_report_dismissal_needs_reason",
            ),
        ]
        indexes = [
            # The staff queue: one state, newest first.
            models.Index(fields=["state", "created_at"], name="problem_report_queue_idx"),
            # The rate limits count recent reports per sender and per leaflet on every submission.
            models.Index(fields=["client_hash", "created_at"], name="problem_report_client_idx"),
            models.Index(fields=["leaflet", "created_at"], name="problem_report_leaflet_idx"),
        ]


# --- Webhooks: other systems told when a leaflet is published or withdrawn (review/webhooks.py) ---
class WebhookEvent(models.TextChoices):
    PUBLISHED = "leaflet.published", _("A leaflet was published")
    WITHDRAWN = "publication.withdrawn", _("A publication was withdrawn")


class WebhookEndpoint(models.Model):
    """A receiver registered by an administrator, and the events it wants.

    The secret is stored as it is: it is the HMAC key every request is signed
    with, so the workbench must be able to read it back (a digest could verify
    a signature but not make one). It is generated by the service that saves
    the endpoint and shown in the admin so the receiver can be configured.
    """

    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=100)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [models.CheckConstraint(condition=~models.Q(secret=""), name="webhook_endpoint_has_secret")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body, and how sending it went.

    `payload` is the body as sent, byte for byte (UTF-8 text), so a re-send is
    identical and verifies against the same signature scheme; `delivery_id`
    is the same on every attempt, for the receiver's de-duplication.
    `next_attempt_at` is both the retry schedule and the claim: an attempt
    moves it into the future before it sends (review.webhooks.webhook_attempt).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("webhook endpoint")
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices, verbose_name=_("event"))
    delivery_id = models.UUIDField(unique=True, verbose_name=_("delivery ID"))
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="+", verbose_name=_("publication")
    )
    payload = models.TextField(verbose_name=_("body sent"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, verbose_name=_("state"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt"))
    last_status_code = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("last HTTP status"))
    last_response = models.TextField(blank=True, verbose_name=_("last response"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due_idx")]


# --- Suggestions: a reviewer's change proposed, not made (review/suggestions.py) ---------------
class SuggestionQuerySet(models.QuerySet):
    def open(self) -> SuggestionQuerySet:
        """The open suggestions in segment order, with what the screens show of each (one query).

        A method on the manager so that a template can list a text's open suggestions as
        `tv.suggestions.open` (the translation screen includes review/_suggestions.html)."""
        return (
            self.filter(state=Suggestion.State.OPEN)
            .select_related("segment__source_segment", "text_version", "author")
            .order_by("segment__position", "created_at", "id")
        )


class Suggestion(models.Model):
    """A reviewer's proposed text for one segment of a translation, decided by a translator or an author.

    A suggestion changes no text, so its author is not an editor of the text
    (no SegmentEdit, no contribution) and keeps the right to approve it.
    Whoever accepts it applies the text as their own edit
    (translations.edits.target_segment_edit) and becomes the editor.
    `base_seq` and `base_text` are the segment's edit counter and text the
    suggestion was made against: a suggestion for text that has changed since
    is not applied as it is. Unlike approvals, its state moves (open, then
    decided once); every move is audited.
    """

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("suggestion", "Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OUTDATED = "outdated", _("Outdated")

    text_version = models.ForeignKey(
        "translations.TextVersion", on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("text version")
    )
    segment = models.ForeignKey(
        "translations.TargetSegment", on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("segment")
    )
    segment_key = models.UUIDField(verbose_name=_("segment key"))
    base_seq = models.PositiveIntegerField(verbose_name=_("edit count it was made against"))
    base_text = models.TextField(blank=True, verbose_name=_("text it was made against"))
    text = models.TextField(verbose_name=_("suggested text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN, verbose_name=_("state"))
    # The text actually applied: the suggestion's, or the decider's changed version of it.
    applied_text = models.TextField(blank=True, verbose_name=_("text applied"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    rejection_reason = models.TextField(blank=True, verbose_name=_("reason for rejection"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("made"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["text_version", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="suggestion_not_empty"),
            # The reviewer whose suggestion is turned down is owed a reason.
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="suggestion_rejection_needs_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="open") | models.Q(decided_at__isnull=False),
                name="suggestion_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["text_version", "state"], name="suggestion_open_idx")]

    objects = SuggestionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"suggestion {self.pk} on {self.segment_key}"

    @property
    def stale(self) -> bool:
        """The segment changed after the suggestion was made: it cannot be applied as it is."""
        return self.segment.edit_seq != self.base_seq

    @property
    def diff(self) -> tuple[str, str]:
        """The text it was made against and the suggested text, HTML-escaped, what differs marked."""
        return diff_html(self.base_text, self.text, self.text_version.language_id)
