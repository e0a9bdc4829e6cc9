"""Text versions (a revision in one language), model providers and jobs,
translation memory, glossary and QA findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TextVersion(models.Model):
    """The text of one revision in one language, the unit that is reviewed and published.

    `content_hash` covers every segment's target text *and* the hash of the
    source segment it was translated from, so an approval recorded against it
    stops counting the moment either changes. A database trigger (review
    migration) blanks the hash whenever a target segment's text is updated
    behind the services' back; a blank hash matches no approval.
    """

    class State(models.TextChoices):
        AWAITING_TRANSLATION = "awaiting_translation", _("Awaiting translation")
        TRANSLATING = "translating", _("Translating")
        NEEDS_HUMAN = "needs_human", _("Needs human translation")
        # Translated twice, independently (translations/reconciliation.py): the
        # segments stay empty until a translator reconciles the two versions.
        AWAITING_RECONCILIATION = "awaiting_reconciliation", _("Awaiting reconciliation")
        IN_REVIEW = "in_review", _("In review")

    revision = models.ForeignKey(
        "workbench.Revision", on_delete=models.PROTECT, related_name="text_versions", verbose_name=_("revision")
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    is_source = models.BooleanField(default=False, verbose_name=_("source text"))
    state = models.CharField(
        max_length=24, choices=State.choices, default=State.AWAITING_TRANSLATION, verbose_name=_("state")
    )
    content_hash = models.CharField(max_length=64, blank=True, verbose_name=_("content fingerprint"))
    # Bumped by a database trigger on every insert, delete or content change of
    # this text's segments, and never lowered (another trigger refuses that).
    # An approval holds the generation it was given at and counts only while it
    # is still current: a hash alone would let a reverted edit ("put the old
    # wording back") revive approvals that the edit withdrew.
    edit_generation = models.PositiveBigIntegerField(default=0, verbose_name=_("edit generation"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        constraints = [
            models.UniqueConstraint(fields=["revision", "language"], name="text_version_unique_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.revision} [{self.language_id}]"


class TargetSegment(models.Model):
    class Origin(models.TextChoices):
        SOURCE = "source", _("Source text")
        MODEL = "model", _("Model")
        MEMORY = "memory", _("Translation memory")
        CARRIED = "carried", _("Unchanged from the previous revision")
        HUMAN = "human", _("Human")
        NONE = "none", _("Not yet translated")

    text_version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, related_name="segments", verbose_name=_("text version")
    )
    source_segment = models.ForeignKey(
        "workbench.Segment", on_delete=models.PROTECT, related_name="+", verbose_name=_("source segment")
    )
    key = models.UUIDField(verbose_name=_("segment key"))
    position = models.PositiveIntegerField(verbose_name=_("position"))
    text = models.TextField(blank=True, verbose_name=_("translation"))
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.NONE, verbose_name=_("origin"))
    # The model's output as it arrived, kept beside the edited text so reviewers
    # and the quality dashboard can see how much people changed it.
    model_draft = models.TextField(blank=True, verbose_name=_("model's draft"))
    model_name = models.CharField(max_length=200, blank=True, verbose_name=_("model"))
    back_translation = models.TextField(blank=True, verbose_name=_("back-translation"))
    back_translation_chrf = models.FloatField(null=True, blank=True, verbose_name=_("back-translation chrF"))
    # Text of the same segment before its source changed: a hint for the
    # translator, never published.
    previous_text = models.TextField(blank=True, verbose_name=_("text before the source changed"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last edited"))
    # Bumped on every edit; the review form sends it back so that an edit based
    # on a stale screen is detected instead of overwriting someone else's.
    edit_seq = models.PositiveIntegerField(default=0, verbose_name=_("edit count"))

    class Meta:
        verbose_name = _("translated segment")
        verbose_name_plural = _("translated segments")
        ordering = ["text_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["text_version", "key"], name="target_segment_key_unique"),
        ]


class Contribution(models.Model):
    """Someone wrote or edited this segment of this leaflet in this language, at some point in its history.

    Rows are written by database triggers on target segments (whoever a
    segment's `updated_by` names, on every insert and content change), never
    by application code, so no entry point can edit a text without its editor
    being remembered. Nobody may approve a text with a segment they ever
    contributed to, even after a colleague touched it up or a later revision
    carried it over.
    """

    leaflet = models.ForeignKey(
        "workbench.Leaflet", on_delete=models.PROTECT, related_name="+", verbose_name=_("leaflet")
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    key = models.UUIDField(verbose_name=_("segment key"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("contributor")
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["leaflet", "language", "key", "user"], name="contribution_unique"),
        ]
        indexes = [models.Index(fields=["user", "leaflet", "language"], name="contribution_user_idx")]


class SegmentEdit(models.Model):
    """Every human edit of a target segment, old and new text: nothing a reviewer typed is lost."""

    target_segment = models.ForeignKey(
        TargetSegment, on_delete=models.PROTECT, related_name="edits", verbose_name=_("segment")
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("editor")
    )
    old_text = models.TextField(blank=True, verbose_name=_("text before"))
    new_text = models.TextField(blank=True, verbose_name=_("text after"))
    # False when the edit arrived from a stale screen: kept, shown to the
    # reviewer beside the newer text, never silently applied or dropped.
    applied = models.BooleanField(default=True, verbose_name=_("applied"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("edited"))

    class Meta:
        verbose_name = _("segment edit")
        verbose_name_plural = _("segment edits")


class Provider(models.Model):
    """An OpenAI-compatible endpoint. Secrets are never stored here, only where to find them."""

    class Family(models.TextChoices):
        OPENAI = "openai", _("OpenAI")
        AZURE = "azure", _("Azure OpenAI")
        DEEPSEEK = "deepseek", _("DeepSeek")
        VLLM = "vllm", _("vLLM")
        OLLAMA = "ollama", _("Ollama")
        LLAMACPP = "llamacpp", _("llama.cpp server")
        GENERIC = "generic", _("Other OpenAI-compatible endpoint")

    class TokenParam(models.TextChoices):
        MAX_COMPLETION_TOKENS = "max_completion_tokens", "max_completion_tokens"
        MAX_TOKENS = "max_tokens", "max_tokens"

    class ReasoningEffort(models.TextChoices):
        DEFAULT = "", _("The endpoint's default")
        NONE = "none", _("None")
        MINIMAL = "minimal", _("Minimal")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class StructuredOutput(models.TextChoices):
        JSON_SCHEMA = "json_schema", _("JSON schema")
        JSON_OBJECT = "json_object", _("JSON object")
        NONE = "none", _("None (plain text)")

    class PhiPolicy(models.TextChoices):
        BLOCK = "block", _("Block any call that carries an identifier")
        REDACT = "redact", _("Replace identifiers by placeholders and restore them")
        ALLOW = "allow", _("Allow (only for endpoints running on premises)")

    name = models.SlugField(unique=True, verbose_name=_("name"))
    base_url = models.URLField(max_length=500, verbose_name=_("base URL"))
    model = models.CharField(max_length=200, verbose_name=_("model"))
    api_key_env = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Only the variable's name is stored here, never the key."),
        verbose_name=_("environment variable holding the API key"),
    )
    api_key_file = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Only the file's path is stored here, never the key."),
        verbose_name=_("file holding the API key"),
    )
    timeout_s = models.FloatField(default=60, verbose_name=_("timeout (seconds)"))
    temperature = models.FloatField(default=0.2, verbose_name=_("temperature"))
    max_tokens = models.PositiveIntegerField(default=4096, verbose_name=_("maximum tokens per reply"))
    price_in_per_1k = models.DecimalField(
        max_digits=10, decimal_places=6, default=0, verbose_name=_("price per 1,000 input tokens")
    )
    price_out_per_1k = models.DecimalField(
        max_digits=10, decimal_places=6, default=0, verbose_name=_("price per 1,000 output tokens")
    )
    phi_policy = models.CharField(
        max_length=8, choices=PhiPolicy.choices, default=PhiPolicy.BLOCK, verbose_name=_("PHI policy")
    )
    on_premises = models.BooleanField(default=False, verbose_name=_("on premises"))
    max_concurrency = models.PositiveIntegerField(default=4, verbose_name=_("maximum concurrent calls"))
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    # The endpoint's dialect (translations/dialects.py). Defaults are the
    # oldest, most widely accepted form; a provider configured with a family
    # gets that family's defaults, and a 400 refusing one of these heals it.
    family = models.CharField(
        max_length=16, choices=Family.choices, default=Family.GENERIC, verbose_name=_("endpoint family")
    )
    token_param = models.CharField(
        max_length=24,
        choices=TokenParam.choices,
        default=TokenParam.MAX_TOKENS,
        verbose_name=_("token limit parameter"),
    )
    send_temperature = models.BooleanField(default=True, verbose_name=_("send temperature"))
    reasoning_effort = models.CharField(
        max_length=16,
        blank=True,
        choices=ReasoningEffort.choices,
        help_text=_("Empty: the endpoint's default"),
        verbose_name=_("reasoning effort"),
    )
    structured_output = models.CharField(
        max_length=16,
        choices=StructuredOutput.choices,
        default=StructuredOutput.NONE,
        verbose_name=_("structured output"),
    )
    inline_thinking = models.BooleanField(
        default=True,
        help_text=_("Remove <think>…</think> blocks from replies"),
        verbose_name=_("remove inline thinking"),
    )

    class Meta:
        verbose_name = _("model provider")
        verbose_name_plural = _("model providers")
        constraints = [
            # Sending identifiers unredacted is only defensible when the model
            # runs inside the hospital's network.
            models.CheckConstraint(
                condition=~models.Q(phi_policy="allow") | models.Q(on_premises=True),
                name="provider_allow_only_on_premises",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def queue(self) -> str:
        return f"model.{self.name}"


class Route(models.Model):
    """Which provider serves which job kind and language; lower priority first, the rest are fallbacks."""

    class Kind(models.TextChoices):
        ANY = "any", _("Any")
        DRAFT = "draft", _("Draft")
        TRANSLATE = "translate", _("Translate")
        BACK_TRANSLATE = "back_translate", _("Back-translate")

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ANY, verbose_name=_("job kind"))
    language = models.CharField(
        max_length=8, blank=True, help_text=_("Empty for any language"), verbose_name=_("language")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="routes", verbose_name=_("model provider")
    )
    priority = models.PositiveIntegerField(default=100, verbose_name=_("priority"))

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["priority", "id"]


class Job(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft")
        TRANSLATE = "translate", _("Translate")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, verbose_name=_("state"))
    # Empty for a draft job that will create its leaflet when it succeeds.
    leaflet = models.ForeignKey(
        "workbench.Leaflet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("leaflet"),
    )
    revision = models.ForeignKey(
        "workbench.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revision"),
    )
    text_version = models.ForeignKey(
        TextVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("text version"),
    )
    language = models.CharField(max_length=8, blank=True, verbose_name=_("language"))
    brief = models.JSONField(default=dict, blank=True, verbose_name=_("brief"))
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("model provider")
    )
    reported_model = models.CharField(max_length=200, blank=True, verbose_name=_("model reported by the endpoint"))
    prompt_version = models.CharField(max_length=50, blank=True, verbose_name=_("prompt version"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    progress_done = models.PositiveIntegerField(default=0, verbose_name=_("segments done"))
    progress_total = models.PositiveIntegerField(default=0, verbose_name=_("segments in total"))
    tokens_in = models.PositiveIntegerField(default=0, verbose_name=_("input tokens"))
    tokens_out = models.PositiveIntegerField(default=0, verbose_name=_("output tokens"))
    # Of tokens_out: the endpoints report reasoning inside completion tokens.
    tokens_reasoning = models.PositiveIntegerField(default=0, verbose_name=_("reasoning tokens"))
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=0, verbose_name=_("cost"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    # The revision a draft job produced, so a redelivered task can tell it already ran.
    result_revision = models.ForeignKey(
        "workbench.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revision produced"),
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED, self.State.CANCELLED}


class JobBatch(models.Model):
    """One model call's worth of segments. Batches of a job run concurrently on the provider's queue."""

    class Phase(models.TextChoices):
        TRANSLATE = "translate", _("Translate")
        BACK_TRANSLATE = "back_translate", _("Back-translate")
        # A draft job's one model call runs as a batch, so drafts share the
        # batches' claim, lease, retries and fallback.
        DRAFT = "draft", _("Draft")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        # Cut off by the token limit: replaced by two smaller batches.
        SPLIT = "split", _("Split")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="batches", verbose_name=_("job"))
    phase = models.CharField(max_length=16, choices=Phase.choices, verbose_name=_("phase"))
    index = models.PositiveIntegerField(verbose_name=_("batch number"))
    segment_keys = models.JSONField(default=list, verbose_name=_("segment keys"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, verbose_name=_("state"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    malformed_replies = models.PositiveIntegerField(default=0, verbose_name=_("malformed replies"))
    # When a worker claimed it; a RUNNING batch whose claim is older than the
    # lease belongs to a worker that died, and may be claimed again.
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    tokens_in = models.PositiveIntegerField(default=0, verbose_name=_("input tokens"))
    tokens_out = models.PositiveIntegerField(default=0, verbose_name=_("output tokens"))
    tokens_reasoning = models.PositiveIntegerField(default=0, verbose_name=_("reasoning tokens"))
    reported_model = models.CharField(max_length=200, blank=True, verbose_name=_("model reported by the endpoint"))
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("model provider")
    )
    # "a" or "b": a translate batch of a dual forward translation, stored as a
    # ForwardTranslation of that slot instead of into the segments; "" otherwise.
    slot = models.CharField(max_length=1, blank=True, default="", verbose_name=_("dual translation version"))
    # When the batch's message is due to be run: when it was queued, or when a
    # retry's countdown ends. A QUEUED batch nobody claimed well after this had
    # its message lost (translations/recovery.py sends it again); one due later
    # is a retry waiting for its countdown and is left alone.
    due_at = models.DateTimeField(default=timezone.now, verbose_name=_("due"))
    # How many times the recovery sweep found it RUNNING past the lease (its
    # worker lost) and queued it again: a batch that keeps killing its workers
    # fails its job at settings.RECOVERY_MAX_PER_BATCH instead of looping.
    recoveries = models.PositiveIntegerField(default=0, verbose_name=_("recoveries after a lost worker"))

    class Meta:
        verbose_name = _("job batch")
        verbose_name_plural = _("job batches")
        ordering = ["job", "phase", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "phase", "index"], name="job_batch_unique")]
        # The recovery sweep's questions: active batches by state, due or claimed before a time.
        indexes = [models.Index(fields=["state", "due_at"], name="job_batch_state_due_idx")]


class MemoryEntry(models.Model):
    """An approved translation of one source segment text, reusable without a model call."""

    source_language = models.CharField(max_length=8, verbose_name=_("source language"))
    target_language = models.CharField(max_length=8, verbose_name=_("target language"))
    source_hash = models.CharField(max_length=64, verbose_name=_("source fingerprint"))
    source_text = models.TextField(verbose_name=_("source text"))
    target_text = models.TextField(verbose_name=_("translation"))
    approved_at = models.DateTimeField(auto_now=True, verbose_name=_("approved"))
    text_version = models.ForeignKey(
        TextVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("text version")
    )
    # False for an entry imported from a TMX file nobody here approved
    # (translations/exchange/memory.py): shown to translators as a suggestion,
    # never used to fill a segment. Approving a text makes its entries
    # reviewed (review.services._remember), whoever wrote them first.
    reviewed = models.BooleanField(default=True, verbose_name=_("reviewed"))

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_hash"], name="memory_entry_unique"
            ),
        ]


class GlossaryTerm(models.Model):
    source_language = models.CharField(max_length=8, default="en", verbose_name=_("source language"))
    target_language = models.CharField(max_length=8, verbose_name=_("target language"))
    source_term = models.CharField(max_length=200, verbose_name=_("source term"))
    target_term = models.CharField(max_length=200, verbose_name=_("target term"))
    # Renderings reviewers have ruled out (e.g. a colloquial or Indonesian word),
    # one per line; their presence in a target is an error.
    forbidden_terms = models.TextField(blank=True, verbose_name=_("forbidden translations"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))
    approved = models.BooleanField(default=True, verbose_name=_("approved"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["target_language", "source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_term"], name="glossary_term_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_term} → {self.target_term} [{self.target_language}]"

    def forbidden_list(self) -> list[str]:
        return [t.strip() for t in self.forbidden_terms.splitlines() if t.strip()]


class Finding(models.Model):
    """A QA finding on one text version at one content hash (findings for an older hash are history).

    `message` is the check's message rendered in English when the check ran:
    the audit trail, exports and the command line keep it as it was. The
    check's message key and its parameters are stored beside it, so that
    `render()` shows the same message in the reader's interface language.
    Findings stored before messages had parameters (`params` null) show
    `message`.
    """

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")
        INFO = "info", _("Info")

    text_version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, related_name="findings", verbose_name=_("text version")
    )
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))
    segment_key = models.UUIDField(null=True, blank=True, verbose_name=_("segment key"))
    check_id = models.CharField(max_length=50, verbose_name=_("check"))
    severity = models.CharField(max_length=8, choices=Severity.choices, verbose_name=_("severity"))
    message = models.TextField(verbose_name=_("message"))
    # Which of the check's messages, and the values of its placeholders
    # (translations/qa/messages.py); empty/null for findings stored before them.
    message_key = models.CharField(max_length=50, blank=True, default="", verbose_name=_("message key"))
    params = models.JSONField(null=True, blank=True, default=None, verbose_name=_("message parameters"))
    # The first finding of this exact issue on a segment an edit did not touch:
    # every segment is re-checked after an edit (translations/qa_runner.py), and a
    # finding the re-check reproduces on an untouched segment points here, so an
    # override given to the original keeps counting.
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("first found as")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("found"))

    class Meta:
        verbose_name = _("QA finding")
        verbose_name_plural = _("QA findings")
        ordering = ["text_version", "segment_key", "check_id"]
        indexes = [models.Index(fields=["text_version", "content_hash"])]

    def render(self) -> str:
        """The message in the active language (the reader's), or the stored English when it cannot be rendered."""
        from translations.qa.messages import render_stored

        return render_stored(self.check_id, self.message_key, self.params, fallback=self.message)


class Vendor(models.Model):
    """A translation agency files are sent to. Files leave the hospital: the PHI guard runs on every export."""

    class PhiPolicy(models.TextChoices):
        # No "allow": a vendor is outside the hospital by definition.
        BLOCK = "block", _("Block any export that carries an identifier")
        REDACT = "redact", _("Replace identifiers by placeholders and restore them on import")

    name = models.SlugField(unique=True, verbose_name=_("name"))
    phi_policy = models.CharField(
        max_length=8, choices=PhiPolicy.choices, default=PhiPolicy.BLOCK, verbose_name=_("PHI policy")
    )
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("translation vendor")
        verbose_name_plural = _("translation vendors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VendorExport(models.Model):
    """One file sent to a vendor: what was sent, from which text, and how to take its answer back.

    `placeholders` maps each placeholder the PHI guard put into the file to the
    text it replaced (redact policy); an import restores them and refuses a
    file whose placeholders do not match. `units` holds, per segment key, the
    edit sequence and a digest of the target text at export, and the source as
    sent, so an import can tell what the vendor changed and whether the text
    moved on meanwhile. Every row has an `exchange.exported` audit event.
    """

    # Null: exported with manage.py without --vendor (checked under the strictest PHI policy, block).
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exports",
        verbose_name=_("translation vendor"),
    )
    leaflet = models.ForeignKey(
        "workbench.Leaflet", on_delete=models.PROTECT, related_name="+", verbose_name=_("leaflet")
    )
    text_version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("text version")
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    revision_number = models.PositiveIntegerField(verbose_name=_("revision number"))
    file_format = models.CharField(max_length=16, verbose_name=_("file format"))
    content_hash = models.CharField(max_length=64, verbose_name=_("content fingerprint"))
    edit_generation = models.PositiveBigIntegerField(verbose_name=_("edit generation"))
    file_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("file SHA-256"))
    placeholders = models.JSONField(default=dict, blank=True, verbose_name=_("placeholders"))
    units = models.JSONField(default=dict, blank=True, verbose_name=_("exported units"))
    # Null: the system (manage.py leaflet_export without --user, run by whoever runs the server).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("exported"))

    class Meta:
        verbose_name = _("vendor export")
        verbose_name_plural = _("vendor exports")
        ordering = ["-created_at"]


class TranslationClaim(models.Model):
    """Who is translating a text by hand now, and when a translator last declared it ready for review.

    One row per text version, written only by conditional inserts and updates
    (review/services.py, "Human translation"), so two translators pressing
    "Claim" at once end with one claim. A claim lapses
    `settings.TRANSLATION_CLAIM_MINUTES` after it was taken or last renewed
    (every save renews it); a lapsed or released claim (`claimed_by` empty) may
    be taken by any translator of the language.

    `ready_generation` is the edit generation of the text when a translator
    marked it ready for review: reviewers are told once per generation, and an
    edit (a new generation) makes it a different text to announce.
    """

    text_version = models.OneToOneField(
        TextVersion, on_delete=models.PROTECT, related_name="translation_claim", verbose_name=_("text version")
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed"))
    ready_generation = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name=_("edit generation marked ready")
    )
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked ready by"),
    )
    ready_at = models.DateTimeField(null=True, blank=True, verbose_name=_("marked ready"))

    class Meta:
        verbose_name = _("translation claim")
        verbose_name_plural = _("translation claims")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claimed_by__isnull=True) | models.Q(claimed_at__isnull=False),
                name="translation_claim_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"claim on {self.text_version_id} by {self.claimed_by_id or 'nobody'}"

    def lapses_at(self):
        """When the claim lapses (None: nobody holds it)."""
        if self.claimed_by_id is None or self.claimed_at is None:
            return None
        from datetime import timedelta

        return self.claimed_at + timedelta(minutes=settings.TRANSLATION_CLAIM_MINUTES)

    def is_live(self, now=None) -> bool:
        """Someone holds the claim and it has not lapsed."""
        from django.utils import timezone

        lapses = self.lapses_at()
        return lapses is not None and lapses > (now or timezone.now())


class PhiAllowedName(models.Model):
    """A staff or organisation name leaflets carry on purpose ("Dr Lim", "Lee Ah Mooi Old Age Home").

    The PHI guard does not report a person's name inside an occurrence of one
    of these (translations/phi_allow.py reads the list for the guard). Only
    names: an identifier (NRIC, phone, address) is never allowed this way.
    Changed through phi_allow.phi_allowed_name_save/delete, audited.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STAFF, verbose_name=_("kind"))
    note = models.TextField(blank=True, verbose_name=_("note"))
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
        verbose_name = _("allowed name")
        verbose_name_plural = _("allowed names")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="phi_allowed_name_not_empty")]

    def __str__(self) -> str:
        return self.name


class PhiNameOverride(models.Model):
    """An author's decision that one name the guard found in a leaflet may go to the model.

    The row holds a SHA-256 digest of the name within the leaflet
    (translations.phi.names.name_digest), never the name: the table, like the
    audit trail, must not become a list of patients' names. Only `person`
    findings can be overridden; identifiers never.
    """

    leaflet = models.ForeignKey(
        "workbench.Leaflet", on_delete=models.PROTECT, related_name="phi_name_overrides", verbose_name=_("leaflet")
    )
    name_digest = models.CharField(max_length=64, verbose_name=_("name digest"))
    reason = models.TextField(verbose_name=_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("decided"))

    class Meta:
        verbose_name = _("name override")
        verbose_name_plural = _("name overrides")
        constraints = [
            models.UniqueConstraint(fields=["leaflet", "name_digest"], name="phi_name_override_once"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="phi_name_override_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"name override {self.name_digest[:12]} on leaflet {self.leaflet_id}"


class EvaluationRun(models.Model):
    """One bake-off: every chosen provider translating the same reference segments.

    Run by `manage.py evaluate_providers` in its own process, or queued from
    the dashboard as a Celery task (translations/evaluation.py holds both).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    language = models.CharField(max_length=8, verbose_name=_("target language"))
    source_language = models.CharField(max_length=8, default="en", verbose_name=_("source language"))
    # A TSV file's name (inside settings.EVALUATION_REFERENCE_DIR for a queued
    # run, the path given for a command run), or "memory".
    reference = models.CharField(max_length=300, verbose_name=_("reference set"))
    segments = models.PositiveIntegerField(default=0, verbose_name=_("segments"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, verbose_name=_("state"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    # sacrebleu's signatures: the scores are only comparable between runs
    # whose signatures match.
    chrf_signature = models.CharField(max_length=200, blank=True, verbose_name=_("chrF signature"))
    bleu_signature = models.CharField(max_length=200, blank=True, verbose_name=_("BLEU signature"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    # Times a run was taken back from a worker that was lost running it (evaluation_claim).
    recoveries = models.PositiveIntegerField(default=0, verbose_name=_("recoveries after a lost worker"))

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"evaluation {self.pk} {self.source_language}->{self.language} ({self.state})"


class EvaluationResult(models.Model):
    """One provider's figures in one evaluation run, with the model it reported being."""

    run = models.ForeignKey(
        EvaluationRun, on_delete=models.CASCADE, related_name="results", verbose_name=_("evaluation run")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("model provider")
    )
    # As it was called then: a provider can be renamed later.
    provider_name = models.CharField(max_length=50, verbose_name=_("provider name"))
    model = models.CharField(max_length=200, verbose_name=_("model"))
    reported_model = models.CharField(max_length=200, blank=True, verbose_name=_("model reported by the endpoint"))
    prompt_version = models.CharField(max_length=50, verbose_name=_("prompt version"))
    chrf = models.FloatField(null=True, verbose_name=_("chrF"))
    bleu = models.FloatField(null=True, verbose_name=_("BLEU"))
    qa_error_rate = models.FloatField(null=True, verbose_name=_("QA error rate"))
    qa_warning_rate = models.FloatField(null=True, verbose_name=_("QA warning rate"))
    phi_blocks = models.PositiveIntegerField(default=0, verbose_name=_("PHI blocks"))
    tokens_in = models.PositiveIntegerField(default=0, verbose_name=_("input tokens"))
    tokens_out = models.PositiveIntegerField(default=0, verbose_name=_("output tokens"))
    failures = models.PositiveIntegerField(default=0, verbose_name=_("failures"))
    segments = models.PositiveIntegerField(default=0, verbose_name=_("segments"))
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=0, verbose_name=_("cost"))
    latency_p50_s = models.FloatField(null=True, verbose_name=_("median latency (seconds)"))
    latency_p95_s = models.FloatField(null=True, verbose_name=_("95th percentile latency (seconds)"))
    # Why it could not be evaluated ("" when it was).
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["run", "provider_name"]

    def __str__(self) -> str:
        return f"{self.provider_name} in evaluation {self.run_id}"


class RoutingBound(models.Model):
    """The admin's limits on what the dashboard may suggest for one target language.

    A suggested route is the best chrF among the providers whose latest
    evaluation stays within these bounds; an empty bound is no bound. Changed
    only through translations.provider_services.routing_bound_save, audited.
    """

    language = models.CharField(max_length=8, unique=True, verbose_name=_("target language"))
    max_cost_per_100_segments = models.DecimalField(
        max_digits=12, decimal_places=6, null=True, blank=True, verbose_name=_("maximum cost per 100 segments")
    )
    max_latency_p95_s = models.FloatField(
        null=True, blank=True, verbose_name=_("maximum 95th percentile latency (seconds)")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    class Meta:
        verbose_name = _("routing bound")
        verbose_name_plural = _("routing bounds")
        ordering = ["language"]

    def __str__(self) -> str:
        return f"routing bound for {self.language}"


class ForwardTranslation(models.Model):
    """One of two independent forward translations of a segment, for a language translated twice.

    ISPOR's translation validation asks for two independent forward
    translations that a person reconciles before back-translation. Each
    version is written here, never into the target segment: the segment stays
    empty (so the gate's "not translated yet" blocks publishing) until the
    reconciler's choice is written through translations/reconciliation.py.
    Rows are never changed: a re-run adds a version with the next `number`,
    and the newest per slot is the one shown.
    """

    class Slot(models.TextChoices):
        A = "a", _("Version A")
        B = "b", _("Version B")

    class Origin(models.TextChoices):
        MODEL = "model", _("Model")
        HUMAN = "human", _("Human")

    text_version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, related_name="forward_translations", verbose_name=_("text version")
    )
    key = models.UUIDField(verbose_name=_("segment key"))
    slot = models.CharField(max_length=1, choices=Slot.choices, verbose_name=_("version"))
    number = models.PositiveIntegerField(default=1, verbose_name=_("number"))
    text = models.TextField(verbose_name=_("text"))
    origin = models.CharField(max_length=8, choices=Origin.choices, verbose_name=_("origin"))
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("model provider")
    )
    reported_model = models.CharField(max_length=200, blank=True, verbose_name=_("model reported by the endpoint"))
    prompt_version = models.CharField(max_length=50, blank=True, verbose_name=_("prompt version"))
    job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.PROTECT, related_name="forward_translations", verbose_name=_("job")
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("translator"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("forward translation")
        verbose_name_plural = _("forward translations")
        ordering = ["text_version", "key", "slot", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["text_version", "key", "slot", "number"], name="forward_translation_unique_version"
            ),
            models.CheckConstraint(condition=models.Q(slot__in=["a", "b"]), name="forward_translation_slot"),
            # A version is a provider's or a person's, never neither.
            models.CheckConstraint(
                condition=(models.Q(origin="model") & models.Q(provider__isnull=False))
                | (models.Q(origin="human") & models.Q(translator__isnull=False)),
                name="forward_translation_has_an_author",
            ),
        ]

    def __str__(self) -> str:
        return f"version {self.slot}{self.number} of {self.key} in {self.text_version_id}"


class Reconciliation(models.Model):
    """What the reconciler chose for one segment of a dual-translated text, and from which versions."""

    class Choice(models.TextChoices):
        A = "a", _("Version A")
        B = "b", _("Version B")
        OWN = "own", _("Own text")

    text_version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, related_name="reconciliations", verbose_name=_("text version")
    )
    key = models.UUIDField(verbose_name=_("segment key"))
    choice = models.CharField(max_length=4, choices=Choice.choices, verbose_name=_("choice"))
    version_a = models.ForeignKey(
        ForwardTranslation, on_delete=models.PROTECT, related_name="+", verbose_name=_("version A")
    )
    version_b = models.ForeignKey(
        ForwardTranslation, on_delete=models.PROTECT, related_name="+", verbose_name=_("version B")
    )
    text = models.TextField(verbose_name=_("text"))
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reconciled by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("reconciled"))

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["text_version", "key", "-created_at"]

    def __str__(self) -> str:
        return f"reconciliation of {self.key} in {self.text_version_id} ({self.choice})"
