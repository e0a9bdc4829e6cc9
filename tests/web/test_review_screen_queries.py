"""The review screen costs the same number of queries for a 2-segment text as for a 30-segment one with a history.

Its rows are the text's segments, each with findings, edits, comments and
memory matches: none of those may be fetched segment by segment.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.services import comment_add, translation_change_request_withdraw, translation_request_changes
from tests.conftest import TICO, make_leaflet, text_of, translate_all
from translations.edits import target_segment_edit
from translations.models import TargetSegment


def _rows(count: int) -> list[dict]:
    # Numbered copies of the real pairs: the number appears in every language, so QA sees a consistent text.
    return [{code: f"{row[code]} ({i})" for code in row} for i, row in enumerate(TICO * count, start=1)][:count]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _history(personas, leaflet, *, comments: int, edits: int) -> None:
    """Comments, reviewers' edits (each segment twice) and a withdrawn change request on the Tamil text."""
    tamil = text_of(leaflet, "ta")
    segments = list(TargetSegment.objects.filter(text_version=tamil).order_by("position"))
    for segment in segments[1 : 1 + comments]:
        comment_add(
            text_version=tamil,
            author=personas.reviewer("ta", "clinical"),
            body="Is this the usual word?",
            segment_key=segment.key,
        )
    for segment in segments[1 + comments : 1 + comments + edits]:
        for extra in (" ", "!"):
            segment.refresh_from_db()
            target_segment_edit(
                segment=segment, editor=personas.second_author, text=segment.text + extra, expected_seq=segment.edit_seq
            )
    request = translation_request_changes(
        text_version=text_of(leaflet, "ta"),
        stage="clinical",
        reviewer=personas.reviewer("ta", "clinical"),
        comment="Check segment 3.",
    )
    translation_change_request_withdraw(change_request=request, reviewer=personas.reviewer("ta", "clinical"))


def test_the_review_screen_does_not_make_a_query_per_segment_or_per_event(personas, as_user):
    reviewer = personas.reviewer("ta", "native")
    short = make_leaflet(personas.author, languages=("en", "ta"), title="Race 1", rows=_rows(3))
    translate_all(short, rows=_rows(3))
    _history(personas, short, comments=1, edits=1)
    small = _queries(as_user(reviewer), f"/review/{text_of(short, 'ta').pk}/")

    long = make_leaflet(personas.author, languages=("en", "ta"), title="Race 2", rows=_rows(30))
    translate_all(long, rows=_rows(30))
    _history(personas, long, comments=10, edits=5)
    large = _queries(as_user(reviewer), f"/review/{text_of(long, 'ta').pk}/")

    assert large == small
    print({"review screen": small})
