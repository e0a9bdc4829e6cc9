"""The title is a segment: one per revision, first, with a stable key; changing it is a new revision."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.conftest import make_leaflet, text_of
from translations.edits import source_segment_edit
from translations.models import TargetSegment
from workbench.models import Leaflet, Revision, Segment, segment_hash
from workbench.services import (
    SegmentInput,
    leaflet_create,
    leaflet_update_details,
    revision_save,
    revision_title,
)


def body_of(revision):
    return [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all() if s.kind != "title"]


def whole(revision):
    return [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]


def test_a_new_leaflet_has_its_title_as_its_first_segment(leaflet):
    segments = list(leaflet.current_revision.segments.all())

    assert [(s.position, s.kind, s.text) for s in segments][:2] == [
        (0, "title", "Symptoms check"),
        (1, "paragraph", "about how long have these symptoms been going on?"),
    ]
    assert Segment.objects.filter(revision=leaflet.current_revision, kind="title").count() == 1
    assert leaflet.title == "Symptoms check"


def test_it_refuses_two_titles(personas, leaflet):
    with pytest.raises(ValidationError, match="exactly one title, but 2 title segments"):
        leaflet_create(
            user=personas.author,
            title="Fever",
            segments=[
                SegmentInput(kind="title", text="Fever"),
                SegmentInput(kind="title", text="Fever at home"),
                SegmentInput(kind="paragraph", text="Rest."),
            ],
        )
    with pytest.raises(ValidationError, match="exactly one title, but 2 title segments"):
        revision_save(
            leaflet=leaflet,
            user=personas.author,
            base_revision_number=1,
            segments=whole(leaflet.current_revision) + [SegmentInput(kind="title", text="Another")],
        )

    assert Leaflet.objects.count() == 1 and Revision.objects.count() == 1


@pytest.mark.parametrize(
    "segments, title",
    [
        ([SegmentInput(kind="title", text="   "), SegmentInput(kind="paragraph", text="Rest.")], None),
        ([SegmentInput(kind="paragraph", text="Rest.")], ""),
        ([SegmentInput(kind="paragraph", text="Rest.")], " \n "),
    ],
)
def test_it_refuses_an_empty_title(leaflet, personas, segments, title):
    with pytest.raises(ValidationError, match="needs a title"):
        revision_save(leaflet=leaflet, user=personas.author, segments=segments, title=title, base_revision_number=1)
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_it_refuses_a_title_given_twice_with_different_texts(leaflet, personas):
    with pytest.raises(ValidationError, match="given twice"):
        revision_save(
            leaflet=leaflet,
            user=personas.author,
            segments=whole(leaflet.current_revision),
            title="Fever at home",
            base_revision_number=1,
        )


def test_a_new_title_is_a_new_revision_and_the_title_keeps_its_key(leaflet, personas):
    first = leaflet.current_revision
    old_title = first.segments.get(kind="title")

    result = revision_save(
        leaflet=leaflet, user=personas.author, segments=body_of(first), title="Fever at home", base_revision_number=1
    )

    leaflet.refresh_from_db()
    new_title = result.revision.segments.get(kind="title")
    assert result.revision.number == 2 and leaflet.current_revision == result.revision
    assert (new_title.position, new_title.key, new_title.text) == (0, old_title.key, "Fever at home")
    assert leaflet.title == "Fever at home"  # the listing copy follows the current revision
    assert Revision.objects.get(pk=first.pk).segments.get(kind="title").text == "Symptoms check"
    event = AuditEvent.objects.filter(verb="revision.saved").last()
    assert event.data["title"] == {"before": "Symptoms check", "after": "Fever at home"}


def test_saving_without_a_title_keeps_the_current_one_with_its_key(leaflet, personas):
    first = leaflet.current_revision
    body = body_of(first)
    body[0] = SegmentInput(kind="paragraph", text="How long have you had these symptoms?", key=body[0].key)

    second = revision_save(leaflet=leaflet, user=personas.author, segments=body, base_revision_number=1).revision

    assert revision_title(second) == "Symptoms check"
    assert second.segments.get(kind="title").key == first.segments.get(kind="title").key


def test_a_whole_revision_with_its_title_elsewhere_is_saved_with_the_title_first(leaflet, personas):
    first = leaflet.current_revision
    title, *body = whole(first)

    second = revision_save(
        leaflet=leaflet, user=personas.author, segments=body + [title], base_revision_number=1
    ).revision

    assert second == first  # the same content: nothing to save
    moved = [SegmentInput(kind=title.kind, text="Fever at home", key=title.key)]
    third = revision_save(leaflet=leaflet, user=personas.author, segments=body + moved, base_revision_number=1).revision
    assert [(s.kind, s.key) for s in third.segments.all()] == [("title", title.key)] + [(s.kind, s.key) for s in body]


def test_a_conflict_revision_leaves_the_listed_title_alone(leaflet, personas):
    revision_save(
        leaflet=leaflet,
        user=personas.second_author,
        segments=body_of(leaflet.current_revision),
        title="Theirs",
        base_revision_number=1,
    )

    result = revision_save(
        leaflet=leaflet,
        user=personas.author,
        segments=body_of(Revision.objects.get(number=1)),
        title="Mine",
        base_revision_number=1,
    )

    leaflet.refresh_from_db()
    assert result.conflict and revision_title(result.revision) == "Mine"  # kept, not current
    assert leaflet.title == "Theirs" and revision_title(leaflet.current_revision) == "Theirs"


def test_changing_the_title_in_the_details_saves_a_revision_based_on_the_current_one(leaflet, personas):
    leaflet_update_details(
        leaflet=leaflet, user=personas.author, title="Fever at home", topic="Triage", audience="Adults"
    )

    leaflet.refresh_from_db()
    assert leaflet.current_revision.number == 2 and leaflet.current_revision.parent.number == 1
    assert revision_title(leaflet.current_revision) == "Fever at home" and leaflet.title == "Fever at home"
    assert (leaflet.topic, leaflet.audience) == ("Triage", "Adults")
    assert AuditEvent.objects.filter(verb="revision.saved", leaflet=leaflet).count() == 1
    details = AuditEvent.objects.get(verb="leaflet.details_changed", leaflet=leaflet)
    assert details.data["after"] == {"topic": "Triage", "audience": "Adults", "review_interval_months": 24}


def test_changing_only_topic_and_audience_makes_no_revision(leaflet, personas):
    leaflet_update_details(
        leaflet=leaflet, user=personas.author, title="Symptoms check", topic="Triage", audience="Adults"
    )

    leaflet.refresh_from_db()
    assert leaflet.current_revision.number == 1 and (leaflet.topic, leaflet.audience) == ("Triage", "Adults")


def test_a_source_edit_of_the_title_during_review_is_a_new_revision(leaflet, personas):
    english = text_of(leaflet, "en")
    title = TargetSegment.objects.get(text_version=english, position=0)

    result = source_segment_edit(text_version=english, key=title.key, editor=personas.author, text="Fever at home")

    leaflet.refresh_from_db()
    assert result.revision.number == 2 and leaflet.title == "Fever at home"
    assert [(s.kind, s.key) for s in result.revision.segments.all()][0] == ("title", title.key)
    tamil_title = TargetSegment.objects.get(text_version=text_of(leaflet, "ta"), key=title.key)
    assert tamil_title.text == ""  # the source changed: to be translated again


def test_a_revision_from_before_title_segments_gets_the_leaflet_title_on_its_next_save(personas):
    leaflet = make_leaflet(personas.author)
    # Build what an older revision looked like: no title segment.
    legacy = Revision.objects.create(
        leaflet=leaflet, number=2, parent=leaflet.current_revision, created_by=personas.author, content_hash="legacy"
    )
    Segment.objects.create(
        revision=legacy,
        key=uuid.uuid4(),
        position=0,
        kind="paragraph",
        text="Rest.",
        content_hash=segment_hash("paragraph", "Rest."),
    )
    Leaflet.objects.filter(pk=leaflet.pk).update(current_revision=legacy, revision_counter=2)
    leaflet.refresh_from_db()
    assert revision_title(legacy, fallback=leaflet.title) == "Symptoms check"

    third = revision_save(
        leaflet=leaflet, user=personas.author, segments=body_of(legacy), base_revision_number=2
    ).revision

    assert [(s.kind, s.text) for s in third.segments.all()] == [("title", "Symptoms check"), ("paragraph", "Rest.")]
