"""Revalidation: a provider that answers as another model, or a prompt that changed, since its last evaluation."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from review.models import AuditEvent
from tests.conftest import make_leaflet, make_user
from tests.evaluation.conftest import make_provider
from tests.jobs.helpers import run_job_inline
from tests.support.fake_llm import Step
from translations import evaluation, jobs, llm
from translations.models import EvaluationResult, EvaluationRun, Job, JobBatch, MemoryEntry

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def evaluate(language: str, reference: str, *providers: str) -> None:
    args = ["--language", language, "--reference", reference, "--limit", "3"]
    if providers:
        args += ["--providers", ",".join(providers)]
    call_command("evaluate_providers", *args, stdout=StringIO())


def translate(personas, language: str = "ms"):
    job = jobs.job_queue_translation(leaflet=make_leaflet(personas.author), user=personas.author, languages=[language])[
        0
    ]
    return run_job_inline(job)


def test_the_flag_appears_when_the_server_starts_reporting_another_model(personas, good, quality_server, tico_path):
    evaluate("ms", str(tico_path))
    assert evaluation.revalidation_needed([good]) == {}

    quality_server.reported_models["good-model"] = "good-model-2026-01"
    job = translate(personas)

    assert job.reported_model == "good-model-2026-01"
    reason = evaluation.revalidation_needed([good])[good.pk]
    assert "good-model-2026-01" in reason and "last evaluation was of good-model." in reason


def test_an_evaluation_of_the_new_model_clears_the_flag(personas, good, quality_server, tico_path):
    evaluate("ms", str(tico_path))
    quality_server.reported_models["good-model"] = "good-model-2026-01"
    translate(personas)

    evaluate("ms", str(tico_path))

    assert evaluation.revalidation_needed([good]) == {}


def test_a_new_prompt_version_flags_every_evaluated_provider(good, dropper, tico_path, monkeypatch):
    evaluate("zh", str(tico_path), "good")

    monkeypatch.setattr(llm, "TRANSLATE_VERSION", "translate-v4")

    reasons = evaluation.revalidation_needed([good, dropper])
    assert list(reasons) == [good.pk]  # dropper was never evaluated: "not evaluated yet" is not this
    assert "prompt translate-v3; jobs now use translate-v4" in reasons[good.pk]


def test_a_failed_evaluation_is_not_what_the_model_is_compared_with(good, quality_server, tico_path):
    evaluate("ms", str(tico_path))
    quality_server.set_default(Step.status(500))
    with pytest.raises(SystemExit):
        evaluate("ms", str(tico_path))  # good could not be evaluated: no model reported
    _a_call(good, "good-model")

    assert EvaluationResult.objects.filter(provider=good).exclude(error="").count() == 1
    assert evaluation.revalidation_needed([good]) == {}


def test_calls_made_before_the_last_evaluation_do_not_count(good, tico_path):
    _a_call(good, "good-model-2025")  # the model the endpoint served before it was switched

    evaluate("ms", str(tico_path))

    assert evaluation.revalidation_needed([good]) == {}
    _a_call(good, "good-model-2027")
    assert "good-model-2027" in evaluation.revalidation_needed([good])[good.pk]


def _a_call(provider, reported_model: str) -> JobBatch:
    job = _a_job(provider)
    return JobBatch.objects.create(
        job=job,
        phase="translate",
        index=1,
        provider=provider,
        state="succeeded",
        reported_model=reported_model,
        claimed_at=timezone.now(),
    )


def _a_job(provider):
    someone = make_user(f"someone{Job.objects.count()}")
    return Job.objects.create(kind="translate", language="ms", provider=provider, created_by=someone)


def _seed(size: int, server) -> list:
    providers = [make_provider(server, f"p{i}", f"model-{i}") for i in range(size)]
    job = _a_job(providers[0])
    for language in ("zh", "ms"):
        run = EvaluationRun.objects.create(
            language=language, reference="memory", state="succeeded", segments=3, finished_at=timezone.now()
        )
        for p in providers:
            EvaluationResult.objects.create(
                run=run, provider=p, provider_name=p.name, model=p.model, reported_model=p.model, prompt_version="x"
            )
    for i, p in enumerate(providers):
        JobBatch.objects.create(
            job=job,
            phase="translate",
            index=i,
            provider=p,
            state="succeeded",
            reported_model=f"{p.model}-new",
            claimed_at=timezone.now(),
        )
    return providers


@pytest.mark.parametrize("size", [2, 7])
def test_the_reads_take_one_query_whatever_the_number_of_providers(
    size, db, model_server, needs_redis, django_assert_num_queries
):
    providers = _seed(size, model_server)

    with django_assert_num_queries(1):
        results = evaluation.latest_results()
        assert len(results) == 2 * size and all(r.provider.name and r.run.language for r in results)
    with django_assert_num_queries(1):
        reasons = evaluation.revalidation_needed(providers)
    assert set(reasons) == {p.pk for p in providers}
    with django_assert_num_queries(1):
        assert len(evaluation.latest_results(language="zh")) == size


def test_latest_results_keep_only_each_providers_newest_finished_run(good, dropper, tico_path):
    evaluate("ms", str(tico_path), "good", "dropper")
    evaluate("ms", str(tico_path), "good")
    EvaluationRun.objects.create(language="ms", reference="memory")  # queued: not a result yet
    EvaluationResult.objects.create(
        run=EvaluationRun.objects.get(state="queued"),
        provider=good,
        provider_name="good",
        model="good-model",
        prompt_version="translate-v3",
    )

    latest = {r.provider_name: r for r in evaluation.latest_results(language="ms")}

    newest = EvaluationRun.objects.filter(state="succeeded").order_by("-finished_at").first()
    assert latest["good"].run == newest and latest["dropper"].run != newest
    assert evaluation.latest_results(language="ta") == []


# --- Revalidating on its own -----------------------------------------------------------------------
@pytest.fixture
def auto(settings):
    settings.EVALUATION_AUTO_REVALIDATE = True


def test_a_job_answered_by_another_model_queues_one_rerun(
    auto, personas, good, quality_server, tico_path, django_capture_on_commit_callbacks
):
    evaluate("ms", str(tico_path))
    quality_server.reported_models["good-model"] = "good-model-2026-01"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        translate(personas)
        translate(personas)  # a second job while the re-run is queued queues no other

    run = EvaluationRun.objects.get(state=EvaluationRun.State.QUEUED)
    assert len(callbacks) >= 1
    assert run.language == "ms" and run.reference == "tico19-dev.tsv" and run.created_by is None
    assert list(run.results.values_list("provider_name", flat=True)) == ["good"]
    event = AuditEvent.objects.get(verb="evaluation.queued")
    assert event.data["revalidation"]["model"] == "good-model-2026-01"
    assert event.data["revalidation"]["evaluated_model"] == "good-model"


def test_the_rerun_uses_the_approved_memory_when_the_pair_has_one(auto, personas, good, quality_server, tico_path):
    evaluate("ms", str(tico_path))
    MemoryEntry.objects.create(
        source_language="en", target_language="ms", source_hash="h", source_text="Rest well.", target_text="Rehat."
    )
    quality_server.reported_models["good-model"] = "good-model-2026-01"

    translate(personas)

    assert EvaluationRun.objects.get(state="queued").reference == "memory"


def test_the_queued_rerun_runs_on_the_default_reference(auto, personas, good, quality_server, tico_path, settings):
    settings.EVALUATION_REFERENCE_DIR = tico_path.parent
    evaluate("ms", str(tico_path))
    quality_server.reported_models["good-model"] = "good-model-2026-01"
    translate(personas)
    run = EvaluationRun.objects.get(state="queued")
    settings.MODEL_BATCH_MAX_SEGMENTS = 400  # the whole dev set, in few calls

    evaluation.evaluation_run_queued(run_id=run.pk)

    run.refresh_from_db()
    assert run.state == EvaluationRun.State.SUCCEEDED and run.segments == 1971
    assert evaluation.revalidation_needed([good]) == {}


@pytest.mark.parametrize("case", ["setting off", "same model", "never evaluated in the language"])
def test_nothing_is_queued_without_a_reason(case, settings, personas, good, quality_server, tico_path):
    settings.EVALUATION_AUTO_REVALIDATE = case != "setting off"
    evaluate("zh" if case == "never evaluated in the language" else "ms", str(tico_path))
    if case != "same model":
        quality_server.reported_models["good-model"] = "good-model-2026-01"

    translate(personas)

    assert not EvaluationRun.objects.filter(state="queued").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("EVALUATION_AUTO_REVALIDATE", "sometimes", "EVALUATION_AUTO_REVALIDATE='sometimes' is not a boolean"),
        ("EVALUATION_DEFAULT_REFERENCE", "../etc/x.tsv", "must be a file name inside"),
    ],
)
def test_a_bad_setting_stops_the_start(variable, value, message):
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings", variable: value},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0 and message in done.stderr
