"""Saving leaflets: immutable revisions, stable segment identity, stale edits kept."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from workbench.models import Leaflet, Revision, Segment
from workbench.services import SegmentInput, leaflet_create, revision_diff, revision_save


def segments_of(revision):
    """The body segments, as the editor sends them (the title is kept when none is given)."""
    return [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all() if s.kind != "title"]


def test_an_edit_makes_a_new_revision_and_leaves_the_old_one_untouched(leaflet, personas):
    first = leaflet.current_revision
    before = list(first.segments.values_list("key", "text"))
    edited = segments_of(first)
    edited[0] = SegmentInput(kind="paragraph", text="How long have you had these symptoms?", key=edited[0].key)

    result = revision_save(leaflet=leaflet, user=personas.author, segments=edited, base_revision_number=first.number)

    assert not result.conflict and result.revision.number == 2
    assert Leaflet.objects.get(pk=leaflet.pk).current_revision == result.revision
    assert list(Revision.objects.get(pk=first.pk).segments.values_list("key", "text")) == before


def test_segments_keep_their_identity_across_edits_and_reorders(leaflet, personas):
    first = leaflet.current_revision
    edited = list(reversed(segments_of(first))) + [
        SegmentInput(kind="red_flag", text="Call 995 if you cannot breathe.")
    ]
    second = revision_save(
        leaflet=leaflet, user=personas.author, segments=edited, base_revision_number=first.number
    ).revision

    old_keys = set(first.segments.values_list("key", flat=True))
    new_keys = list(second.segments.values_list("key", flat=True))
    assert old_keys < set(new_keys)
    # The title stays first, with its key; the paragraphs follow in their new order.
    title, *body = first.segments.all()
    assert [s.key for s in second.segments.all()][:3] == [title.key] + [s.key for s in reversed(body)]


def test_saving_unchanged_content_makes_no_new_revision(leaflet, personas):
    first = leaflet.current_revision
    result = revision_save(
        leaflet=leaflet, user=personas.author, segments=segments_of(first), base_revision_number=first.number
    )
    assert result.revision == first and Revision.objects.filter(leaflet=leaflet).count() == 1


def test_a_stale_edit_is_kept_as_a_conflict_revision_not_applied(leaflet, personas):
    first = leaflet.current_revision
    mine = segments_of(first)
    theirs = segments_of(first)
    theirs[0] = SegmentInput(kind="paragraph", text="Theirs: how long have you had the symptoms?", key=theirs[0].key)
    mine[1] = SegmentInput(kind="paragraph", text="Mine: I will send you a picture.", key=mine[1].key)
    revision_save(leaflet=leaflet, user=personas.second_author, segments=theirs, base_revision_number=1)

    result = revision_save(leaflet=leaflet, user=personas.author, segments=mine, base_revision_number=1)

    leaflet.refresh_from_db()
    assert result.conflict and result.revision.is_conflict
    assert leaflet.current_revision.number == 2  # theirs stays current
    assert result.revision.segments.filter(text__startswith="Mine:").exists()  # mine is kept
    assert result.current.number == 2


def test_the_diff_aligns_segments_by_identity(leaflet, personas):
    first = leaflet.current_revision
    edited = segments_of(first)
    edited[1] = SegmentInput(kind="paragraph", text="i will send you a photo", key=edited[1].key)
    edited.append(SegmentInput(kind="list_item", text="Rest at home."))
    second = revision_save(leaflet=leaflet, user=personas.author, segments=edited, base_revision_number=1).revision

    rows = revision_diff(old=first, new=second)

    assert [r.status for r in rows] == ["same", "same", "changed", "added"]  # the title row first
    assert [r.new_label for r in rows] == ["Title", "#1", "#2", "#3"]
    assert rows[2].old_html == "i will send you <del>an image</del>"
    assert rows[2].new_html == "i will send you <ins>a photo</ins>"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"title": "   "}, "needs a title"),
        ({"segments": []}, "at least one segment"),
        ({"segments": [SegmentInput(kind="paragraph", text="   ")]}, "at least one segment"),
        ({"required_languages": ["en", "xx"]}, "Unknown language"),
        ({"source_language": "fr"}, "Unknown language"),
        ({"segments": [SegmentInput(kind="poem", text="Roses")]}, "unknown kind"),
    ],
)
def test_it_refuses_bad_leaflets_with_a_clear_message(personas, kwargs, message):
    arguments = {"user": personas.author, "title": "Fever", "segments": [SegmentInput(kind="paragraph", text="Rest.")]}
    arguments.update(kwargs)
    with pytest.raises(ValidationError, match=message):
        leaflet_create(**arguments)
    assert not Leaflet.objects.exists()


def test_it_refuses_a_two_megabyte_paragraph_and_says_how_long_it_was(personas):
    with pytest.raises(ValidationError, match="2,000,000 characters"):
        leaflet_create(
            user=personas.author,
            title="Paste accident",
            segments=[SegmentInput(kind="paragraph", text="a" * 2_000_000)],
        )


def test_the_database_refuses_changing_a_saved_segment(leaflet):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Segment.objects.filter(revision=leaflet.current_revision).update(text="rewritten")


def test_the_source_language_is_always_among_the_required_languages(personas):
    leaflet = leaflet_create(
        user=personas.author,
        title="Fever",
        required_languages=["ta"],
        segments=[SegmentInput(kind="paragraph", text="Rest.")],
    )
    assert leaflet.language_codes() == ["en", "ta"]
