"""Providers, their evaluations and the person who manages them, for the dashboard's evidence.

Evaluation rows are written directly, with the figures a run of
`evaluate_providers` would store: these tests are about what the dashboard makes
of them (the plot, the suggested routing, the marks), not about measuring.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from translations import llm
from translations.models import EvaluationResult, EvaluationRun, Job, JobBatch, Provider, Route


@pytest.fixture
def provider_manager(personas):
    """Keeps the model providers (the admin's translations.*_provider permissions), holds no workflow role."""
    user = get_user_model().objects.create_user("models_admin", "models_admin@example.invalid", None, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="translations", codename__endswith="_provider")
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


def make_provider(name: str, **fields) -> Provider:
    defaults = {"base_url": "http://127.0.0.1:9/v1", "model": f"{name}-model", "timeout_s": 5}
    return Provider.objects.create(name=name, **{**defaults, **fields})


@pytest.fixture
def providers(db) -> dict[str, Provider]:
    """Two providers of different quality, both routed for Tamil today (the worse one first)."""
    sharp = make_provider("sharp")
    sloppy = make_provider("sloppy")
    Route.objects.create(kind=Route.Kind.TRANSLATE, language="ta", provider=sloppy, priority=10)
    Route.objects.create(kind=Route.Kind.TRANSLATE, language="ta", provider=sharp, priority=20)
    return {"sharp": sharp, "sloppy": sloppy}


def evaluated(
    provider: Provider,
    language: str = "ta",
    *,
    chrf: float | None = 60.0,
    cost: str = "0.010000",
    segments: int = 100,
    translated: int | None = None,
    failures: int = 0,
    latency_p95_s: float | None = 2.0,
    reported_model: str | None = None,
    prompt_version: str | None = None,
    error: str = "",
    ago: timedelta = timedelta(minutes=5),
    run: EvaluationRun | None = None,
) -> EvaluationResult:
    """One finished evaluation of `provider` into `language` (its own run unless `run` is given)."""
    finished = timezone.now() - ago
    if run is None:
        run = EvaluationRun.objects.create(
            language=language,
            reference="tico19-dev.tsv",
            segments=segments,
            state=EvaluationRun.State.SUCCEEDED,
            chrf_signature="nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3",
            bleu_signature="nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3",
            started_at=finished - timedelta(minutes=1),
            finished_at=finished,
        )
    return EvaluationResult.objects.create(
        run=run,
        provider=provider,
        provider_name=provider.name,
        model=provider.model,
        reported_model=provider.model if reported_model is None else reported_model,
        prompt_version=llm.TRANSLATE_VERSION if prompt_version is None else prompt_version,
        chrf=chrf,
        bleu=None if chrf is None else chrf / 2,
        qa_error_rate=0.02,
        qa_warning_rate=0.1,
        phi_blocks=0,
        tokens_in=40 * segments,
        tokens_out=45 * segments,
        failures=failures,
        segments=segments if translated is None else translated,
        cost=Decimal(cost),
        latency_p50_s=None if latency_p95_s is None else latency_p95_s / 2,
        latency_p95_s=latency_p95_s,
        error=error,
    )


def answered_as(provider: Provider, model: str, *, created_by, language: str = "ta", leaflet=None) -> Job:
    """A finished translation job whose provider's endpoint said it was `model` (its one batch says so)."""
    job = Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        leaflet=leaflet,
        language=language,
        provider=provider,
        reported_model=model,
        prompt_version=llm.TRANSLATE_VERSION,
        state=Job.State.SUCCEEDED,
        created_by=created_by,
    )
    JobBatch.objects.create(
        job=job,
        phase=JobBatch.Phase.TRANSLATE,
        index=0,
        state=JobBatch.State.SUCCEEDED,
        provider=provider,
        reported_model=model,
        claimed_at=timezone.now(),  # a call made now: after the evaluations these tests write
    )
    return job


def translate_routes(language: str = "ta") -> list[tuple[str, int]]:
    """(provider name, priority) of the language's translate routes, in route order."""
    return list(
        Route.objects.filter(kind=Route.Kind.TRANSLATE, language=language)
        .order_by("priority", "id")
        .values_list("provider__name", "priority")
    )
