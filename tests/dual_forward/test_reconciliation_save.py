"""Saving a reconciliation: the chosen texts become the segments, written by the reconciler, and are
back-translated blind."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from review.models import AuditEvent
from tests.conftest import TICO
from tests.dual_forward.conftest import MALAY_B
from tests.dual_forward.helpers import segments_of, versions_of
from tests.jobs.helpers import run_job_inline
from tests.support.fake_llm import Step
from translations.models import Contribution, Job, Reconciliation, Route, SegmentEdit, TargetSegment, TextVersion
from translations.reconciliation import reconciliation_save

OWN = "berapa lamakah anda sudah mengalami simptom ini?"


def choose(text_version, first: tuple[str, str]) -> dict:
    """Version A for the title and the second sentence, `first` for the first sentence."""
    title, one, two = segments_of(text_version)
    return {title.key: ("a", ""), one.key: first, two.key: ("b", "")}


def test_the_chosen_texts_become_the_segments_written_by_the_reconciler(awaiting, personas):
    translator = personas.translator("ms")
    reconciliation_save(text_version=awaiting, user=translator, choices=choose(awaiting, ("own", OWN)))

    title, one, two = segments_of(awaiting)
    versions = versions_of(awaiting)
    assert (title.text, one.text, two.text) == (versions[title.key]["a"].text, OWN, TICO[1]["ms"])
    assert {s.updated_by for s in (title, one, two)} == {translator}
    assert all(s.origin == TargetSegment.Origin.HUMAN for s in (title, one, two))
    assert set(
        Contribution.objects.filter(leaflet=awaiting.revision.leaflet, language="ms").values_list("user", flat=True)
    ) == {translator.pk}
    assert SegmentEdit.objects.filter(target_segment__text_version=awaiting, editor=translator).count() == 3


def test_each_choice_is_recorded_with_the_versions_it_was_made_from(awaiting, personas):
    translator = personas.translator("ms")
    reconciliation_save(text_version=awaiting, user=translator, choices=choose(awaiting, ("own", OWN)))

    _title, one, _two = segments_of(awaiting)
    rows = {r.key: r for r in Reconciliation.objects.filter(text_version=awaiting)}
    assert sorted(r.choice for r in rows.values()) == ["a", "b", "own"]
    assert rows[one.key].version_a.text == TICO[0]["ms"] and rows[one.key].version_b.text == MALAY_B
    assert rows[one.key].text == OWN and rows[one.key].reconciled_by == translator
    event = AuditEvent.objects.get(verb="reconciliation.saved")
    assert event.actor == translator and event.object_id == str(awaiting.pk)
    assert sorted(s["choice"] for s in event.data["segments"]) == ["a", "b", "own"]
    assert event.data["back_translation_provider"] == "scripted-c"


def test_the_reconciled_text_is_back_translated_blind_by_the_third_provider(awaiting, personas, servers):
    reconciliation_save(text_version=awaiting, user=personas.translator("ms"), choices=choose(awaiting, ("own", OWN)))
    job = Job.objects.filter(text_version=awaiting).latest("id")
    assert job.provider.name == "scripted-c" and job.brief["reconciled"]
    run_job_inline(job)

    (request,) = servers["c"].requests
    assert request.task == "back_translate"
    sent = request.raw.decode("utf-8")
    segments = request.payload["segments"]
    texts = sorted(segments.values() if isinstance(segments, dict) else [s["text"] for s in segments])
    assert texts == sorted(s.text for s in segments_of(awaiting))
    # Only the reconciled text: neither the source nor the version that was not chosen.
    for english in (TICO[0]["en"], TICO[1]["en"]):
        assert english not in sent
    assert MALAY_B not in sent and TICO[0]["ms"] not in sent
    assert len(servers["a"].requests) == len(servers["b"].requests) == 1  # their translations only
    awaiting.refresh_from_db()
    assert awaiting.state == TextVersion.State.IN_REVIEW
    assert all(s.back_translation for s in segments_of(awaiting))


def test_it_refuses_a_reviewer_who_is_not_a_translator_of_the_language(awaiting, personas):
    with pytest.raises(PermissionDenied):
        reconciliation_save(
            text_version=awaiting, user=personas.reviewer("ms", "native"), choices=choose(awaiting, ("a", ""))
        )

    assert not Reconciliation.objects.exists()
    assert not TargetSegment.objects.filter(text_version=awaiting).exclude(text="").exists()


def test_it_refuses_the_whole_page_when_one_choice_is_unfit(awaiting, personas):
    with pytest.raises(ValidationError) as refused:
        reconciliation_save(
            text_version=awaiting, user=personas.translator("ms"), choices=choose(awaiting, ("own", "  "))
        )

    assert "empty" in " ".join(refused.value.messages)
    assert not Reconciliation.objects.exists()
    assert not TargetSegment.objects.filter(text_version=awaiting).exclude(text="").exists()
    assert not AuditEvent.objects.filter(verb="reconciliation.saved").exists()


def test_it_refuses_an_unknown_choice(awaiting, personas):
    with pytest.raises(ValidationError):
        reconciliation_save(text_version=awaiting, user=personas.translator("ms"), choices=choose(awaiting, ("c", "")))

    assert not Reconciliation.objects.exists()


def test_it_refuses_a_segment_reconciled_already(awaiting, personas):
    translator = personas.translator("ms")
    title, *_rest = segments_of(awaiting)
    reconciliation_save(text_version=awaiting, user=translator, choices={title.key: ("a", "")})
    Job.objects.filter(text_version=awaiting).update(state=Job.State.SUCCEEDED)  # its back-translation is done

    with pytest.raises(ValidationError) as refused:
        reconciliation_save(text_version=awaiting, user=translator, choices={title.key: ("own", "Semakan")})

    assert "already has its text" in " ".join(refused.value.messages)
    assert Reconciliation.objects.count() == 1


def test_it_refuses_while_a_job_is_running_on_the_text(awaiting, personas):
    Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=Job.State.RUNNING,
        text_version=awaiting,
        language="ms",
        leaflet=awaiting.revision.leaflet,
        created_by=personas.author,
    )

    with pytest.raises(ValidationError) as refused:
        reconciliation_save(text_version=awaiting, user=personas.translator("ms"), choices=choose(awaiting, ("a", "")))

    assert "still working" in " ".join(refused.value.messages)
    assert not Reconciliation.objects.exists()


def test_it_refuses_an_ordinary_edit_that_would_skip_reconciliation(awaiting, personas):
    from translations.edits import target_segment_edit

    _title, one, _two = segments_of(awaiting)
    with pytest.raises(ValidationError) as refused:
        target_segment_edit(segment=one, editor=personas.translator("ms"), text=MALAY_B, expected_seq=one.edit_seq)

    assert "reconcile its two versions" in " ".join(refused.value.messages)
    assert TargetSegment.objects.get(pk=one.pk).text == ""


@override_settings(MODEL_MAX_ATTEMPTS=1)
def test_it_refuses_to_fall_back_to_a_provider_that_wrote_a_version_when_the_third_one_fails(
    awaiting, personas, servers, providers
):
    # Back-translations go to the third provider first, then to the two that wrote the versions.
    for priority, slot in enumerate(("c", "a", "b")):
        Route.objects.create(kind="back_translate", language="ms", provider=providers[slot], priority=priority)
    servers["c"].set_default(Step.status(503), task="back_translate")
    reconciliation_save(text_version=awaiting, user=personas.translator("ms"), choices=choose(awaiting, ("a", "")))
    job = Job.objects.filter(text_version=awaiting).latest("id")

    job = run_job_inline(job)

    # The route goes on to scripted and scripted-b after scripted-c, but they wrote the versions:
    # the back-translation fails with its reason rather than be judged by one of its writers.
    assert job.state == Job.State.FAILED and "503" in job.error
    assert len(servers["a"].requests) == len(servers["b"].requests) == 1  # their translations only
