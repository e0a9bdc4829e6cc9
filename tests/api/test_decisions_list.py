"""GET /api/texts/{id}/decisions/: the decisions on a text with their seal, as the review screen shows them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import Approval
from review.services import translation_request_changes
from tests.conftest import text_of
from tests.web.conftest import target_segments
from translations.edits import target_segment_edit

CORRECTED = "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?"


def decisions(client, tv):
    response = client.get(f"/api/texts/{tv.pk}/decisions/")
    assert response.status_code == 200, response.content
    return response.json()


def test_it_lists_the_decisions_newest_first_with_whether_they_still_count(approved_leaflet, personas, api_as):
    tamil = text_of(approved_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    target_segment_edit(segment=segment, editor=personas.dual_tamil, text=CORRECTED, expected_seq=segment.edit_seq)
    tamil = text_of(approved_leaflet, "ta")
    translation_request_changes(
        text_version=tamil, reviewer=personas.reviewer("ta", "clinical"), stage="clinical", comment="Check again."
    )

    body = decisions(api_as(personas.reviewer("ta", "native")), tamil)

    assert body["count"] == 3
    rows = body["results"]
    assert [r["decision"] for r in rows] == ["changes_requested", "approved", "approved"]
    assert [r["counts_for_current"] for r in rows] == [True, False, False]  # the edit withdrew both approvals
    assert all(r["sealed"] for r in rows if r["decision"] == "approved")
    assert rows[0]["comment"] == "Check again." and rows[0]["reviewer"] == personas.reviewer("ta", "clinical").username


def test_a_forged_approval_row_is_shown_unsealed_and_not_counting(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    Approval.objects.create(
        text_version=tamil,
        stage="native",
        reviewer=personas.reviewer("ta", "native"),
        decision="approved",
        content_hash=tamil.content_hash,
        generation=tamil.edit_generation,
    )

    [row] = decisions(api_as(personas.reviewer("ta", "clinical")), tamil)["results"]

    assert (row["sealed"], row["counts_for_current"]) == (False, False)


def test_an_outsider_and_another_languages_reviewer_get_404(approved_leaflet, personas, api_as):
    tamil = text_of(approved_leaflet, "ta")
    for user in (personas.outsider, personas.reviewer("zh", "native")):
        assert api_as(user).get(f"/api/texts/{tamil.pk}/decisions/").status_code == 404


def test_its_query_count_does_not_grow_with_the_decisions(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.author)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            decisions(client, tamil)
        return len(queries)

    translation_request_changes(
        text_version=tamil, reviewer=personas.reviewer("ta", "clinical"), stage="clinical", comment="One."
    )
    decisions(client, tamil)  # the token's first use is recorded once; measure after it
    few = count_queries()
    for n in range(6):
        translation_request_changes(
            text_version=tamil, reviewer=personas.reviewer("ta", "native"), stage="native", comment=f"More {n}."
        )
    assert decisions(client, tamil)["count"] == 7
    assert count_queries() == few
