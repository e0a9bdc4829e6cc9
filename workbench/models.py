"""Leaflets, their immutable revisions and segments, and the content languages.

A revision is never edited: saving a leaflet writes a new revision whose
segments keep the stable `key` of the segment they came from. That key is what
lets translation memory, approvals and diffs tell "this paragraph changed" from
"this paragraph moved". Database triggers (review/db_rules.py) refuse UPDATE and DELETE of
segment rows, so the rule holds for the admin and the shell too.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbench.languages import LANGUAGE_CHOICES


def segment_hash(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{text}".encode()).hexdigest()


class Language(models.Model):
    """A content language; the object that per-language reviewer and translator permissions attach to."""

    code = models.CharField(primary_key=True, max_length=8, choices=LANGUAGE_CHOICES)
    name = models.CharField(max_length=64)

    class Meta:
        ordering = ["code"]
        permissions = [
            ("review_native", "May give the native-speaker approval for texts in this language"),
            ("review_clinical", "May give the clinician approval for texts in this language"),
            ("translate", "May translate texts into this language"),
        ]

    def __str__(self) -> str:
        return self.name


class Leaflet(models.Model):
    # A copy of the current revision's title segment, for listings and search.
    # What patients see is that segment (reviewed and approved per language);
    # this column is written only when a revision becomes current, never edited
    # on its own. Topic and audience are working details, never shown to patients.
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A copy of the current revision's title; change the title in the leaflet editor."),
    )
    topic = models.CharField(
        _("topic"), max_length=200, blank=True, help_text=_("For the authors only; never shown to patients.")
    )
    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("For the authors only; never shown to patients.")
    )
    source_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    required_languages: models.ManyToManyField[Language, LeafletLanguage] = models.ManyToManyField(
        Language, through="LeafletLanguage", related_name="leaflets"
    )
    current_revision = models.ForeignKey("Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Health-information standards ask that patients see when a leaflet is next
    # due for review; the date counts from the later of the two approvals of
    # each published language (review.selectors.patient_trust).
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Patients see the next review date: the last approval plus this interval."),
    )
    # Languages translated twice, independently, and reconciled by a translator
    # before review (translations/reconciliation.py): content language codes.
    dual_forward_languages = models.JSONField(
        _("languages translated twice"),
        default=list,
        blank=True,
        help_text=_("Two independent translations, reconciled by a translator before review."),
    )
    # Highest revision number handed out; incremented under the leaflet's row
    # lock so that two concurrent saves can never get the same number.
    revision_counter = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="leaflet_title_not_empty"),
            # The date patients read is computed from it; the services refuse the same range
            # (workbench.services._clean_interval), this holds for every other writer.
            models.CheckConstraint(
                condition=models.Q(review_interval_months__gte=1, review_interval_months__lte=120),
                name="leaflet_review_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def language_codes(self) -> list[str]:
        return list(self.required_languages.order_by("code").values_list("code", flat=True))

    def revision_now(self) -> Revision:
        """The current revision. Every leaflet has one: leaflet_create writes revision 1 with the leaflet."""
        if self.current_revision is None:
            raise Revision.DoesNotExist(f"leaflet {self.pk} has no current revision")
        return self.current_revision


class LeafletLanguage(models.Model):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.CASCADE)
    language = models.ForeignKey(Language, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["leaflet", "language"], name="leaflet_language_unique")]


class Revision(models.Model):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)
    # Saved from a form that was based on an older revision while someone else
    # saved in between: kept so that nothing typed is lost, but not made current
    # until the author resolves it.
    is_conflict = models.BooleanField(default=False)
    # Provenance when a model drafted this revision.
    drafted_by_model = models.CharField(max_length=200, blank=True)
    prompt_version = models.CharField(max_length=50, blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["leaflet", "number"]
        constraints = [models.UniqueConstraint(fields=["leaflet", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.leaflet} r{self.number}"


class Segment(models.Model):
    class Kind(models.TextChoices):
        # Exactly one per revision, at position 0: the title patients see,
        # translated, reviewed and approved like every other segment.
        TITLE = "title", _("Title")
        HEADING = "heading", _("Heading")
        PARAGRAPH = "paragraph", _("Paragraph")
        LIST_ITEM = "list_item", _("List item")
        RED_FLAG = "red_flag", _("Red flags / when to seek help")

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="segments")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["revision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "key"], name="segment_key_unique_in_revision"),
            models.UniqueConstraint(fields=["revision", "position"], name="segment_position_unique_in_revision"),
            models.CheckConstraint(condition=~models.Q(text=""), name="segment_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class UserPreference(models.Model):
    """Per-user settings; the UI language follows the user across devices."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    ui_language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")


class PublicationPdf(models.Model):
    """The print PDF of one published language, made once and served until what it shows changes.

    Publication texts never change, but the page around them can (the
    organisation block, the review interval): `fingerprint` is a digest of
    everything printed, so a changed setting makes a new row instead of
    serving a stale print.
    """

    publication = models.ForeignKey("review.Publication", on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    # HMAC with the audit key over publication, language, fingerprint and the bytes (review.audit.keyed_seal):
    # a PDF replaced in the database is not served; the patient page's text is checked the same way.
    seal = models.CharField(max_length=64, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language", "fingerprint"], name="publication_pdf_unique_fingerprint"
            )
        ]


class ApiToken(models.Model):
    """A user's key for the REST API, for scripts (workbench/api_tokens.py).

    Only a SHA-256 digest of the key is stored: the key is shown once, when it
    is made, and a copy of the database cannot be used to call the API. The
    prefix (the key's first characters) is kept so that people can tell their
    tokens apart. Every token expires; a revoked one stays, for the record.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="api_token_name_not_empty")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Source(models.Model):
    """A trusted text drafts are grounded in: a guideline, drug information or a published leaflet.

    The text is split into passages (workbench/sources.py); retrieval
    (workbench/retrieval.py) only ever returns passages of ACTIVE sources whose
    review-by date has not passed. A PDF's extracted text waits for a person's
    confirmation first, because extraction can garble Tamil and Chinese.
    A retired source stays, so citations of it can still be shown.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Pasted text")
        DOCX = "docx", _("Word document")
        PDF = "pdf", _("PDF")
        PLAIN = "plain", _("Plain-text file")
        LEAFLET = "leaflet", _("Published leaflet")

    class State(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("published on"), null=True, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=24, choices=State.choices)
    file_name = models.CharField(max_length=255, blank=True)
    # The whole text as extracted (a PDF's is confirmed, and perhaps corrected, by a person first).
    text = models.TextField()
    # A leaflet source refreshed from a newer publication gets the next version; only the
    # passages of the current version are retrieved, older ones stay for their citations.
    version = models.PositiveIntegerField(default=1)
    publication = models.ForeignKey(
        "review.Publication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Passage(models.Model):
    """One retrievable piece of a source, shown to models and people as "P<id>".

    A passage is never changed: a new source version adds passages, so an id
    cited by a draft always means the words that were cited.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="passages")
    source_version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField()
    text = models.TextField()
    language = models.CharField(max_length=8)
    # Lower-cased, Chinese segmented into words (workbench.retrieval.index_terms): what the
    # full-text index reads (an FTS5 table on SQLite, a GIN tsvector index on PostgreSQL).
    indexed_text = models.TextField()

    class Meta:
        ordering = ["source_id", "source_version", "position"]

    def __str__(self) -> str:
        return f"P{self.pk}"


class Citation(models.Model):
    """A segment of a revision supported by a passage, cited by the model or attached by the author."""

    class Origin(models.TextChoices):
        MODEL = "model", _("Model")
        AUTHOR = "author", _("Author")

    # Segments are per revision and immutable, so a citation never has to follow an edit.
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="citations")
    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="citations")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["segment", "passage"], name="citation_unique")]
