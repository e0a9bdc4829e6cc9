"""The gate with a dual language: nothing is published before reconciliation, and the reconciler never approves."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval, Publication
from review.selectors import gate_evaluate
from review.services import GateClosed, leaflet_publish, translation_approve
from tests.conftest import approve_everything, text_of
from tests.dual_forward.helpers import segments_of
from tests.jobs.helpers import run_job_inline
from tests.support.review import seen
from translations.models import Job
from translations.reconciliation import reconciliation_save


def reconcile_all(text_version, user):
    reconciliation_save(
        text_version=text_version, user=user, choices={s.key: ("a", "") for s in segments_of(text_version)}
    )
    run_job_inline(Job.objects.filter(text_version=text_version).latest("id"))


def test_it_refuses_to_publish_before_the_versions_are_reconciled(awaiting, personas):
    leaflet = awaiting.revision.leaflet
    for stage in ("native", "clinical"):
        translation_approve(
            text_version=text_of(leaflet, "en"),
            expected_hash=seen(text_of(leaflet, "en")),
            reviewer=personas.reviewer("en", stage),
            stage=stage,
        )

    gate = gate_evaluate(leaflet=leaflet)
    assert "Malay: 3 segments not translated yet." in gate.reasons
    with pytest.raises(GateClosed) as refused:
        leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    assert "Malay: 3 segments not translated yet." in refused.value.reasons
    assert not Publication.objects.exists()


def test_it_refuses_an_approval_before_reconciliation(awaiting, personas):
    with pytest.raises(ValidationError) as refused:
        translation_approve(
            text_version=awaiting,
            expected_hash=seen(awaiting),
            reviewer=personas.reviewer("ms", "native"),
            stage="native",
        )

    assert refused.value.messages == ["Some segments are not translated yet."]

    assert not Approval.objects.exists()


def test_it_refuses_the_reconcilers_approval_of_what_they_reconciled(awaiting, personas):
    # A translator who is also a Malay clinician: reconciling makes them an editor of the text.
    from django.contrib.auth.models import Group

    from review.roles import stage_group_name
    from workbench.models import Language

    reconciler = personas.translator("ms")
    reconciler.groups.add(Group.objects.get(name=stage_group_name(Language.objects.get(code="ms"), "clinical")))
    reconcile_all(awaiting, reconciler)
    reconciler = type(reconciler).objects.get(pk=reconciler.pk)  # fresh permission cache

    with pytest.raises(ValidationError) as refused:
        translation_approve(
            text_version=text_of(awaiting.revision.leaflet, "ms"),
            expected_hash=seen(awaiting),
            reviewer=reconciler,
            stage="clinical",
        )

    assert "You wrote or edited this text" in " ".join(refused.value.messages)
    assert not Approval.objects.filter(reviewer=reconciler).exists()
    # The same reviewer right, without having reconciled: approving is allowed.
    translation_approve(
        text_version=text_of(awaiting.revision.leaflet, "ms"),
        expected_hash=seen(awaiting),
        reviewer=personas.reviewer("ms", "clinical"),
        stage="clinical",
    )


def test_once_reconciled_and_approved_by_others_it_publishes(awaiting, personas):
    leaflet = awaiting.revision.leaflet
    reconcile_all(awaiting, personas.translator("ms"))

    approve_everything(leaflet, personas)
    publication = leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    frozen = publication.texts.get(language_id="ms")
    assert [item["text"] for item in frozen.body] == [s.text for s in segments_of(text_of(leaflet, "ms"))]
