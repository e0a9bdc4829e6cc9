"""An edit names the exact text it was made on (If-Match): none is 428, an outdated one 412, nothing changes."""

import pytest

from review.models import AuditEvent
from tests.conftest import TICO, text_of
from translations import api as translations_api
from translations.edits import target_segment_edit
from translations.models import SegmentEdit, TargetSegment, TextVersion
from workbench.api_base import text_etag


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


NEW_TAMIL = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"
OTHER_TAMIL = "இந்த அறிகுறிகள் எவ்வளவு நாட்களாக உள்ளன?"


def segment_of(tv, row=0) -> TargetSegment:
    return TargetSegment.objects.get(text_version=tv, source_segment__text=TICO[row]["en"])


def state(tv) -> tuple:
    """Everything an edit changes."""
    return (
        TextVersion.objects.values_list("content_hash", "edit_generation").get(pk=tv.pk),
        sorted(TargetSegment.objects.filter(text_version=tv).values_list("key", "text", "edit_seq", "origin")),
        list(SegmentEdit.objects.values_list("new_text", "applied")),
        AuditEvent.objects.filter(verb="text.edited").count(),
    )


def patch(client, tv, segment, text, **headers):
    return client.patch(f"/api/texts/{tv.pk}/segments/{segment.key}/", {"text": text}, format="json", **headers)


@pytest.fixture
def tamil(translated_leaflet):
    return text_of(translated_leaflet, "ta")


def test_without_if_match_it_is_refused_with_428_and_nothing_changes(tamil, personas, api_as):
    before = state(tamil)

    response = patch(api_as(personas.reviewer("ta", "native")), tamil, segment_of(tamil), NEW_TAMIL)

    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert state(tamil) == before


def test_an_etag_from_before_someone_elses_edit_is_refused_with_412_and_the_current_etag(tamil, personas, api_as):
    read = api_as(personas.reviewer("ta", "native")).get(f"/api/texts/{tamil.pk}/")["ETag"]
    # Meanwhile the clinician edits the other paragraph.
    assert (
        patch(
            api_as(personas.reviewer("ta", "clinical")), tamil, segment_of(tamil, 1), OTHER_TAMIL, HTTP_IF_MATCH=read
        ).status_code
        == 200
    )
    before = state(tamil)

    response = patch(api_as(personas.reviewer("ta", "native")), tamil, segment_of(tamil), NEW_TAMIL, HTTP_IF_MATCH=read)

    assert response.status_code == 412
    tamil.refresh_from_db()
    assert response["ETag"] == text_etag(tamil) != read
    assert state(tamil) == before


def test_a_reverted_edit_is_a_new_text_so_the_old_etag_is_refused(tamil, personas, api_as):
    reviewer = api_as(personas.reviewer("ta", "native"))
    read = reviewer.get(f"/api/texts/{tamil.pk}/")["ETag"]
    changed = patch(reviewer, tamil, segment_of(tamil), NEW_TAMIL, HTTP_IF_MATCH=read)
    reverted = patch(reviewer, tamil, segment_of(tamil), TICO[0]["ta"], HTTP_IF_MATCH=changed["ETag"])
    assert reverted.status_code == 200
    tamil.refresh_from_db()
    # The same words as when it was read, but not the same text: its generation moved on.
    assert read.split(".")[0] == reverted["ETag"].split(".")[0] and reverted["ETag"] != read
    before = state(tamil)

    response = patch(reviewer, tamil, segment_of(tamil), OTHER_TAMIL, HTTP_IF_MATCH=read)

    assert response.status_code == 412 and response["ETag"] == text_etag(tamil) == reverted["ETag"]
    assert state(tamil) == before


def test_a_malformed_or_weak_etag_is_refused_with_412(tamil, personas, api_as):
    before = state(tamil)
    client = api_as(personas.reviewer("ta", "native"))

    for etag in ("*", "garbage", f'W/"{tamil.content_hash}.{tamil.edit_generation}"', f'"{tamil.content_hash}"'):
        assert patch(client, tamil, segment_of(tamil), NEW_TAMIL, HTTP_IF_MATCH=etag).status_code == 412, etag
    assert state(tamil) == before


def test_an_edit_of_the_segment_landing_after_the_check_is_caught_and_kept_unapplied(
    tamil, personas, api_as, monkeypatch
):
    """The clinician's edit commits between the If-Match check and the save: the service sees the segment's
    counter moved (StaleEdit), the native reviewer's text is kept beside it, unapplied, and the answer is 412."""

    def clinician_first(*, segment, editor, text, expected_seq):
        target_segment_edit(
            segment=segment, editor=personas.reviewer("ta", "clinical"), text=OTHER_TAMIL, expected_seq=expected_seq
        )
        return target_segment_edit(segment=segment, editor=editor, text=text, expected_seq=expected_seq)

    monkeypatch.setattr(translations_api, "target_segment_edit", clinician_first)

    response = patch(
        api_as(personas.reviewer("ta", "native")), tamil, segment_of(tamil), NEW_TAMIL, HTTP_IF_MATCH=text_etag(tamil)
    )

    assert response.status_code == 412, response.content
    segment = segment_of(tamil)
    assert segment.text == OTHER_TAMIL and segment.updated_by == personas.reviewer("ta", "clinical")
    kept = SegmentEdit.objects.get(applied=False)
    assert kept.new_text == NEW_TAMIL and kept.editor == personas.reviewer("ta", "native")
