"""Public problem reports: an identifier a reader types must never be stored."""

from __future__ import annotations

import pytest

from review.models import ProblemReport
from review.reports import problem_report_submit
from review.services import leaflet_publish


@pytest.fixture
def published(approved_leaflet, personas):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    return approved_leaflet


@pytest.mark.parametrize(
    "typed, identifier",
    [
        ("Please call me back on 9123  4567, the dose is wrong.", "9123  4567"),
        ("My IC is S1234/567D and the dose here is wrong for me.", "1234/567"),
        ("Wrong dose. Reach me at (8123) 4567 any time please.", "4567"),
    ],
)
def test_it_does_not_store_an_identifier_the_reader_typed(published, typed, identifier):
    problem_report_submit(
        leaflet_id=published.pk,
        language="en",
        category="wrong",
        message=typed,
        client_address="10.0.0.9",
    )

    stored = ProblemReport.objects.get().message
    assert identifier not in stored
