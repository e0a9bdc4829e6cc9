"""A leaflet patients can read, and readers' reports about it."""

from __future__ import annotations

import pytest

from review.models import ProblemReport
from review.reports import problem_report_submit
from review.services import leaflet_publish

MESSAGE = "The dose in the second paragraph does not match what my pharmacist said."


@pytest.fixture
def published(approved_leaflet, personas):
    """The approved leaflet, live in all four languages (revision 1)."""
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    approved_leaflet.refresh_from_db()
    return approved_leaflet


def report_url(leaflet, lang: str = "en") -> str:
    return f"/p/{leaflet.pk}/{lang}/report/"


def submit(leaflet, *, lang: str = "en", category: str = "wrong", message: str = MESSAGE, address: str = "10.0.0.1"):
    return problem_report_submit(
        leaflet_id=leaflet.pk, language=lang, category=category, message=message, client_address=address
    )


@pytest.fixture
def report(published) -> ProblemReport:
    return submit(published, lang="ta", category="translation")


def post_report(client, leaflet, *, lang: str = "en", address: str = "10.0.0.1", headers=None, **data):
    form = {"category": "wrong", "message": MESSAGE, "website": ""}
    form.update(data)
    return client.post(report_url(leaflet, lang), form, REMOTE_ADDR=address, headers=headers or {})
