"""Attacks on dual forward translation and reconciliation (issue 17), through every entry point.

A language translated twice must get its text only from a reconciler's choice
between two independent versions: never a third version typed on the
translation screen, sent through the API or imported from a vendor, and never
a version the reconciler was not shown. What a dual job records about the
model that answered must be true of the provider it names.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import text_of
from tests.dual_forward.conftest import (  # noqa: F401 - fixtures
    MALAY_B,
    awaiting,
    dual_leaflet,
    providers,
    servers,
    translate_twice,
)
from tests.dual_forward.helpers import segments_of, versions_of
from translations.edits import target_segment_edit
from translations.models import ForwardTranslation, Job, Reconciliation, SegmentEdit, TargetSegment


# --- A third version through the ordinary edit paths ---------------------------------------------------
def _fill_through_the_translation_screen(malay, segment, personas, as_user) -> None:
    as_user(personas.translator("ms")).post(
        f"/translate/{malay.pk}/segments/{segment.key}/", {"text": MALAY_B, "edit_seq": segment.edit_seq}
    )


def _fill_through_the_api(malay, segment, personas, as_user) -> None:
    from rest_framework.test import APIClient

    from workbench.api_tokens import api_token_create

    client = APIClient()
    key = api_token_create(user=personas.reviewer("ms", "clinical"), name="attack", days=1).key
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    etag = client.get(f"/api/texts/{malay.pk}/")["ETag"]
    client.patch(f"/api/texts/{malay.pk}/segments/{segment.key}/", {"text": MALAY_B}, format="json", HTTP_IF_MATCH=etag)


def _fill_through_a_reviewer_edit(malay, segment, personas, as_user) -> None:
    try:
        target_segment_edit(
            segment=segment, editor=personas.reviewer("ms", "native"), text=MALAY_B, expected_seq=segment.edit_seq
        )
    except ValidationError:
        pass


@pytest.mark.parametrize(
    "fill", [_fill_through_the_translation_screen, _fill_through_the_api, _fill_through_a_reviewer_edit]
)
@pytest.mark.parametrize("job_ran", [False, True], ids=["before-any-job", "after-a-job-that-stored-nothing"])
def test_it_refuses_a_third_version_filling_a_dual_segment_before_any_version_exists(
    fill,
    job_ran,
    dual_leaflet,  # noqa: F811
    personas,
    as_user,
):
    # Malay is translated twice, but no version exists yet: no job ran, or it ran with no provider (or every
    # batch failed). One person typing the text would skip both independent versions and the reconciliation.
    malay = translate_twice(dual_leaflet, personas.author) if job_ran else text_of(dual_leaflet, "ms")
    assert not ForwardTranslation.objects.filter(text_version=malay).exists()
    _title, one, _two = segments_of(malay)

    fill(malay, one, personas, as_user)

    assert TargetSegment.objects.get(pk=one.pk).text == ""
    assert not SegmentEdit.objects.filter(target_segment=one, applied=True).exists()


# --- What the job says it ran -----------------------------------------------------------------------------
def test_it_refuses_to_record_the_second_providers_model_as_the_model_of_the_jobs_provider(
    dual_leaflet,  # noqa: F811
    providers,  # noqa: F811
    personas,
    settings,
):
    from django.utils import timezone

    from review.models import AuditEvent
    from translations import llm
    from translations.models import EvaluationResult, EvaluationRun

    settings.EVALUATION_AUTO_REVALIDATE = True
    # Both providers were evaluated into Malay as the models they still are.
    run = EvaluationRun.objects.create(
        language="ms",
        source_language="en",
        reference="memory",
        state=EvaluationRun.State.SUCCEEDED,
        segments=2,
        finished_at=timezone.now(),
    )
    for slot in ("a", "b"):
        provider = providers[slot]
        EvaluationResult.objects.create(
            run=run,
            provider=provider,
            provider_name=provider.name,
            model=provider.model,
            reported_model=f"model-{slot}",
            prompt_version=llm.TRANSLATE_VERSION,
            chrf=90.0,
            segments=2,
        )

    malay = translate_twice(dual_leaflet, personas.author)

    job = Job.objects.select_related("provider").get(text_version=malay)
    event = AuditEvent.objects.get(verb="job.succeeded", object_id=str(job.pk))
    # The job names one provider; the model recorded with it must be one that provider answered as.
    answered = set(job.batches.filter(provider=job.provider).values_list("reported_model", flat=True))
    assert job.reported_model in answered and event.data["model"] in answered
    # Nobody changed a model: no re-run of an evaluated provider is queued.
    assert not EvaluationRun.objects.filter(state=EvaluationRun.State.QUEUED).exists()


# --- A stale reconciliation page --------------------------------------------------------------------------
def test_it_refuses_a_choice_made_on_a_page_that_showed_older_versions(awaiting, personas, as_user):  # noqa: F811
    import re

    translator = personas.translator("ms")
    client = as_user(translator)
    _title, one, _two = segments_of(awaiting)
    page = client.get(f"/reconcile/{awaiting.pk}/").content.decode()
    shown = dict(re.findall(r'name="(seen-[0-9a-f-]+)" value="([0-9,]+)"', page))
    # While the page is open, a re-run stores a newer version A of the segment (versions are only added).
    older = versions_of(awaiting)[one.key]["a"]
    ForwardTranslation.objects.create(
        text_version=awaiting,
        key=one.key,
        slot="a",
        number=older.number + 1,
        text="berapa lama anda sudah sakit? jangan ambil ubat",
        origin=older.origin,
        provider=older.provider,
    )

    # "Use version A" as the page showed it: the reconciler never saw the newer version A.
    response = client.post(
        f"/reconcile/{awaiting.pk}/", {**shown, f"choice-{one.key}": "a", f"own-{one.key}": older.text}
    )

    assert response.status_code == 400
    assert TargetSegment.objects.get(pk=one.pk).text == ""
    assert not Reconciliation.objects.exists()
