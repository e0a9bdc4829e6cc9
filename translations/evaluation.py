"""Provider evaluations: every chosen provider translates the same reference segments, and is scored.

A run (EvaluationRun) holds one EvaluationResult per provider: chrF and BLEU
against the reference (sacrebleu, corpus level, with the signatures that make
two runs comparable), the share of segments the QA checks find errors and
warnings in, the segments the PHI guard withheld, tokens, cost, latency per
call, failures, and the exact model the endpoint said it was with the prompt
version. docs/evaluation.md explains each figure.

The calls go through the jobs' own code: the request is
translations.outbound's (the PHI guard with the provider's policy, the
messages, the reply's reading), the call is llm.call_model under the
provider's Redis concurrency slot, a refused dialect parameter heals the
provider as a job's call would. A run runs in the calling process:
`manage.py evaluate_providers` calls `evaluation_run` itself (it needs no
worker); the dashboard's button calls `evaluation_queue`, whose run the
Celery task translations.tasks.run_evaluation claims and runs.

Queued by name (RUN_TASK), not by importing translations.tasks, which imports
this module: the import graph stays one-way (like review.webhooks).

Revalidation: `revalidation_needed` says which providers answer as another
model than the one last evaluated, or were last evaluated with another prompt
version; with settings.EVALUATION_AUTO_REVALIDATE a finished job whose
provider reported another model queues one re-run (`revalidation_queue_for_job`).
"""

from __future__ import annotations

import csv
import logging
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from review import permissions
from review.audit import audit_record
from translations import llm, outbound
from translations.models import EvaluationResult, EvaluationRun, JobBatch, MemoryEntry, Provider
from translations.phi import PhiBlocked, PlaceholderMismatch
from translations.providers import call_cost
from translations.qa import check_segment
from translations.qa_runner import glossary_for
from workbench import queueing
from workbench.languages import CONTENT_LANGUAGES

log = logging.getLogger(__name__)

RUN_TASK = "translations.tasks.run_evaluation"
MEMORY = "memory"
# The reference layouts a TSV may have: its own columns, or the shared TICO-19 file's.
OWN_COLUMNS = ("id", "source", "reference")
TICO_COLUMNS = ("id", "en", "zh", "ms", "ta", "id_ID")
# A TSV file's cell may hold a long sentence; the csv module's default limit (128 KiB) stays.
MAX_REFERENCE_ROWS = 100_000

# A run "running" for longer than this belongs to a worker that died: a redelivered message may claim it again.
LEASE = timedelta(hours=3)
# Stored in English as a fixed sentence, shown in each reader's language (the system_text filter).
LOST_TOO_OFTEN = gettext_noop(
    "A worker was lost each time it ran this evaluation; it was not run again, as it may be what stops "
    "the workers. You can start it again."
)

Pair = tuple[str, str, str]  # (id, source text, reference translation)


class BadReference(ValueError):
    """The reference cannot be used; str() says why, for the person who gave it."""


# --- References ------------------------------------------------------------------------------------
def check_languages(source_language: str, language: str) -> None:
    for code in (source_language, language):
        if code not in CONTENT_LANGUAGES:
            raise BadReference(
                _("%(code)s is not a content language (one of %(known)s).")
                % {"code": code, "known": ", ".join(CONTENT_LANGUAGES)}
            )
    if source_language == language:
        raise BadReference(_("The source and target language are both %(code)s.") % {"code": language})


def read_reference_file(path: Path, *, source_language: str, language: str) -> list[Pair]:
    """The (id, source, reference) pairs of a TSV file.

    Either the file's own `id, source, reference` columns, or the TICO-19
    layout (`id en zh ms ta id_ID`), whose `source_language` and `language`
    columns are the source and the reference. Fields are CSV-quoted where they
    hold quotes (the TICO-19 file is), so the csv module reads them.
    """
    check_languages(source_language, language)
    try:
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BadReference(
            _("The reference file %(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
        ) from None
    with handle:
        try:
            reader = csv.DictReader(handle, delimiter="\t")
            header = [name.strip() for name in reader.fieldnames or []]
            if set(OWN_COLUMNS) <= set(header):
                columns = OWN_COLUMNS
            elif "id" in header and source_language in header and language in header:
                columns = ("id", source_language, language)
            else:
                raise BadReference(
                    _(
                        "The reference file %(path)s has the columns %(found)s; it needs either "
                        "id, source, reference or id and the language columns %(source)s and %(target)s."
                    )
                    % {"path": path, "found": ", ".join(header) or "-", "source": source_language, "target": language}
                )
            reader.fieldnames = header
            pairs: list[Pair] = []
            for line, row in enumerate(reader, start=2):
                if len(pairs) >= MAX_REFERENCE_ROWS:
                    raise BadReference(
                        _("The reference file %(path)s has more than %(n)d rows.")
                        % {"path": path, "n": MAX_REFERENCE_ROWS}
                    )
                values = [(row.get(column) or "").strip() for column in columns]
                pairs.append(_pair(values, where=_("line %(line)d of %(path)s") % {"line": line, "path": path}))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise BadReference(
                _("The reference file %(path)s is not a readable UTF-8 TSV file: %(reason)s")
                % {"path": path, "reason": exc}
            ) from None
    return _checked(pairs, what=str(path))


def _pair(values: list[str], *, where: str) -> Pair:
    ident, source, reference = values
    if not ident or not source or not reference:
        missing = [name for name, value in zip(("id", "source", "reference"), values, strict=True) if not value]
        raise BadReference(_("%(where)s has an empty %(what)s.") % {"where": where, "what": ", ".join(missing)})
    return ident, source, reference


def _checked(pairs: list[Pair], *, what: str) -> list[Pair]:
    if not pairs:
        raise BadReference(_("The reference %(what)s has no segments.") % {"what": what})
    seen: set[str] = set()
    for ident, _source, _reference in pairs:
        if ident in seen:
            raise BadReference(_("The reference %(what)s has the id %(id)s twice.") % {"what": what, "id": ident})
        seen.add(ident)
    return pairs


def memory_pairs(*, source_language: str, language: str) -> list[Pair]:
    """The approved translation memory of a language pair (reviewed entries only), oldest first."""
    check_languages(source_language, language)
    entries = MemoryEntry.objects.filter(
        source_language=source_language, target_language=language, reviewed=True
    ).order_by("approved_at", "id")
    pairs = [
        (f"memory-{entry.pk}", entry.source_text.strip(), entry.target_text.strip())
        for entry in entries
        if entry.source_text.strip() and entry.target_text.strip()
    ]
    if not pairs:
        raise BadReference(
            _("There is no approved translation memory from %(source)s to %(target)s to compare with.")
            % {"source": source_language, "target": language}
        )
    return pairs


def reference_path(name: str) -> Path:
    """A reference file a queued run may name: inside settings.EVALUATION_REFERENCE_DIR, nothing else."""
    folder = Path(settings.EVALUATION_REFERENCE_DIR).resolve()
    relative = Path(name)
    # A NUL byte is refused here: the filesystem calls below would raise ValueError on it, which is no refusal.
    if not name or relative.is_absolute() or ".." in relative.parts or "\\" in name or "\x00" in name:
        raise BadReference(
            _("The reference %(name)s must be a file name inside the reference folder.") % {"name": name}
        )
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder) or path == folder:
        raise BadReference(
            _("The reference %(name)s must be a file name inside the reference folder.") % {"name": name}
        )
    if not path.is_file():
        raise BadReference(_("There is no reference file %(name)s in the reference folder.") % {"name": name})
    return path


def reference_pairs(*, reference: str, source_language: str, language: str, limit: int | None = None) -> list[Pair]:
    """A queued run's reference: "memory", or a TSV file named inside the reference folder."""
    if reference == MEMORY:
        pairs = memory_pairs(source_language=source_language, language=language)
    else:
        pairs = read_reference_file(reference_path(reference), source_language=source_language, language=language)
    return pairs[:limit] if limit else pairs


# --- Running one provider over the reference ------------------------------------------------------
@dataclass
class _Figures:
    """What one provider's run produced, before it is stored."""

    translated: dict[str, str] = field(default_factory=dict)  # reference id -> the provider's translation
    withheld: set[str] = field(default_factory=set)  # ids the PHI guard kept from being sent
    failed: set[str] = field(default_factory=set)  # ids no call could translate
    phi_blocks: int = 0
    failures: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latencies: list[float] = field(default_factory=list)
    reported_model: str = ""
    error: str = ""
    last_failure: str = ""

    def count(self, result: llm.CallResult) -> None:
        self.tokens_in += result.tokens_in
        self.tokens_out += result.tokens_out


def _chunks(pairs: Sequence[Pair]) -> list[list[Pair]]:
    """Batches as the jobs cut them: at most MODEL_BATCH_MAX_SEGMENTS segments and MODEL_BATCH_MAX_CHARS characters."""
    chunks: list[list[Pair]] = []
    current: list[Pair] = []
    size = 0
    for pair in pairs:
        if current and (
            len(current) >= settings.MODEL_BATCH_MAX_SEGMENTS or size + len(pair[1]) > settings.MODEL_BATCH_MAX_CHARS
        ):
            chunks.append(current)
            current, size = [], 0
        current.append(pair)
        size += len(pair[1])
    if current:
        chunks.append(current)
    return chunks


def _label(ident: str) -> str:
    return f"reference {ident}"


def _guarded_request(
    provider: Provider, chunk: list[Pair], *, source: str, target: str, figures: _Figures
) -> tuple[outbound.OutboundRequest | None, dict[str, str]]:
    """The chunk's request without the segments the PHI guard refuses to send (counted, never sent).

    The guard names the pieces it refused; those segments are left out and the
    rest is guarded again (a finding across two segments names both), until
    what is left passes or nothing is left.
    """
    remaining = list(chunk)
    while remaining:
        ids = {f"s{i + 1}": pair[0] for i, pair in enumerate(remaining)}
        texts = {sid: pair[1] for sid, pair in zip(ids, remaining, strict=True)}
        labels = {sid: _label(ident) for sid, ident in ids.items()}
        try:
            request = outbound.segments_request(
                provider=provider,
                source=source,
                target=target,
                version=llm.TRANSLATE_VERSION,
                texts=texts,
                labels=labels,
                glossary=outbound.glossary_in(texts.values(), source, target),
                leaflet_id=None,
            )
        except PhiBlocked as blocked:
            found = {location.label for location in blocked.locations}
            found |= {label for location in blocked.locations for label in location.split_across}
            refused = {ident for ident in ids.values() if _label(ident) in found}
            if not refused:  # only a glossary line: nothing of the reference can go without it
                refused = set(ids.values())
            figures.phi_blocks += len(refused)
            figures.withheld |= refused
            remaining = [pair for pair in remaining if pair[0] not in refused]
            continue
        return request, ids
    return None, {}


def _malformed_gives_up(exc: Exception, malformed: int, ids: dict, figures: _Figures) -> bool:
    """Count a malformed reply; the second one for a chunk gives it up, as a job's batch does."""
    figures.failures += 1
    figures.last_failure = str(exc)
    if malformed > 1:
        figures.failed |= set(ids.values())
        return True
    return False


def _call_chunk(
    provider: Provider, chunk: list[Pair], *, source: str, target: str, figures: _Figures
) -> list[list[Pair]]:
    """Translate one chunk into `figures`; returns the halves to try instead when the reply was cut off.

    Retries as a job's batch does: a retryable failure after a backoff (never
    sooner than Retry-After) up to MODEL_MAX_ATTEMPTS, a malformed reply once;
    a final failure (a wrong key, an unknown model) stops the provider.
    """
    request, ids = _guarded_request(provider, chunk, source=source, target=target, figures=figures)
    if request is None:
        return []
    attempts = malformed = 0
    while True:
        attempts += 1
        started = time.monotonic()
        try:
            result = outbound.call_healing(
                provider, messages=request.messages, schema=request.schema, schema_name=request.schema_name
            )
        except llm.TruncatedReply as cut:
            figures.latencies.append(time.monotonic() - started)
            figures.count(cut.result)
            sent = [pair for pair in chunk if pair[0] in ids.values()]
            if len(sent) < 2:
                figures.failures += 1
                figures.failed |= set(ids.values())
                figures.last_failure = str(cut)
                return []
            half = len(sent) // 2
            return [sent[:half], sent[half:]]
        except llm.RetryableModelError as exc:
            figures.failures += 1
            figures.last_failure = str(exc)
            # A wait longer than our own backoff (an hourly quota) would hold the worker, and the run's
            # lease, for hours: the chunk counts as failed now, with the endpoint's reason.
            if attempts >= settings.MODEL_MAX_ATTEMPTS or llm.asks_longer_wait(exc):
                figures.failed |= set(ids.values())
                return []
            time.sleep(llm.retry_delay(attempts, exc.retry_after))
            continue
        except llm.MalformedReply as exc:
            malformed += 1
            if _malformed_gives_up(exc, malformed, ids, figures):
                return []
            continue
        except llm.ModelError as exc:  # final: trying again will not help, nor will the next chunk
            figures.failures += 1
            figures.failed |= set(ids.values())
            figures.error = str(exc)
            return []
        figures.latencies.append(time.monotonic() - started)
        figures.count(result)
        try:
            translated = request.parse(result.content)
        except (llm.MalformedReply, PlaceholderMismatch) as exc:
            malformed += 1
            if _malformed_gives_up(exc, malformed, ids, figures):
                return []
            continue
        figures.reported_model = result.reported_model
        for sid, text in translated.items():
            figures.translated[ids[sid]] = text
        return []


def _translate_all(provider: Provider, pairs: Sequence[Pair], *, source: str, target: str) -> _Figures:
    figures = _Figures()
    queue = _chunks(pairs)
    while queue:
        chunk = queue.pop(0)
        halves = _call_chunk(provider, chunk, source=source, target=target, figures=figures)
        queue[:0] = halves
        if figures.error:
            break
        if figures.failed and not figures.translated:
            # Down from the start (every attempt of the first chunk failed): more chunks would only wait longer.
            figures.error = _("The provider could not be reached or kept failing: %(reason)s") % {
                "reason": figures.last_failure
            }
            break
    if figures.error:
        sent = figures.translated.keys() | figures.withheld
        figures.failed |= {pair[0] for pair in pairs if pair[0] not in sent}
    elif not figures.translated:
        figures.error = (
            _("The PHI guard withheld every segment of the reference from this provider.")
            if figures.withheld
            else _("The provider translated no segment: %(reason)s") % {"reason": figures.last_failure or "-"}
        )
    return figures


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: a value that was measured, never an interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 3)


def metrics_for(language: str):
    """sacrebleu's chrF and BLEU as the runs use them (BLEU tokenizes Chinese by character)."""
    from sacrebleu.metrics import BLEU, CHRF

    return CHRF(), BLEU(tokenize="zh" if language == "zh" else "13a")


def signatures_for(language: str) -> tuple[str, str]:
    """sacrebleu's signatures of the runs' chrF and BLEU into `language` (e.g. "nrefs:1|case:mixed|...").

    BLEU knows its number of references only once it has scored: one sentence
    against itself settles it (one reference per segment, as every run has).
    """
    chrf_metric, bleu_metric = metrics_for(language)
    for metric in (chrf_metric, bleu_metric):
        metric.corpus_score(["a"], [["a"]])
    return str(chrf_metric.get_signature()), str(bleu_metric.get_signature())


def _qa_rates(
    pairs: Sequence[Pair], translated: dict[str, str], *, source: str, target: str
) -> tuple[float | None, float | None]:
    """The shares of translated segments with at least one QA error, and with at least one warning."""
    if not translated:
        return None, None
    glossary = glossary_for(source_language=source, target_language=target)
    sources = [pair[1] for pair in pairs]
    errors = warnings = 0
    for at, (ident, text, _reference) in enumerate(pairs):
        if ident not in translated:
            continue
        severities = {
            finding.severity
            for finding in check_segment(
                source=text,
                target=translated[ident],
                source_lang=source,
                target_lang=target,
                glossary=glossary,
                # The reference's order stands in for a text's: a reply shifted by one shows as here.
                neighbour_sources=tuple(sources[max(at - 1, 0) : at] + sources[at + 1 : at + 2]),
            )
        }
        errors += "error" in severities
        warnings += "warning" in severities
    return round(errors / len(translated), 4), round(warnings / len(translated), 4)


def _result_fields(provider: Provider, pairs: Sequence[Pair], figures: _Figures, *, source: str, target: str) -> dict:
    chrf_metric, bleu_metric = metrics_for(target)
    # Every segment that was not withheld is scored, an untranslated one as empty: a provider
    # that fails half the reference must not score as if it had translated only its best half.
    scored = [pair for pair in pairs if pair[0] not in figures.withheld]
    chrf = bleu = None
    if figures.translated and scored:
        hypotheses = [figures.translated.get(pair[0], "") for pair in scored]
        references = [[pair[2] for pair in scored]]
        chrf = round(chrf_metric.corpus_score(hypotheses, references).score, 2)
        bleu = round(bleu_metric.corpus_score(hypotheses, references).score, 2)
    qa_error_rate, qa_warning_rate = _qa_rates(pairs, figures.translated, source=source, target=target)
    return {
        "provider_name": provider.name,
        "model": provider.model,
        "reported_model": figures.reported_model,
        "prompt_version": llm.TRANSLATE_VERSION,
        "chrf": chrf,
        "bleu": bleu,
        "qa_error_rate": qa_error_rate,
        "qa_warning_rate": qa_warning_rate,
        "phi_blocks": figures.phi_blocks,
        "tokens_in": figures.tokens_in,
        "tokens_out": figures.tokens_out,
        "failures": figures.failures,
        "segments": len(figures.translated),
        "cost": call_cost(provider, figures.tokens_in, figures.tokens_out),
        "latency_p50_s": _percentile(figures.latencies, 0.5),
        "latency_p95_s": _percentile(figures.latencies, 0.95),
        "error": figures.error,
    }


# --- Runs: create, claim, run, fail ---------------------------------------------------------------
def _create(
    *, actor, language: str, source_language: str, reference: str, providers: Sequence[Provider]
) -> EvaluationRun:
    """A queued run with one empty result per provider: the run's providers, filled in when it runs."""
    providers = list({provider.pk: provider for provider in providers}.values())
    run = EvaluationRun.objects.create(
        language=language, source_language=source_language, reference=reference[:300], created_by=actor
    )
    EvaluationResult.objects.bulk_create(
        EvaluationResult(
            run=run,
            provider=provider,
            provider_name=provider.name,
            model=provider.model,
            prompt_version=llm.TRANSLATE_VERSION,
        )
        for provider in providers
    )
    return run


@transaction.atomic
def evaluation_create(
    *, actor, language: str, source_language: str, reference: str, providers: Sequence[Provider]
) -> EvaluationRun:
    """A run to be run in this process (the command): created queued, claimed by `evaluation_claim`."""
    if not providers:
        raise ValidationError(_("Choose at least one provider to evaluate."))
    return _create(
        actor=actor, language=language, source_language=source_language, reference=reference, providers=providers
    )


def evaluation_claim(*, run_id: int) -> EvaluationRun | None:
    """queued -> running, once: a message delivered twice (acks_late) finds nothing to claim.

    A run still "running" long after it started belongs to a worker that died
    (its message comes back through reject_on_worker_lost): claimed again
    after LEASE, it runs from the start.
    """
    now = timezone.now()
    claimed = EvaluationRun.objects.filter(pk=run_id, state=EvaluationRun.State.QUEUED).update(
        state=EvaluationRun.State.RUNNING, started_at=now
    )
    if not claimed:
        lost = EvaluationRun.objects.filter(pk=run_id, state=EvaluationRun.State.RUNNING, started_at__lt=now - LEASE)
        # Counted like a job's batches (RECOVERY_MAX_PER_BATCH): a run that kills its worker every time
        # would otherwise be run again, calling every provider it evaluates, after each lease, for ever.
        if lost.filter(recoveries__gte=settings.RECOVERY_MAX_PER_BATCH).exists():
            evaluation_fail(run_id=run_id, reason=LOST_TOO_OFTEN)
            return None
        claimed = lost.update(started_at=now, recoveries=F("recoveries") + 1)
    if not claimed:
        return None
    return EvaluationRun.objects.select_related("created_by").get(pk=run_id)


def run_providers(run: EvaluationRun) -> list[Provider]:
    """The providers a run was created for, by name."""
    return [
        result.provider
        for result in EvaluationResult.objects.filter(run=run).select_related("provider").order_by("provider_name")
    ]


def evaluation_run(*, run: EvaluationRun, providers: list[Provider], pairs: list[Pair]) -> EvaluationRun:
    """Run a claimed (running) run: each provider over `pairs`, in this process, one provider after another.

    Stores each provider's figures as soon as it is done (a run that dies
    half-way keeps them), then ends the run succeeded and audits it. A
    provider that could not be evaluated has its `error` set; the run still
    succeeds (the command exits 1 for it).
    """
    if run.state != EvaluationRun.State.RUNNING:
        raise ValueError(f"evaluation run {run.pk} is {run.state}, not running")
    chrf_signature, bleu_signature = signatures_for(run.language)
    EvaluationRun.objects.filter(pk=run.pk).update(
        segments=len(pairs), chrf_signature=chrf_signature, bleu_signature=bleu_signature
    )
    for provider in providers:
        figures = _translate_all(provider, pairs, source=run.source_language, target=run.language)
        fields = _result_fields(provider, pairs, figures, source=run.source_language, target=run.language)
        EvaluationResult.objects.update_or_create(run=run, provider=provider, defaults=fields)
    with transaction.atomic():
        finished = EvaluationRun.objects.filter(pk=run.pk, state=EvaluationRun.State.RUNNING).update(
            state=EvaluationRun.State.SUCCEEDED, finished_at=timezone.now()
        )
        run.refresh_from_db()
        if finished:
            audit_record(actor=run.created_by, verb="evaluation.ran", obj=run, data=run_summary(run))
    return run


def evaluation_fail(*, run_id: int, reason: str) -> bool:
    """End a queued or running run as failed, with the reason; True if this call ended it. Audited."""
    with transaction.atomic():
        failed = EvaluationRun.objects.filter(
            pk=run_id, state__in=[EvaluationRun.State.QUEUED, EvaluationRun.State.RUNNING]
        ).update(state=EvaluationRun.State.FAILED, error=reason, finished_at=timezone.now())
        if failed:
            run = EvaluationRun.objects.get(pk=run_id)
            audit_record(
                actor=run.created_by,
                verb="evaluation.failed",
                obj=run,
                data={"language": run.language, "reference": run.reference, "reason": reason},
            )
    return bool(failed)


def evaluation_run_queued(*, run_id: int) -> EvaluationRun | None:
    """The Celery task's work: claim the queued run, read its reference, run it; a failure fails the run.

    None when the run was not there to claim (already claimed by another delivery, or finished).
    """
    run = evaluation_claim(run_id=run_id)
    if run is None:
        return None
    try:
        pairs = reference_pairs(reference=run.reference, source_language=run.source_language, language=run.language)
        providers = run_providers(run)
        if not providers:
            raise BadReference(_("The run has no provider to evaluate."))
        return evaluation_run(run=run, providers=providers, pairs=pairs)
    except BadReference as exc:
        evaluation_fail(run_id=run_id, reason=str(exc))
    except Exception as exc:
        # Whatever went wrong, the run must not stay "running" for ever; the worker logs the traceback.
        log.exception("evaluation run %s failed", run_id)
        evaluation_fail(run_id=run_id, reason=_("The evaluation stopped: %(reason)s") % {"reason": str(exc)[:500]})
    return EvaluationRun.objects.get(pk=run_id)


def run_summary(run: EvaluationRun) -> dict:
    """The run and every provider's figures, in the order and with the keys of the command's JSON line.

    Providers best first: highest chrF, those without a score (not evaluated) last.
    """
    results = sorted(
        EvaluationResult.objects.filter(run=run),
        key=lambda r: (r.chrf is None, -(r.chrf or 0.0), r.provider_name, r.pk),
    )
    return {
        "language": run.language,
        "reference": run.reference,
        "segments": run.segments,
        "chrf_signature": run.chrf_signature,
        "bleu_signature": run.bleu_signature,
        "providers": [
            {
                "name": r.provider_name,
                "model": r.model,
                "reported_model": r.reported_model,
                "prompt_version": r.prompt_version,
                "chrf": r.chrf,
                "bleu": r.bleu,
                "qa_error_rate": r.qa_error_rate,
                "qa_warning_rate": r.qa_warning_rate,
                "phi_blocks": r.phi_blocks,
                "tokens_in": r.tokens_in,
                "tokens_out": r.tokens_out,
                "cost": float(r.cost),
                "latency_p50_s": r.latency_p50_s,
                "latency_p95_s": r.latency_p95_s,
                "failures": r.failures,
            }
            for r in results
        ],
    }


# --- Queueing (the dashboard's button, revalidation) ------------------------------------------------
def _send(run_id: int) -> None:
    current_app.signature(RUN_TASK, args=[run_id]).apply_async()


def _queue_on_commit(run_id: int) -> None:
    # The queued run is committed whatever the broker does: one whose message cannot be sent stays
    # queued, visible on the dashboard, and the recovery sweeper sends it again.
    queueing.send_on_commit(partial(_send, run_id), what=f"evaluation run {run_id}")


def _check_reference(*, reference: str, source_language: str, language: str) -> None:
    """Refuse a queued run whose reference cannot be read now, rather than fail it in the worker."""
    try:
        reference_pairs(reference=reference, source_language=source_language, language=language, limit=1)
    except BadReference as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def evaluation_queue(
    *, actor, language: str, reference: str, providers: Sequence[Provider], source_language: str = "en"
) -> EvaluationRun:
    """Queue a run of `providers` over `reference` ("memory" or a file in the reference folder). Audited.

    Who may: whoever may manage the model providers. The run is sent to a
    worker once this transaction commits (translations.tasks.run_evaluation).
    """
    if not permissions.can_manage_providers(actor):
        raise PermissionDenied
    if not providers:
        raise ValidationError(_("Choose at least one provider to evaluate."))
    _check_reference(reference=reference, source_language=source_language, language=language)
    # Refused before anything is created while the job queue is down (QueueUnavailable), as jobs are
    # (translations.jobs): a run nobody can pick up would sit "queued" until the sweep found it.
    queueing.require_queue()
    return _queued(
        actor=actor, language=language, source_language=source_language, reference=reference, providers=providers
    )


def _queued(
    *,
    actor,
    language: str,
    source_language: str,
    reference: str,
    providers: Sequence[Provider],
    why: dict | None = None,
) -> EvaluationRun:
    """Create the run, audit `evaluation.queued` (with `why` for an automatic re-run) and send it on commit."""
    run = _create(
        actor=actor, language=language, source_language=source_language, reference=reference, providers=providers
    )
    data = {
        "language": language,
        "source_language": source_language,
        "reference": reference,
        "providers": [p.name for p in providers],
    }
    audit_record(actor=actor, verb="evaluation.queued", obj=run, data={**data, **(why or {})})
    _queue_on_commit(run.pk)
    return run


# --- Reads --------------------------------------------------------------------------------------------
_FINISHED = Q(run__state=EvaluationRun.State.SUCCEEDED)


def latest_results(*, language: str | None = None) -> list[EvaluationResult]:
    """Each provider's latest result per language, from finished runs (one query, with run and provider).

    A result whose provider could not be evaluated is included, with its
    `error` and no scores: the latest word on that provider is that it failed.
    """
    results = EvaluationResult.objects.filter(_FINISHED)
    if language is not None:
        results = results.filter(run__language=language)
    ranked = (
        results.annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("provider_id"), F("run__language")],
                order_by=[F("run__finished_at").desc(), F("run_id").desc(), F("id").desc()],
            )
        )
        .filter(recency=1)
        .select_related("run", "provider")
        .order_by("run__language", "provider_name", "id")
    )
    return list(ranked)


def revalidation_needed(providers: Iterable[Provider]) -> dict[int, str]:
    """Provider id -> why it needs revalidation (gettext), for the providers that do. One query.

    A provider needs revalidation when its last call since its last successful
    evaluation (any job's batch) reported another model than that evaluation
    did, or when that evaluation used another prompt version than the one jobs
    use now (llm.TRANSLATE_VERSION). A provider never evaluated is not in the answer:
    "not evaluated yet" is a state of its own (no entry in latest_results).
    """
    ids = {p.pk for p in providers if p.pk is not None}
    if not ids:
        return {}
    last_evaluation = (
        EvaluationResult.objects.filter(_FINISHED, provider=OuterRef("pk"), error="")
        .exclude(reported_model="")
        .order_by("-run__finished_at", "-run_id", "-id")
    )
    # Only calls made since that evaluation: a call before it says nothing about the model evaluated.
    last_call = (
        JobBatch.objects.filter(
            provider=OuterRef("pk"), state=JobBatch.State.SUCCEEDED, claimed_at__gt=OuterRef("evaluated_at")
        )
        .exclude(reported_model="")
        .order_by("-claimed_at", "-id")
    )
    rows = (
        Provider.objects.filter(pk__in=ids)
        .annotate(
            evaluated_model=Subquery(last_evaluation.values("reported_model")[:1]),
            evaluated_prompt=Subquery(last_evaluation.values("prompt_version")[:1]),
            evaluated_at=Subquery(last_evaluation.values("run__finished_at")[:1]),
        )
        .annotate(called_model=Subquery(last_call.values("reported_model")[:1]))
        .values_list("pk", "evaluated_model", "evaluated_prompt", "called_model")
    )
    reasons: dict[int, str] = {}
    for pk, evaluated_model, evaluated_prompt, called_model in rows:
        if evaluated_model is None:
            continue
        found = []
        if called_model and called_model != evaluated_model:
            found.append(
                _("It now answers as model %(now)s; its last evaluation was of %(evaluated)s.")
                % {"now": called_model, "evaluated": evaluated_model}
            )
        if evaluated_prompt != llm.TRANSLATE_VERSION:
            found.append(
                _("Its last evaluation used prompt %(evaluated)s; jobs now use %(current)s.")
                % {"evaluated": evaluated_prompt, "current": llm.TRANSLATE_VERSION}
            )
        if found:
            reasons[pk] = " ".join(found)
    return reasons


# --- Revalidating on its own (settings.EVALUATION_AUTO_REVALIDATE) ---------------------------------------
def revalidation_queue_for_job(*, job) -> EvaluationRun | None:
    """After a job finished: queue one re-run when its provider answered as another model than last evaluated.

    Only with settings.EVALUATION_AUTO_REVALIDATE; in the job's language, against
    that language pair's approved memory, or settings.EVALUATION_DEFAULT_REFERENCE
    when the memory is empty; never a second while one is queued or running for
    that provider and language. Call inside the transaction that finishes the
    job: the run is created with it, and sent once it commits. Audited.
    """
    if not settings.EVALUATION_AUTO_REVALIDATE or job.provider_id is None or not job.reported_model:
        return None
    language = job.language
    source_language = job.leaflet.source_language_id if job.leaflet_id else "en"
    if language not in CONTENT_LANGUAGES or language == source_language:
        return None
    last = (
        EvaluationResult.objects.filter(_FINISHED, provider_id=job.provider_id, run__language=language, error="")
        .exclude(reported_model="")
        .order_by("-run__finished_at", "-run_id", "-id")
        .values_list("reported_model", flat=True)
        .first()
    )
    if last is None or last == job.reported_model:
        return None  # never evaluated in this language ("not evaluated yet"), or still the same model
    # The provider row lock orders two jobs finishing at once: only one queues the re-run.
    provider = Provider.objects.select_for_update(no_key=True).get(pk=job.provider_id)
    pending = EvaluationResult.objects.filter(
        provider=provider,
        run__language=language,
        run__state__in=[EvaluationRun.State.QUEUED, EvaluationRun.State.RUNNING],
    )
    if pending.exists():
        return None
    reference = MEMORY
    if not MemoryEntry.objects.filter(
        source_language=source_language, target_language=language, reviewed=True
    ).exists():
        reference = settings.EVALUATION_DEFAULT_REFERENCE
    return _queued(
        actor=None,
        language=language,
        source_language=source_language,
        reference=reference,
        providers=[provider],
        why={"revalidation": {"job": job.pk, "model": job.reported_model, "evaluated_model": last}},
    )
