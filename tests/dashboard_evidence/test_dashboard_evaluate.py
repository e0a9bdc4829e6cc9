"""The dashboard's "Evaluate" button: queue a run of the chosen providers against a reference, and see its state."""

from __future__ import annotations

import pytest

from review.models import AuditEvent
from tests.conftest import TICO
from tests.web.conftest import messages_of, once
from translations.models import EvaluationResult, EvaluationRun


@pytest.fixture
def references(settings, tmp_path):
    """A reference folder with one TSV in the shared TICO-19 layout (the rows the tests share)."""
    lines = ["id\ten\tzh\tms\tta\tid_ID"] + [
        f"t{i}\t{row['en']}\t{row['zh']}\t{row['ms']}\t{row['ta']}\t-" for i, row in enumerate(TICO, start=1)
    ]
    (tmp_path / "clinic-sample.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a reference", encoding="utf-8")
    settings.EVALUATION_REFERENCE_DIR = tmp_path
    return tmp_path


def evaluate(client, providers, reference="clinic-sample.tsv", language="ta", source="en"):
    return client.post(
        f"/dashboard/evaluations/{language}/",
        {"providers": [p.pk for p in providers], "reference": reference, "source_language": source, "_once": once()},
        follow=True,
    )


def test_a_provider_manager_queues_an_evaluation_and_sees_it_listed_as_queued(
    providers, references, provider_manager, as_user
):
    client = as_user(provider_manager)
    page = client.get("/dashboard/").content.decode()
    assert '<option value="clinic-sample.tsv">' in page and "notes.txt" not in page

    response = evaluate(client, [providers["sharp"], providers["sloppy"]])

    run = EvaluationRun.objects.get()
    assert (run.language, run.source_language, run.reference, run.state, run.created_by) == (
        "ta",
        "en",
        "clinic-sample.tsv",
        EvaluationRun.State.QUEUED,
        provider_manager,
    )
    assert sorted(EvaluationResult.objects.filter(run=run).values_list("provider_name", flat=True)) == [
        "sharp",
        "sloppy",
    ]
    assert AuditEvent.objects.filter(verb="evaluation.queued", object_id=str(run.pk)).count() == 1
    assert any("Evaluation queued" in m for m in messages_of(response))
    assert f'<li data-run="{run.pk}" data-state="queued">' in response.content.decode()


def test_a_failed_run_is_listed_with_its_reason(providers, personas, as_user):
    EvaluationRun.objects.create(
        language="ms",
        reference="memory",
        state=EvaluationRun.State.FAILED,
        error="There is no approved translation memory from en to ms to compare with.",
    )

    html = as_user(personas.publisher).get("/dashboard/").content.decode()

    malay = html[html.index('id="evidence-ms"') : html.index('id="evidence-ta"')]
    assert 'data-state="failed"' in malay
    assert "There is no approved translation memory from en to ms to compare with." in malay


@pytest.mark.parametrize("who", ["outsider", "author", "publisher"])
def test_it_refuses_anyone_who_may_not_manage_providers(who, providers, references, personas, as_user):
    response = as_user(getattr(personas, who)).post(
        "/dashboard/evaluations/ta/",
        {"providers": [providers["sharp"].pk], "reference": "clinic-sample.tsv", "source_language": "en"},
    )

    assert response.status_code == 403
    assert not EvaluationRun.objects.exists()


def test_it_refuses_a_reference_outside_the_reference_folder(providers, references, provider_manager, as_user):
    response = evaluate(as_user(provider_manager), [providers["sharp"]], reference="../clinic-sample.tsv")

    assert messages_of(response)
    assert not EvaluationRun.objects.exists()


def test_it_refuses_the_memory_when_there_is_none_to_compare_with(providers, references, provider_manager, as_user):
    response = evaluate(as_user(provider_manager), [providers["sharp"]], reference="memory")

    assert any("no approved translation memory" in m for m in messages_of(response))
    assert not EvaluationRun.objects.exists()


def test_it_refuses_a_run_without_providers(providers, references, provider_manager, as_user):
    response = evaluate(as_user(provider_manager), [])

    assert messages_of(response)
    assert not EvaluationRun.objects.exists()
