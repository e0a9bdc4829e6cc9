"""Publishing a text that was withdrawn again needs a new revision or the publisher's explicit, audited confirmation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent, Publication
from review.services import leaflet_publish, publication_withdraw


@pytest.fixture
def withdrawn(approved_leaflet, personas) -> Publication:
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    return publication_withdraw(publication=publication, user=personas.publisher, reason="Dose guidance changed.")


def test_it_refuses_to_publish_the_withdrawn_revision_again_on_a_click(approved_leaflet, personas, withdrawn):
    with pytest.raises(ValidationError) as refused:
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert refused.value.code == "republish_needs_confirmation"
    assert "Dose guidance changed." in refused.value.messages[0]
    assert not Publication.objects.filter(leaflet=approved_leaflet, state=Publication.State.LIVE).exists()


def test_it_refuses_a_blank_confirmation(approved_leaflet, personas, withdrawn):
    with pytest.raises(ValidationError):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher, republish_reason="   ")

    assert Publication.objects.filter(leaflet=approved_leaflet).count() == 1


def test_a_confirmed_republication_is_published_and_audited_with_the_reason(approved_leaflet, personas, withdrawn):
    publication = leaflet_publish(
        leaflet=approved_leaflet,
        publisher=personas.publisher,
        republish_reason="Checked: the dose was right after all.",
    )

    assert publication.state == Publication.State.LIVE
    event = AuditEvent.objects.get(verb="leaflet.published", object_id=str(publication.pk))
    assert event.data["republishes"] == withdrawn.pk
    assert event.data["republish_reason"] == "Checked: the dose was right after all."


def test_the_publish_screen_asks_for_the_reason_and_publishes_with_it(approved_leaflet, personas, withdrawn, as_user):
    client = as_user(personas.publisher)
    page = client.get(f"/leaflets/{approved_leaflet.pk}/publish/").content.decode()
    assert 'name="republish_reason"' in page

    client.post(f"/leaflets/{approved_leaflet.pk}/publish/", {})
    assert not Publication.objects.filter(leaflet=approved_leaflet, state=Publication.State.LIVE).exists()

    client.post(f"/leaflets/{approved_leaflet.pk}/publish/", {"republish_reason": "Reviewed again with pharmacy."})
    live = Publication.objects.get(leaflet=approved_leaflet, state=Publication.State.LIVE)
    assert AuditEvent.objects.get(verb="leaflet.published", object_id=str(live.pk)).data["republish_reason"] == (
        "Reviewed again with pharmacy."
    )


def test_a_superseded_publication_needs_no_confirmation_for_a_new_revision(approved_leaflet, personas):
    from tests.conftest import approve_everything, translate_all
    from workbench.services import SegmentInput, revision_save

    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=first, user=personas.publisher, reason="Outdated.")
    current = approved_leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.exclude(kind="title")]
    revision_save(
        leaflet=approved_leaflet,
        user=personas.author,
        segments=rows,
        title="Symptoms check (published)",
        base_revision_number=current.number,
    )
    approved_leaflet.refresh_from_db()
    translate_all(approved_leaflet)
    approve_everything(approved_leaflet, personas)

    assert leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher).state == Publication.State.LIVE
