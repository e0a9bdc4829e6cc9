"""Without credentials only the patient side answers: every other endpoint says 401, and changes nothing."""

from __future__ import annotations

import io

import pytest

from review.models import AuditEvent
from workbench.models import Leaflet, Revision

CALLS = [
    ("get", "/api/leaflets/"),
    ("post", "/api/leaflets/"),
    ("get", "/api/leaflets/{id}/"),
    ("patch", "/api/leaflets/{id}/"),
    ("get", "/api/leaflets/{id}/revisions/"),
    ("post", "/api/leaflets/{id}/revisions/"),
    ("get", "/api/leaflets/{id}/revisions/1/"),
    ("get", "/api/leaflets/{id}/docx/?language=en"),
    ("post", "/api/leaflets/{id}/docx/"),
    ("post", "/api/leaflets/docx/"),
]


@pytest.mark.parametrize(("method", "url"), CALLS)
def test_anonymous_callers_get_401_and_nothing_changes(leaflet, api_as, method, url):
    events = AuditEvent.objects.count()
    url = url.format(id=leaflet.pk)
    body = (
        {"file": io.BytesIO(b"PK not really a document")}
        if "docx" in url and method == "post"
        else {"title": "x", "base_revision": 1, "segments": [{"kind": "paragraph", "text": "x"}]}
    )

    response = getattr(api_as(None), method)(url, body, format="multipart" if "docx" in url else "json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Leaflet.objects.count() == 1 and Revision.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_wrong_token_is_401_too(leaflet, api_as):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer wbt_not-a-real-token")

    assert client.get(f"/api/leaflets/{leaflet.pk}/").status_code == 401
