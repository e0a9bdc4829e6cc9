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

from workbench.languages import LANGUAGE_CHOICES, LANGUAGE_NAMES, language_name


def segment_hash(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{text}".encode()).hexdigest()


class Language(models.Model):
    """A content language; the object that per-language reviewer and translator permissions attach to."""

    code = models.CharField(
        primary_key=True,
        max_length=8,
        choices=[(code, LANGUAGE_NAMES.get(code, name)) for code, name in LANGUAGE_CHOICES],
        verbose_name=_("code"),
    )
    name = models.CharField(max_length=64, verbose_name=_("name"))

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]
        permissions = [
            ("review_native", "May give the native-speaker approval for texts in this language"),
            ("review_clinical", "May give the clinician approval for texts in this language"),
            ("translate", "May translate texts into this language"),
        ]

    def __str__(self) -> str:
        # The name in the reader's language (the admin, choice lists); `name` keeps the English one.
        return language_name(self.code)


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
    source_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("source language")
    )
    required_languages: models.ManyToManyField[Language, LeafletLanguage] = models.ManyToManyField(
        Language, through="LeafletLanguage", related_name="leaflets", verbose_name=_("required languages")
    )
    current_revision = models.ForeignKey(
        "Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current revision"),
    )
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
    revision_counter = models.PositiveIntegerField(default=0, verbose_name=_("last revision number"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    class Meta:
        verbose_name = _("leaflet")
        verbose_name_plural = _("leaflets")
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
    leaflet = models.ForeignKey(Leaflet, on_delete=models.CASCADE, verbose_name=_("leaflet"))
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("language"))

    class Meta:
        verbose_name = _("leaflet language")
        verbose_name_plural = _("leaflet languages")
        constraints = [models.UniqueConstraint(fields=["leaflet", "language"], name="leaflet_language_unique")]


class Revision(models.Model):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("leaflet"))
    number = models.PositiveIntegerField(verbose_name=_("revision number"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("previous revision")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saved by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("saved"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))
    # Saved from a form that was based on an older revision while someone else
    # saved in between: kept so that nothing typed is lost, but not made current
    # until the author resolves it.
    is_conflict = models.BooleanField(default=False, verbose_name=_("conflicting save"))
    # Provenance when a model drafted this revision.
    drafted_by_model = models.CharField(max_length=200, blank=True, verbose_name=_("drafted by model"))
    prompt_version = models.CharField(max_length=50, blank=True, verbose_name=_("prompt version"))
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
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

    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="segments", verbose_name=_("revision")
    )
    key = models.UUIDField(default=uuid.uuid4, verbose_name=_("segment key"))
    position = models.PositiveIntegerField(verbose_name=_("position"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    text = models.TextField(verbose_name=_("text"))
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
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

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference", verbose_name=_("user")
    )
    ui_language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default="en", verbose_name=_("interface language")
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")


class PublicationPdf(models.Model):
    """The print PDF of one published language, made once and served until what it shows changes.

    Publication texts never change, but the page around them can (the
    organisation block, the review interval): `fingerprint` is a digest of
    everything printed, so a changed setting makes a new row instead of
    serving a stale print.
    """

    publication = models.ForeignKey(
        "review.Publication", on_delete=models.CASCADE, related_name="+", verbose_name=_("publication")
    )
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint of what is printed"))
    pdf = models.BinaryField(verbose_name=_("PDF file"))
    # HMAC with the audit key over publication, language, fingerprint and the bytes (review.audit.keyed_seal):
    # a PDF replaced in the database is not served; the patient page's text is checked the same way.
    seal = models.CharField(max_length=64, default="", verbose_name=_("seal"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("publication PDF")
        verbose_name_plural = _("publication PDFs")
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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, verbose_name=_("key prefix"))
    key_digest = models.CharField(max_length=64, unique=True, verbose_name=_("key digest (SHA-256)"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
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
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    state = models.CharField(max_length=24, choices=State.choices, verbose_name=_("state"))
    file_name = models.CharField(max_length=255, blank=True, verbose_name=_("file name"))
    # The whole text as extracted (a PDF's is confirmed, and perhaps corrected, by a person first).
    text = models.TextField(verbose_name=_("text"))
    # A leaflet source refreshed from a newer publication gets the next version; only the
    # passages of the current version are retrieved, older ones stay for their citations.
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    publication = models.ForeignKey(
        "review.Publication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publication"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed"))
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("retired by"),
    )
    retired_at = models.DateTimeField(null=True, blank=True, verbose_name=_("retired"))
    retired_reason = models.TextField(blank=True, verbose_name=_("reason for retiring"))

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Passage(models.Model):
    """One retrievable piece of a source, shown to models and people as "P<id>".

    A passage is never changed: a new source version adds passages, so an id
    cited by a draft always means the words that were cited.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="passages", verbose_name=_("source"))
    source_version = models.PositiveIntegerField(default=1, verbose_name=_("source version"))
    position = models.PositiveIntegerField(verbose_name=_("position"))
    text = models.TextField(verbose_name=_("text"))
    language = models.CharField(max_length=8, verbose_name=_("language"))
    # Lower-cased, Chinese segmented into words (workbench.retrieval.index_terms): what the
    # full-text index reads (an FTS5 table on SQLite, a GIN tsvector index on PostgreSQL).
    indexed_text = models.TextField(verbose_name=_("indexed text"))

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["source_id", "source_version", "position"]

    def __str__(self) -> str:
        return f"P{self.pk}"


class Citation(models.Model):
    """A segment of a revision supported by a passage, cited by the model or attached by the author."""

    class Origin(models.TextChoices):
        MODEL = "model", _("Model")
        AUTHOR = "author", _("Author")

    # Segments are per revision and immutable, so a citation never has to follow an edit.
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="citations", verbose_name=_("segment"))
    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="citations", verbose_name=_("passage"))
    origin = models.CharField(max_length=8, choices=Origin.choices, verbose_name=_("cited by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [models.UniqueConstraint(fields=["segment", "passage"], name="citation_unique")]
