"""Citations by hand: an author attaches or removes passages, in the service and in the editor."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from tests.grounded_drafting.conftest import cited_ids, passages_of
from workbench.models import Citation
from workbench.services import SegmentInput, leaflet_create, revision_save, segment_citations_set
from workbench.sources import source_retire

DOSE = "Take 2 tablets of paracetamol twice a day."


@pytest.fixture
def dose_leaflet(personas):
    return leaflet_create(
        user=personas.author,
        title="Fever at home",
        required_languages=["en"],
        segments=[SegmentInput(kind="list_item", text=DOSE)],
    )


def dose_of(leaflet):
    leaflet.refresh_from_db()
    return leaflet.current_revision.segments.get(text=DOSE)


def test_an_author_attaches_and_removes_passages_and_each_change_is_audited(personas, dose_leaflet, add_source):
    first, second = passages_of(add_source())
    segment = dose_of(dose_leaflet)

    segment_citations_set(segment=segment, user=personas.author, passage_ids=[first.pk, second.pk])
    segment_citations_set(segment=segment, user=personas.second_author, passage_ids=[second.pk])

    assert cited_ids(segment) == [second.pk]
    citation = Citation.objects.get(segment=segment)
    assert (citation.origin, citation.created_by) == (Citation.Origin.AUTHOR, personas.author)
    events = list(AuditEvent.objects.filter(verb="citations.changed").order_by("seq"))
    assert [e.data["segments"][0]["added"] for e in events] == [[first.pk, second.pk], []]
    assert events[1].data["segments"][0]["removed"] == [first.pk] and events[1].actor == personas.second_author


def test_it_refuses_someone_who_is_not_an_author(personas, dose_leaflet, add_source):
    passage = passages_of(add_source())[0]
    for user in (personas.reviewer("en", "clinical"), personas.outsider):
        with pytest.raises(PermissionDenied):
            segment_citations_set(segment=dose_of(dose_leaflet), user=user, passage_ids=[passage.pk])
    assert not Citation.objects.exists()


def test_it_refuses_to_change_an_old_revision(personas, dose_leaflet, add_source):
    passage = passages_of(add_source())[0]
    old = dose_of(dose_leaflet)
    revision_save(
        leaflet=dose_leaflet,
        user=personas.author,
        segments=[SegmentInput(kind="list_item", text="Take 1 tablet twice a day.", key=old.key)],
        base_revision_number=1,
    )

    with pytest.raises(ValidationError, match="current revision"):
        segment_citations_set(segment=old, user=personas.author, passage_ids=[passage.pk])
    assert not Citation.objects.exists()


def test_it_refuses_a_passage_of_a_retired_source_but_keeps_one_already_cited(personas, dose_leaflet, add_source):
    kept_source, retired_source = add_source(), add_source(title="Old guideline")
    kept = passages_of(kept_source)[0]
    segment = dose_of(dose_leaflet)
    segment_citations_set(segment=segment, user=personas.author, passage_ids=[kept.pk])
    source_retire(source=kept_source, user=personas.author, reason="Superseded")
    source_retire(source=retired_source, user=personas.author, reason="Superseded")

    with pytest.raises(ValidationError, match="retired"):
        segment_citations_set(
            segment=segment, user=personas.author, passage_ids=[kept.pk, passages_of(retired_source)[0].pk]
        )
    segment_citations_set(segment=segment, user=personas.author, passage_ids=[kept.pk])
    assert cited_ids(segment) == [kept.pk]


def test_it_refuses_an_id_no_passage_has(personas, dose_leaflet):
    with pytest.raises(ValidationError, match="P999"):
        segment_citations_set(segment=dose_of(dose_leaflet), user=personas.author, passage_ids=[999])


def _editor_post(leaflet, citations: str, text: str = DOSE) -> dict:
    segment = dose_of(leaflet)
    return {
        "title": "Fever at home",
        "topic": "",
        "audience": "",
        "review_interval_months": "24",
        "base_revision_number": str(leaflet.current_revision.number),
        "note": "",
        "seg_key": [str(segment.key)],
        "seg_kind": ["list_item"],
        "seg_text": [text],
        "seg_citations": [citations],
    }


def test_the_editor_shows_and_saves_the_citations_typed_by_hand(personas, dose_leaflet, add_source, as_user):
    first, second = passages_of(add_source())
    client = as_user(personas.author)

    response = client.post(
        f"/leaflets/{dose_leaflet.pk}/edit/", _editor_post(dose_leaflet, f"P{first.pk}, p{second.pk}")
    )

    assert response.status_code == 302
    assert dose_of(dose_leaflet).revision.number == 1  # the text did not change: no new revision
    assert cited_ids(dose_of(dose_leaflet)) == [first.pk, second.pk]
    page = client.get(f"/leaflets/{dose_leaflet.pk}/edit/").content.decode()
    assert f'value="P{first.pk} P{second.pk}"' in page

    client.post(
        f"/leaflets/{dose_leaflet.pk}/edit/",
        _editor_post(dose_leaflet, f"P{second.pk}", text="Take 1 tablet of paracetamol twice a day."),
    )
    dose_leaflet.refresh_from_db()
    assert dose_leaflet.current_revision.number == 2
    assert cited_ids(dose_leaflet.current_revision.segments.get(kind="list_item")) == [second.pk]


def test_the_editor_refuses_what_is_not_a_passage_id(personas, dose_leaflet, as_user):
    response = as_user(personas.author).post(
        f"/leaflets/{dose_leaflet.pk}/edit/", _editor_post(dose_leaflet, "the WHO guideline")
    )

    assert response.status_code == 400
    assert "not a passage id" in response.content.decode()
    assert not Citation.objects.exists()


def test_a_new_leaflet_keeps_the_passages_attached_while_writing_it(personas, add_source, as_user):
    passage = passages_of(add_source())[0]

    as_user(personas.author).post(
        "/leaflets/new/",
        {
            "title": "Fever at home",
            "topic": "Fever",
            "audience": "Adults",
            "review_interval_months": "24",
            "source_language": "en",
            "required_languages": ["en"],
            "seg_key": [""],
            "seg_kind": ["list_item"],
            "seg_text": [DOSE],
            "seg_citations": [f"P{passage.pk}"],
        },
    )

    citation = Citation.objects.get()
    assert citation.passage == passage and citation.segment.text == DOSE and citation.created_by == personas.author
