"""review.invariants: each invariant, broken on purpose, is reported; a clean published leaflet reports nothing.

Where the product's own rules would refuse the broken state (a service, a
constraint, a database trigger), the state is written around the service with
update() or a plain insert; where a trigger refuses it even then, the test
asserts that refusal instead, since that is what keeps the invariant.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review.audit import audit_record
from review.invariants import invariant_violations
from review.models import (
    Approval,
    AuditEvent,
    AuditHead,
    Publication,
    PublicationText,
    WebhookDelivery,
    WebhookEndpoint,
)
from review.roles import stage_group_name
from review.services import leaflet_publish, publication_withdraw, translation_request_changes
from tests.conftest import approve_everything, make_leaflet, make_user, text_of, translate_all
from translations.models import EvaluationRun, Job, JobBatch, SegmentEdit, TargetSegment
from workbench.models import Language, Leaflet

pytestmark = [pytest.mark.faults]


@pytest.fixture
def published(approved_leaflet, personas) -> Publication:
    return leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)


def reported(fragment: str, *, settled: bool = True) -> list[str]:
    return [v for v in invariant_violations(settled=settled) if fragment in v]


def job_of(leaflet: Leaflet, personas, **fields) -> Job:
    tv = text_of(leaflet, "zh")
    return Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        leaflet=leaflet,
        revision_id=tv.revision_id,
        text_version=tv,
        language="zh",
        created_by=personas.author,
        **fields,
    )


def refused(write) -> str:
    """Run a write the database must refuse; the refusal's message."""
    with pytest.raises((IntegrityError, DatabaseError)) as caught, transaction.atomic():
        write()
    return str(caught.value)


# --- A clean run -------------------------------------------------------------------------------
def test_an_approved_and_published_leaflet_breaks_no_invariant(published):
    assert invariant_violations() == []


def test_the_command_says_so_and_exits_0(published, capsys):
    call_command("verify_invariants")

    assert "invariants OK" in capsys.readouterr().out


def test_the_command_prints_each_violation_and_exits_1(published, personas, capsys):
    job_of(published.leaflet, personas, state=Job.State.RUNNING)

    with pytest.raises(CommandError) as failed:
        call_command("verify_invariants")

    assert failed.value.returncode == 1
    assert "VIOLATED: 1 job(s) still queued or running" in capsys.readouterr().out


# --- Nothing left half-done ----------------------------------------------------------------------
def test_it_reports_a_job_left_running_once_the_work_settled(published, personas):
    job = job_of(published.leaflet, personas, state=Job.State.RUNNING)

    assert reported(f"job {job.pk} (translate, running)")
    assert not reported(f"job {job.pk} (translate, running)", settled=False)  # in flight, that is allowed


def test_it_reports_a_batch_left_queued_of_a_finished_job(published, personas):
    job = job_of(published.leaflet, personas, state=Job.State.FAILED, error="The model endpoint is down.")
    batch = JobBatch.objects.create(job=job, phase=JobBatch.Phase.TRANSLATE, index=0, state=JobBatch.State.RUNNING)

    assert reported(f"batch {batch.pk} (translate, running) of job {job.pk} (failed)")


def test_it_reports_an_evaluation_left_running(published, personas):
    run = EvaluationRun.objects.create(language="zh", reference="memory", state=EvaluationRun.State.RUNNING)

    assert reported(f"evaluation {run.pk} (running)")


def test_it_reports_a_webhook_delivery_nobody_is_sending(published):
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.org/", secret="whsec_x", events=["x"])
    overdue = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="leaflet.published",
        delivery_id=uuid.uuid4(),
        publication=published,
        payload="{}",
        next_attempt_at=timezone.now() - timedelta(minutes=10),
    )
    WebhookDelivery.objects.create(  # waiting for its scheduled retry: fine
        endpoint=endpoint,
        event="publication.withdrawn",
        delivery_id=uuid.uuid4(),
        publication=published,
        payload="{}",
        next_attempt_at=timezone.now() + timedelta(minutes=10),
    )

    assert [v for v in invariant_violations() if "webhook" in v] == [
        f"1 webhook delivery(ies) pending and overdue with nobody sending them: delivery {overdue.pk} "
        f"(leaflet.published of publication {published.pk})"
    ]


def test_it_reports_a_half_written_publication(published, personas):
    half = Publication.objects.create(
        leaflet=published.leaflet, revision=published.revision, published_by=personas.publisher
    )

    assert reported(f"publication(s) left pending (half-written): publication {half.pk}")


def test_it_reports_a_failed_job_without_a_reason(published, personas):
    job = job_of(published.leaflet, personas, state=Job.State.FAILED, error="  ")

    assert reported(f"failed job(s) without a reason: job {job.pk}")
    # It ended without its job.failed event too: an ending nobody can account for.
    assert reported(f"job {job.pk} (failed, no job.failed event)")


def test_it_reports_a_failed_batch_without_a_reason(published, personas):
    job = job_of(published.leaflet, personas, state=Job.State.FAILED, error="The endpoint refused the key.")
    batch = JobBatch.objects.create(job=job, phase=JobBatch.Phase.TRANSLATE, index=0, state=JobBatch.State.FAILED)

    assert reported(f"failed job batch(s) without a reason: job batch {batch.pk}")


# --- Nothing done twice --------------------------------------------------------------------------
def test_a_second_approval_of_one_stage_is_refused_by_the_database(published, personas):
    first = published.texts.get(language_id="zh").native_approval
    colleague = make_user("zh_native_2", stage_group_name(Language.objects.get(code="zh"), "native"))

    message = refused(
        lambda: Approval.objects.create(
            text_version=first.text_version,
            stage=first.stage,
            reviewer=colleague,
            decision=Approval.Decision.APPROVED,
            content_hash=first.content_hash,
            generation=first.generation,
        )
    )

    assert "approval_once_per_stage_and_generation" in message or "UNIQUE" in message.upper()


def test_it_reports_the_same_change_request_made_twice(translated_leaflet, personas):
    tv = text_of(translated_leaflet, "ms")
    reviewer = personas.reviewer("ms", "native")
    first = translation_request_changes(text_version=tv, reviewer=reviewer, stage="native", comment="Use 'ubat'.")
    # The service answers a repeat with the first request; a redelivered insert would not.
    Approval.objects.create(
        text_version=tv,
        stage="native",
        reviewer=reviewer,
        decision=Approval.Decision.CHANGES_REQUESTED,
        content_hash=first.content_hash,
        generation=first.generation,
        comment=first.comment,
    )

    assert reported(f"text version {tv.pk} has 2 identical open native change requests by user {reviewer.pk}")


def test_it_reports_a_job_that_ended_twice(published, personas):
    job = job_of(published.leaflet, personas)
    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED)
    for _ in range(2):  # what a redelivered task that ran its ending twice would leave
        with transaction.atomic():
            audit_record(
                actor=None, verb="job.succeeded", leaflet=published.leaflet, obj=job, data={"kind": "translate"}
            )

    assert reported(f"translations.job {job.pk} has 2 × job.succeeded (one job ending event allowed)")


def test_it_reports_a_job_that_succeeded_and_failed(published, personas):
    job = job_of(published.leaflet, personas, state=Job.State.FAILED, error="Timed out.")
    with transaction.atomic():
        audit_record(actor=None, verb="job.succeeded", leaflet=published.leaflet, obj=job)
        audit_record(actor=None, verb="job.failed", leaflet=published.leaflet, obj=job, data={"reason": "Timed out."})

    assert reported(f"translations.job {job.pk} has 1 × job.failed, 1 × job.succeeded")


def test_it_reports_a_publication_recorded_twice(published, personas):
    with transaction.atomic():
        audit_record(actor=personas.publisher, verb="leaflet.published", leaflet=published.leaflet, obj=published)

    assert reported(f"review.publication {published.pk} has 2 × leaflet.published")


def test_it_reports_the_same_revision_published_twice(published, personas):
    publication_withdraw(publication=published, user=personas.publisher, reason="A typo in the dose.")
    again = Publication.objects.create(
        leaflet=published.leaflet, revision=published.revision, published_by=personas.publisher
    )
    for text in published.texts.all():
        text.pk = None
        text.publication = again
        text.save()
    Publication.objects.filter(pk=again.pk).update(state=Publication.State.LIVE)

    assert reported(
        f"publication {again.pk} publishes revision {published.revision_id} of leaflet {published.leaflet_id} again"
    )
    assert reported(f"publication {again.pk} (leaflet {published.leaflet_id}) is not the one its sealed")


def test_a_confirmed_republication_is_no_duplicate(published, personas):
    publication_withdraw(publication=published, user=personas.publisher, reason="A typo in the dose.")
    leaflet_publish(leaflet=published.leaflet, publisher=personas.publisher, republish_reason="The typo was ours.")

    assert invariant_violations() == []


# --- Nothing reaches patients unapproved ---------------------------------------------------------
def publish_around_the_services(leaflet: Leaflet, personas, approvals: dict) -> Publication:
    """What a shell session could write: a pending publication, its texts, the flip to live (no audit event)."""
    publication = Publication.objects.create(
        leaflet=leaflet, revision_id=leaflet.current_revision_id, published_by=personas.publisher
    )
    for code in leaflet.language_codes():
        tv = text_of(leaflet, code)
        PublicationText.objects.create(
            publication=publication,
            language_id=code,
            text_version=tv,
            content_hash=tv.content_hash,
            edit_generation=tv.edit_generation,
            native_approval=approvals[(code, "native")],
            clinical_approval=approvals[(code, "clinical")],
            title="t",
            body=[{"kind": s.source_segment.kind, "text": s.text, "key": str(s.key)} for s in tv.segments.all()],
        )
    Publication.objects.filter(pk=publication.pk).update(state=Publication.State.LIVE)
    return publication


def test_it_reports_a_publication_whose_approvals_the_audit_trail_does_not_record(translated_leaflet, personas):
    approvals = {}
    for code in translated_leaflet.language_codes():
        tv = text_of(translated_leaflet, code)
        for stage in ("native", "clinical"):
            # Rows that pass every trigger (real reviewer, current hash) but were never sealed by the service.
            approvals[(code, stage)] = Approval.objects.create(
                text_version=tv,
                stage=stage,
                reviewer=personas.reviewer(code, stage),
                decision=Approval.Decision.APPROVED,
                content_hash=tv.content_hash,
                generation=tv.edit_generation,
            )

    publication = publish_around_the_services(translated_leaflet, personas, approvals)

    native = approvals[("zh", "native")]
    assert reported(f"publication {publication.pk} (zh): its native approval {native.pk} is not a sealed native")
    assert reported(f"publication {publication.pk} (leaflet {translated_leaflet.pk}) is not the one its sealed")


def test_a_publication_of_other_content_than_approved_is_refused_by_the_database(published, personas):
    live = published.texts.get(language_id="ta")
    Publication.objects.filter(pk=published.pk).update(
        state=Publication.State.WITHDRAWN, withdrawal_reason="to try", withdrawn_at=timezone.now()
    )
    pending = Publication.objects.create(
        leaflet=published.leaflet, revision=published.revision, published_by=personas.publisher
    )

    message = refused(
        lambda: PublicationText.objects.create(
            publication=pending,
            language_id="ta",
            text_version=live.text_version,
            content_hash="0" * 64,
            edit_generation=live.edit_generation,
            native_approval=live.native_approval,
            clinical_approval=live.clinical_approval,
            title=live.title,
            body=live.body,
        )
    )

    assert "gate: the text changed since it was approved" in message


def test_one_person_giving_both_approvals_is_refused_by_the_database(translated_leaflet, personas):
    tv = text_of(translated_leaflet, "ta")
    dual = personas.dual_tamil

    def both():
        for stage in ("native", "clinical"):
            Approval.objects.create(
                text_version=tv,
                stage=stage,
                reviewer=dual,
                decision=Approval.Decision.APPROVED,
                content_hash=tv.content_hash,
                generation=tv.edit_generation,
            )

    assert "gate: one person cannot give both approvals of one language" in refused(both)


def test_a_writer_approving_their_own_text_is_refused_by_the_database(translated_leaflet, personas):
    tv = text_of(translated_leaflet, "ms")
    reviewer = personas.reviewer("ms", "clinical")
    TargetSegment.objects.filter(text_version=tv, position=1).update(updated_by=reviewer)
    tv.refresh_from_db()

    message = refused(
        lambda: Approval.objects.create(
            text_version=tv,
            stage="clinical",
            reviewer=reviewer,
            decision=Approval.Decision.APPROVED,
            content_hash=tv.content_hash or "x",
            generation=tv.edit_generation,
        )
    )

    assert "gate: nobody approves a text they wrote or edited" in message


def test_it_reports_an_approval_by_someone_who_had_edited_the_text(published, personas):
    text = published.texts.get(language_id="zh")
    reviewer = text.clinical_approval.reviewer
    segment = TargetSegment.objects.filter(text_version=text.text_version).order_by("position").last()
    # An edit record the contribution triggers never saw (written straight into the history table),
    # dated before the approval.
    edit = SegmentEdit.objects.create(target_segment=segment, editor=reviewer, old_text="", new_text=segment.text)
    SegmentEdit.objects.filter(pk=edit.pk).update(created_at=text.clinical_approval.created_at - timedelta(hours=1))

    assert reported(
        f"publication {published.pk} (zh): approval {text.clinical_approval_id} is by user {reviewer.pk}, "
        f"who edited segment(s) {segment.key}"
    )


def test_an_edit_made_after_the_approval_does_not_void_it_in_hindsight(published, personas):
    text = published.texts.get(language_id="zh")
    segment = TargetSegment.objects.filter(text_version=text.text_version).order_by("position").last()
    SegmentEdit.objects.create(
        target_segment=segment, editor=text.clinical_approval.reviewer, old_text="", new_text=segment.text
    )

    assert [v for v in invariant_violations() if "who edited" in v] == []


# --- Webhooks ------------------------------------------------------------------------------------
@pytest.fixture
def delivery(published) -> WebhookDelivery:
    endpoint = WebhookEndpoint.objects.create(
        url="https://hooks.example.org/", secret="whsec_x", events=["leaflet.published"]
    )
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="leaflet.published",
        delivery_id=uuid.uuid4(),
        publication=published,
        payload="{}",
        state=WebhookDelivery.State.SUCCEEDED,
    )


def record(delivery: WebhookDelivery, verb: str, delivery_id=None) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            verb=verb,
            leaflet=delivery.publication.leaflet,
            obj=delivery,
            data={"delivery_id": str(delivery_id or delivery.delivery_id), "event": delivery.event},
        )


def test_it_reports_two_deliveries_of_one_event_to_one_endpoint(delivery):
    WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        delivery_id=uuid.uuid4(),
        publication=delivery.publication,
        payload="{}",
        state=WebhookDelivery.State.SUCCEEDED,
    )

    assert reported(f"2 webhook deliveries of leaflet.published for publication {delivery.publication_id}")


def test_it_reports_a_resend_under_another_delivery_id(delivery):
    record(delivery, "webhook.delivered")
    record(delivery, "webhook.resent", delivery_id=uuid.uuid4())

    assert reported(
        f"another delivery id than the delivery has (an attempt or re-send must keep it): delivery {delivery.pk}"
    )


def test_it_reports_a_delivery_that_ended_twice_without_a_resend(delivery):
    record(delivery, "webhook.delivered")
    record(delivery, "webhook.delivered")

    assert reported(f"webhook delivery {delivery.pk} ended 2 times but was re-sent 0 time(s)")


def test_a_resent_delivery_may_end_twice(delivery):
    record(delivery, "webhook.failed")
    record(delivery, "webhook.resent")
    record(delivery, "webhook.delivered")

    assert [v for v in invariant_violations() if "webhook" in v] == []


# --- Every stored text has a writer -------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "change"),
    [
        ("zh", {"text": "改过的文字"}),  # a model's text changed behind the services' back
        ("zh", {"origin": "human"}),  # "a person wrote it", with nobody named
        ("ms", {"origin": "memory"}),  # "from memory", with no memory entry
        ("ta", {"origin": "none"}),  # "not translated", with text
        ("en", {"text": "Drink water, not tea."}),  # a source text that is not its source segment
    ],
)
def test_it_reports_a_segment_whose_text_no_record_accounts_for(translated_leaflet, language, change):
    # Translated, not yet approved: approving would make its texts translation memory.
    tv = text_of(translated_leaflet, language)
    segment = TargetSegment.objects.filter(text_version=tv).order_by("position").last()
    TargetSegment.objects.filter(pk=segment.pk).update(**change)

    assert reported(f"segment {segment.pk} (")


def test_a_segment_edited_through_the_service_has_its_record(published, personas):
    from translations.edits import target_segment_edit

    tv = text_of(published.leaflet, "ms")
    segment = TargetSegment.objects.filter(text_version=tv).order_by("position").last()
    target_segment_edit(segment=segment, editor=personas.translator("ms"), text="Teks baharu.", expected_seq=0)

    assert [v for v in invariant_violations() if "target segment" in v] == []


def test_it_reports_a_human_text_changed_after_its_last_edit(published, personas):
    from translations.edits import target_segment_edit

    tv = text_of(published.leaflet, "ms")
    segment = TargetSegment.objects.filter(text_version=tv).order_by("position").last()
    target_segment_edit(segment=segment, editor=personas.translator("ms"), text="Teks baharu.", expected_seq=0)
    TargetSegment.objects.filter(pk=segment.pk).update(text="Teks lain.")

    assert reported(f"segment {segment.pk} (human text")


# --- The audit chain -----------------------------------------------------------------------------
def test_rewriting_an_audit_event_is_refused_by_the_database(published):
    assert "the audit trail is append-only" in refused(lambda: AuditEvent.objects.update(data={}))


def test_it_reports_a_broken_audit_chain(published):
    head = AuditHead.objects.get()
    # Inserting is all a database writer can do to the trail; an event not chained to the head breaks it.
    AuditEvent.objects.create(
        seq=head.seq + 1,
        created_at=timezone.now(),
        verb="leaflet.published",
        prev_hash="f" * 64,
        hash="e" * 64,
        seal=AuditEvent.Seal.KEYED,
    )

    assert reported(f"the audit chain is broken at event {head.seq + 1}")


# --- Bounded ------------------------------------------------------------------------------------
def publish_leaflets(personas, n: int) -> None:
    for i in range(n):
        leaflet = make_leaflet(personas.author, title=f"Race {i + 1}")
        translate_all(leaflet)
        approve_everything(leaflet, personas)
        leaflet_publish(leaflet=leaflet, publisher=personas.publisher)


def queries_of_a_check() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert invariant_violations() == []
    return len(queries)


def test_the_check_runs_the_same_number_of_queries_for_one_leaflet_and_for_four(personas):
    publish_leaflets(personas, 1)
    one = queries_of_a_check()
    publish_leaflets(personas, 3)

    assert queries_of_a_check() == one
