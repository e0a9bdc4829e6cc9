"""Concurrent edit-versus-approve and edit-versus-publish, with real threads on PostgreSQL.

Each round starts both actions at a barrier. Whatever the interleaving, an
approval or a publication may only ever describe text that existed when it
was given; nothing approved-then-edited is ever published.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from review.models import Approval, Publication
from review.services import GateClosed, leaflet_publish, translation_approve
from tests.conftest import approve_everything, make_leaflet, text_of, translate_all
from translations.edits import target_segment_edit
from translations.models import TargetSegment

ROUNDS = 25
NEW_TEXT = "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?"


def race(*actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except (GateClosed, ValidationError):  # incl. "already published" for the slower publisher
            pass  # a refusal is a legitimate outcome of the race
        except Exception as exc:  # anything else is a bug
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "an action of the race still runs after 60 s"
    assert not errors, errors


@pytest.mark.postgres
def test_an_edit_racing_a_publication_is_never_published_unapproved(postgres_only, personas):
    outcomes = {_edit_races_publication(personas, round_) for round_ in range(ROUNDS)}
    print(f"edit-vs-publish outcomes seen (published first?): {sorted(outcomes)}")


@pytest.mark.postgres
def test_an_edit_racing_an_approval_never_approves_unseen_text(postgres_only, personas):
    for round_ in range(ROUNDS):
        _edit_races_approval(personas, round_)


@pytest.mark.postgres
def test_two_publishers_at_once_make_one_live_publication(postgres_only, personas):
    for round_ in range(6):
        _two_publishers(personas, round_)


# One round per call, so the racing closures bind this round's objects only.
def _edit_races_publication(personas, round_: int) -> bool:
    """One edit-versus-publish round; whether the publication won."""
    leaflet = make_leaflet(personas.author, title=f"Race {round_}")
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    tamil = text_of(leaflet, "ta")
    approved_hash = tamil.content_hash
    segment = TargetSegment.objects.get(text_version=tamil, position=0)
    original = segment.text

    race(
        lambda: target_segment_edit(
            segment=segment, editor=personas.reviewer("ta", "native"), text=NEW_TEXT, expected_seq=segment.edit_seq
        ),
        lambda: leaflet_publish(leaflet=leaflet, publisher=personas.publisher),
    )

    assert text_of(leaflet, "ta").content_hash != approved_hash  # the edit always lands
    publication = Publication.objects.filter(leaflet=leaflet).first()
    if publication is not None:
        text = publication.texts.get(language_id="ta")
        assert text.content_hash == approved_hash
        assert text.body[0]["text"] == original
        assert text.native_approval.content_hash == text.clinical_approval.content_hash == approved_hash
    return publication is not None


def _edit_races_approval(personas, round_: int) -> None:
    leaflet = make_leaflet(personas.author, title=f"Race {round_}")
    translate_all(leaflet)
    tamil = text_of(leaflet, "ta")
    shown = tamil.content_hash
    segment = TargetSegment.objects.get(text_version=tamil, position=0)

    race(
        lambda: target_segment_edit(
            segment=segment, editor=personas.reviewer("ta", "native"), text=NEW_TEXT, expected_seq=segment.edit_seq
        ),
        lambda: translation_approve(
            text_version=tamil, reviewer=personas.reviewer("ta", "clinical"), stage="clinical", expected_hash=shown
        ),
    )

    current = text_of(leaflet, "ta").content_hash
    assert current != shown
    assert not Approval.objects.filter(text_version=tamil, content_hash=current).exists()
    assert set(Approval.objects.filter(text_version=tamil).values_list("content_hash", flat=True)) <= {shown}


def _two_publishers(personas, round_: int) -> None:
    leaflet = make_leaflet(personas.author, title=f"Twice {round_}")
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    race(
        lambda: leaflet_publish(leaflet=leaflet, publisher=personas.publisher),
        lambda: leaflet_publish(leaflet=leaflet, publisher=personas.publisher),
    )
    assert Publication.objects.filter(leaflet=leaflet, state="live").count() == 1
