"""The audit trail of a leaflet: newest first, paginated, and as CSV."""

import csv
import io

from review.models import AuditEvent
from review.services import comment_add
from tests.conftest import text_of


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_it_lists_the_leaflets_events_newest_first(approved_leaflet, personas, as_user):
    response = as_user(personas.publisher).get(f"/leaflets/{approved_leaflet.pk}/audit/")

    events = list(response.context["page"])
    assert response.status_code == 200
    assert events[0].verb == "text.approved" and events[-1].verb == "leaflet.created"
    assert [e.seq for e in events] == sorted((e.seq for e in events), reverse=True)


def test_it_paginates(leaflet, personas, as_user):
    tv = text_of(leaflet, "en")
    for i in range(60):
        comment_add(text_version=tv, author=personas.author, body=f"note {i}")

    first = as_user(personas.author).get(f"/leaflets/{leaflet.pk}/audit/")
    second = as_user(personas.author).get(f"/leaflets/{leaflet.pk}/audit/?page=2")

    assert len(first.context["page"]) == 50 and len(second.context["page"]) == 11


def test_the_csv_export_has_every_event_newest_last(leaflet, personas, as_user):
    comment_add(text_version=text_of(leaflet, "en"), author=personas.author, body="ok")

    response = as_user(personas.publisher).get(f"/leaflets/{leaflet.pk}/audit.csv")

    rows = _csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["seq", "created_at", "actor", "verb", "object_type", "object_id", "data", "prev_hash", "hash"]
    assert [r[3] for r in rows[1:]] == list(
        AuditEvent.objects.filter(leaflet=leaflet).order_by("seq").values_list("verb", flat=True)
    )
    assert rows[-1][3] == "comment.added"


def test_the_csv_export_defuses_spreadsheet_formulas(leaflet, personas, as_user):
    personas.author.username = '=HYPERLINK("http://x")'
    personas.author.save()
    comment_add(text_version=text_of(leaflet, "en"), author=personas.author, body="ok")

    rows = _csv(as_user(personas.publisher).get(f"/leaflets/{leaflet.pk}/audit.csv"))

    assert rows[-1][2] == '\'=HYPERLINK("http://x")'


def test_reviewers_may_not_read_the_audit_and_outsiders_do_not_see_it_exists(leaflet, personas, as_user):
    assert as_user(personas.reviewer("ta", "native")).get(f"/leaflets/{leaflet.pk}/audit/").status_code == 403
    assert as_user(personas.reviewer("ta", "native")).get(f"/leaflets/{leaflet.pk}/audit.csv").status_code == 403
    assert as_user(personas.outsider).get(f"/leaflets/{leaflet.pk}/audit/").status_code == 404
    assert as_user(personas.outsider).get(f"/leaflets/{leaflet.pk}/audit.csv").status_code == 404
