"""Who may edit a text through the API: exactly who may on the review screen (404 unseen, 403 seen but not theirs)."""

import pytest

from tests.conftest import TICO, text_of
from translations.models import SegmentEdit, TargetSegment
from workbench.api_base import text_etag


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


NEW_TAMIL = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"


@pytest.fixture
def tamil(translated_leaflet):
    return text_of(translated_leaflet, "ta")


def attempt(client, tv):
    segment = TargetSegment.objects.get(text_version=tv, source_segment__text=TICO[0]["en"])
    return client.patch(
        f"/api/texts/{tv.pk}/segments/{segment.key}/",
        {"text": NEW_TAMIL},
        format="json",
        HTTP_IF_MATCH=text_etag(tv),
    )


def assert_unchanged(tv):
    assert not SegmentEdit.objects.exists()
    assert TargetSegment.objects.get(text_version=tv, source_segment__text=TICO[0]["en"]).text == TICO[0]["ta"]


def test_a_malay_reviewer_cannot_even_find_the_tamil_text(tamil, personas, api_as):
    response = attempt(api_as(personas.reviewer("ms", "native")), tamil)

    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert_unchanged(tamil)


def test_a_translator_of_another_language_gets_404(tamil, personas, api_as):
    assert attempt(api_as(personas.translator("ms")), tamil).status_code == 404
    assert_unchanged(tamil)


def test_the_tamil_translator_sees_the_text_but_may_not_edit_it_here(tamil, personas, api_as):
    # Translators translate on their own screen (claims, ready for review); the review screen's edit is the reviewers'.
    assert api_as(personas.translator("ta")).get(f"/api/texts/{tamil.pk}/").status_code == 200

    assert attempt(api_as(personas.translator("ta")), tamil).status_code == 403
    assert_unchanged(tamil)


def test_authors_and_publishers_may_not_edit_a_translation(tamil, personas, api_as):
    assert attempt(api_as(personas.author), tamil).status_code == 403
    assert attempt(api_as(personas.publisher), tamil).status_code == 403
    assert_unchanged(tamil)


def test_outsiders_get_404_and_anonymous_callers_401(tamil, personas, api_as):
    assert attempt(api_as(personas.outsider), tamil).status_code == 404
    assert attempt(api_as(None), tamil).status_code == 401
    assert_unchanged(tamil)


def test_a_text_of_an_older_revision_is_not_edited(translated_leaflet, tamil, personas, api_as):
    from workbench.services import SegmentInput, revision_save

    revision = translated_leaflet.current_revision
    revision_save(
        leaflet=translated_leaflet,
        user=personas.author,
        segments=[
            SegmentInput(kind=s.kind, text=s.text + " Rest well." if s.position == 2 else s.text, key=s.key)
            for s in revision.segments.all()
        ],
        base_revision_number=revision.number,
    )

    response = attempt(api_as(personas.reviewer("ta", "native")), tamil)

    assert response.status_code == 400 and "older revision" in response.json()["detail"]
    assert_unchanged(tamil)
