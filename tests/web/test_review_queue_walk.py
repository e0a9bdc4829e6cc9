"""The reviewer queue walks the texts a chunk at a time (review.selectors.QUEUE_CHUNK).

Whatever the chunk size, the queue is the same: current texts only, oldest first,
nothing untranslated, decided or blocked, cut at the limit.
"""

import pytest

from review import selectors
from review.services import translation_request_changes
from tests.conftest import TICO, approve_everything, make_leaflet, text_of, translate_all
from translations.models import TextVersion


def _library(personas):
    """Six leaflets, oldest first: waiting, untranslated, approved, a change request, a second revision, waiting."""
    from workbench.services import SegmentInput, revision_save

    waiting = make_leaflet(personas.author, title="Race 1")
    translate_all(waiting)
    make_leaflet(personas.author, title="Race 2")  # untranslated: not in any queue
    approved = make_leaflet(personas.author, title="Race 3")
    translate_all(approved)
    approve_everything(approved, personas)
    requested = make_leaflet(personas.author, title="Race 4")
    translate_all(requested)
    translation_request_changes(
        text_version=text_of(requested, "ta"),
        reviewer=personas.reviewer("ta", "native"),
        stage="native",
        comment="Please use the everyday word.",
    )
    revised = make_leaflet(personas.author, title="Race 5")
    translate_all(revised)
    first_tamil = text_of(revised, "ta")
    current = revised.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows[-1] = SegmentInput(kind=rows[-1].kind, text="i will send you a photo", key=rows[-1].key)
    revision_save(leaflet=revised, user=personas.author, segments=rows, base_revision_number=current.number)
    revised.refresh_from_db()
    photo = {**TICO[1], "en": "i will send you a photo", "ta": "நான் உங்களுக்கு ஒரு புகைப்படம் அனுப்புகிறேன்"}
    translate_all(revised, rows=[TICO[0], photo])
    last = make_leaflet(personas.author, title="Race 6")
    translate_all(last)
    return {
        "waiting": text_of(waiting, "ta"),
        "approved": text_of(approved, "ta"),
        "requested": text_of(requested, "ta"),
        "old revision": first_tamil,
        "revised": text_of(revised, "ta"),
        "last": text_of(last, "ta"),
    }


def _queue(user, limit):
    return [(tv.pk, stage) for tv, stage in selectors.review_queue(user=user, limit=limit)]


def test_the_queue_is_the_same_whatever_the_chunk_size(personas, monkeypatch):
    texts = _library(personas)
    native, both = personas.reviewer("ta", "native"), personas.dual_tamil

    whole = _queue(native, 1000)
    ids = [pk for pk, _stage in whole]
    assert texts["waiting"].pk in ids and texts["revised"].pk in ids and texts["last"].pk in ids
    assert texts["approved"].pk not in ids and texts["requested"].pk not in ids
    assert texts["old revision"].pk not in ids  # an older revision's text is history, never reviewed
    order = list(TextVersion.objects.filter(pk__in=ids).order_by("updated_at", "id").values_list("pk", flat=True))
    assert ids == order  # oldest first
    whole_both = _queue(both, 1000)
    assert (texts["requested"].pk, "clinical") in whole_both and (texts["requested"].pk, "native") not in whole_both

    for chunk in (1, 2, 3):
        monkeypatch.setattr(selectors, "QUEUE_CHUNK", chunk)
        for limit in (1, 2, 3, len(whole_both) + 1):
            assert _queue(native, limit) == whole[:limit], (chunk, limit)
            assert _queue(both, limit) == whole_both[:limit], (chunk, limit)


@pytest.mark.parametrize("limit", [1, 100])
def test_a_reviewer_without_a_language_has_an_empty_queue(personas, limit):
    assert selectors.review_queue(user=personas.outsider, limit=limit) == []
