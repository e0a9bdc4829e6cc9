"""An edit of the source text through the API is a new revision of the leaflet, as on the review screen."""

from review.selectors import gate_evaluate
from tests.conftest import TICO, text_of
from translations.models import TargetSegment, TextVersion
from workbench.api_base import text_etag
from workbench.models import Leaflet, Revision

NEW_ENGLISH = "about how many days have you had these symptoms?"


def source_segment(tv) -> TargetSegment:
    return TargetSegment.objects.get(text_version=tv, source_segment__text=TICO[0]["en"])


def test_an_author_edits_the_source_and_gets_the_new_revisions_text(approved_leaflet, personas, api_as):
    english = text_of(approved_leaflet, "en")
    segment = source_segment(english)
    old_revision = approved_leaflet.current_revision

    response = api_as(personas.author).patch(
        f"/api/texts/{english.pk}/segments/{segment.key}/",
        {"text": NEW_ENGLISH},
        format="json",
        HTTP_IF_MATCH=text_etag(english),
    )

    assert response.status_code == 200, response.content
    approved_leaflet.refresh_from_db()
    assert approved_leaflet.current_revision.number == old_revision.number + 1
    new_english = text_of(approved_leaflet, "en")
    body = response.json()
    assert body["text_version"] == new_english.pk != english.pk and body["changed"] is True
    assert response["ETag"] == text_etag(new_english) == body["etag"]
    assert body["segment"]["key"] == str(segment.key) and body["segment"]["target_text"] == NEW_ENGLISH
    # Every language goes back to review.
    assert not gate_evaluate(leaflet=approved_leaflet).open


def test_a_stale_etag_saves_no_revision(translated_leaflet, personas, api_as):
    english = text_of(translated_leaflet, "en")
    stale = f'"{english.content_hash}.{english.edit_generation + 1}"'

    response = api_as(personas.author).patch(
        f"/api/texts/{english.pk}/segments/{source_segment(english).key}/",
        {"text": NEW_ENGLISH},
        format="json",
        HTTP_IF_MATCH=stale,
    )

    assert response.status_code == 412 and response["ETag"] == text_etag(english)
    assert Revision.objects.filter(leaflet=translated_leaflet).count() == 1
    assert TextVersion.objects.filter(revision__leaflet=translated_leaflet).count() == 4


def test_other_languages_reviewers_cannot_find_the_source_and_publishers_may_not_edit_it(
    translated_leaflet, personas, api_as
):
    english = text_of(translated_leaflet, "en")
    url = f"/api/texts/{english.pk}/segments/{source_segment(english).key}/"

    tamil_reviewer = api_as(personas.reviewer("ta", "native")).patch(
        url, {"text": NEW_ENGLISH}, format="json", HTTP_IF_MATCH=text_etag(english)
    )
    publisher = api_as(personas.publisher).patch(
        url, {"text": NEW_ENGLISH}, format="json", HTTP_IF_MATCH=text_etag(english)
    )

    assert tamil_reviewer.status_code == 404 and publisher.status_code == 403
    assert Revision.objects.filter(leaflet=translated_leaflet).count() == 1


def test_a_save_landing_after_the_check_keeps_the_edit_as_a_conflict_revision(
    translated_leaflet, personas, api_as, monkeypatch
):
    """A colleague saves the leaflet between the If-Match check and the save: the edit becomes a conflict
    revision (not current), as on the review screen, and the answer says so with 409."""
    from translations import api as translations_api
    from translations.edits import source_segment_edit
    from workbench.services import SegmentInput, revision_save

    def colleague_first(*, text_version, key, editor, text):
        revision = text_version.revision
        revision_save(
            leaflet=Leaflet.objects.get(pk=revision.leaflet_id),  # the colleague's own copy, read now
            user=personas.second_author,
            segments=[
                SegmentInput(kind=s.kind, text=f"{s.text} Rest well." if s.position == 2 else s.text, key=s.key)
                for s in revision.segments.all()
            ],
            base_revision_number=revision.number,
        )
        return source_segment_edit(text_version=text_version, key=key, editor=editor, text=text)

    monkeypatch.setattr(translations_api, "source_segment_edit", colleague_first)
    english = text_of(translated_leaflet, "en")

    response = api_as(personas.author).patch(
        f"/api/texts/{english.pk}/segments/{source_segment(english).key}/",
        {"text": NEW_ENGLISH},
        format="json",
        HTTP_IF_MATCH=text_etag(english),
    )

    assert response.status_code == 409, response.content
    conflict = Revision.objects.get(leaflet=translated_leaflet, number=3)
    assert "conflict revision 3" in response.json()["detail"] and conflict.created_by == personas.author
    translated_leaflet.refresh_from_db()
    assert translated_leaflet.current_revision.number == 2  # the colleague's save stays current
    assert conflict.segments.filter(text=NEW_ENGLISH).exists()
