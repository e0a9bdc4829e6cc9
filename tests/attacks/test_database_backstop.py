"""Going around the services with plain SQL-level ORM writes (a shell, a bug) cannot open the gate.

These run on SQLite and, in `make test`'s second pass, on PostgreSQL: every
rule here is a trigger on both.
"""

import uuid
from functools import partial

import pytest
from django.core.cache import cache
from django.db import connection

from review.models import Approval, AuditEvent, Publication
from review.selectors import gate_evaluate
from review.services import GateClosed, leaflet_publish, translation_request_changes
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_user, text_of
from tests.web.conftest import target_segments
from translations.models import Contribution, TargetSegment, TextVersion
from workbench.models import LeafletLanguage, Revision
from workbench.services import SegmentInput, revision_save


def test_reordering_segments_withdraws_the_approvals(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    first, last = target_segments(tamil)[0], target_segments(tamil)[-1]
    before = tamil.edit_generation

    TargetSegment.objects.filter(pk=first.pk).update(position=last.position + 1)

    tamil.refresh_from_db()
    assert tamil.content_hash == "" and tamil.edit_generation > before
    assert not gate_evaluate(leaflet=approved_leaflet).open
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)


def test_deleting_or_adding_a_segment_withdraws_the_approvals(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    before = tamil.edit_generation
    TargetSegment.objects.create(
        text_version=tamil, source_segment=segment.source_segment, key=uuid.uuid4(), position=99, text="கூடுதல்"
    )
    tamil.refresh_from_db()
    assert tamil.edit_generation > before and tamil.content_hash == ""
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)


def test_it_refuses_an_approval_naming_someone_who_is_no_reviewer_of_the_language(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    for who, stage in (
        (personas.reviewer("ms", "native"), "native"),
        (personas.publisher, "clinical"),
        (personas.reviewer("ta", "native"), "clinical"),
    ):
        refused_by_the_database(
            partial(
                Approval.objects.create,
                text_version=tamil,
                stage=stage,
                reviewer=who,
                decision="approved",
                content_hash=tamil.content_hash,
                generation=tamil.edit_generation,
            ),
            "no review right",
        )
    inactive = personas.reviewer("ta", "clinical")
    inactive.is_active = False
    inactive.save()
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="clinical",
            reviewer=inactive,
            decision="approved",
            content_hash=tamil.content_hash,
            generation=tamil.edit_generation,
        ),
        "no review right",
    )
    assert not Approval.objects.exists()


def test_it_refuses_deleting_a_required_language(approved_leaflet, personas):
    refused_by_the_database(
        lambda: LeafletLanguage.objects.filter(leaflet=approved_leaflet, language_id="ta").delete(), "never removed"
    )
    refused_by_the_database(
        lambda: LeafletLanguage.objects.filter(leaflet=approved_leaflet, language_id="ta").update(language_id="ms"),
        "never changed",
    )
    assert set(approved_leaflet.language_codes()) == {"en", "zh", "ms", "ta"}


@pytest.mark.parametrize("model", [Approval, AuditEvent, Publication, TextVersion, Revision, Contribution])
def test_it_refuses_deleting_append_only_rows(approved_leaflet, personas, model):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    assert model.objects.exists()

    def delete_with_sql():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")

    refused_by_the_database(delete_with_sql, "append-only|never")
    assert model.objects.exists()


def test_it_refuses_deleting_a_change_request(translated_leaflet, personas):
    request = translation_request_changes(
        text_version=text_of(translated_leaflet, "ta"),
        reviewer=make_user("ta_clinical_2", "Tamil clinicians"),
        stage="clinical",
        comment="The dose is wrong.",
    )
    refused_by_the_database(lambda: Approval.objects.filter(pk=request.pk).delete(), "append-only")
    assert Approval.objects.filter(pk=request.pk).exists()


def test_it_refuses_winding_a_leaflet_back_to_an_older_revision(approved_leaflet, personas):
    first = approved_leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in first.segments.all()]
    rows.append(SegmentInput(kind="paragraph", text="Drink plenty of water."))
    revision_save(leaflet=approved_leaflet, user=personas.author, segments=rows, base_revision_number=first.number)

    refused_by_the_database(
        lambda: type(approved_leaflet).objects.filter(pk=approved_leaflet.pk).update(current_revision=first),
        "older revision",
    )


def test_it_refuses_moving_a_text_to_another_language_or_a_segment_to_another_text(approved_leaflet):
    tamil, malay = text_of(approved_leaflet, "ta"), text_of(approved_leaflet, "ms")
    refused_by_the_database(lambda: TextVersion.objects.filter(pk=tamil.pk).update(language_id="ms"), "never moves")
    segment = target_segments(tamil)[0]
    refused_by_the_database(
        lambda: TargetSegment.objects.filter(pk=segment.pk).update(text_version=malay), "never moves"
    )


def test_a_back_translation_update_does_not_withdraw_approvals(approved_leaflet):
    tamil = text_of(approved_leaflet, "ta")
    TargetSegment.objects.filter(text_version=tamil).update(back_translation="how long?", back_translation_chrf=50)
    tamil.refresh_from_db()
    assert tamil.content_hash and gate_evaluate(leaflet=approved_leaflet).open


def test_approvals_inserted_by_hand_do_not_count_without_a_keyed_audit_event(translated_leaflet, personas):
    """Real reviewers, the current hash and generation: every trigger passes, but nobody holding the
    audit key recorded these decisions, so the gate stays closed and nothing is published."""
    for code in translated_leaflet.language_codes():
        tv = text_of(translated_leaflet, code)
        for stage in ("native", "clinical"):
            Approval.objects.create(
                text_version=tv,
                stage=stage,
                reviewer=personas.reviewer(code, stage),
                decision="approved",
                content_hash=tv.content_hash,
                generation=tv.edit_generation,
            )

    status = gate_evaluate(leaflet=translated_leaflet)
    assert not status.open and "Tamil: awaiting Clinician review." in status.reasons
    assert any("not recorded in the audit trail" in reason for reason in status.reasons)
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=translated_leaflet, publisher=personas.publisher)
    assert not Publication.objects.exists()


def test_a_withdrawal_inserted_by_hand_does_not_lift_a_change_request(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    requester = make_user("ta_clinical_2", "Tamil clinicians")
    request = translation_request_changes(
        text_version=tamil, reviewer=requester, stage="clinical", comment="The dose is wrong."
    )
    Approval.objects.create(
        text_version=tamil,
        stage="clinical",
        reviewer=requester,
        decision="request_withdrawn",
        withdraws=request,
        content_hash=tamil.content_hash,
        generation=tamil.edit_generation,
    )

    row = next(r for r in gate_evaluate(leaflet=translated_leaflet).rows if r.language == "ta")
    assert row.open_requests == [request]


def test_the_patient_page_shows_nothing_the_audit_trail_does_not_vouch_for(
    approved_leaflet, personas, as_user, needs_redis
):
    """Publication texts are immutable to UPDATE; someone who lifts that trigger to rewrite the words
    patients read still cannot forge the keyed publication event, so the page shows nothing."""
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    assert as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").status_code == 200
    tamil = publication.texts.get(language_id="ta")
    forged = [dict(item, text="மருந்தை நிறுத்துங்கள்.") if item["kind"] != "title" else item for item in tamil.body]

    with connection.cursor() as cursor:
        table = "review_publicationtext"
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER publication_text_immutable")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks in the way of ALTER TABLE
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER publication_text_immutable")
    type(tamil).objects.filter(pk=tamil.pk).update(body=forged)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/")
    assert "மருந்தை நிறுத்துங்கள்" not in response.content.decode()  # at most the cached, approved page
    cache.clear()
    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/")
    assert response.status_code == 404
    assert "மருந்தை நிறுத்துங்கள்" not in response.content.decode()
