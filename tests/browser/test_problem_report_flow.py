"""A reader reports a problem from the patient page, no login; a publisher withdraws the leaflet from the report."""

from __future__ import annotations

import pytest
from django.utils import translation

from review.models import ProblemReport, Publication
from tests.browser.conftest import shot
from tests.browser.helpers import published_leaflet

pytestmark = pytest.mark.browser


def _in(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def test_a_reader_reports_a_problem_and_a_publisher_withdraws_the_leaflet_from_the_report(personas, open_as):
    leaflet = published_leaflet(personas)
    reader = open_as(None, mobile=True)
    reader.goto(f"{reader.base_url}/p/{leaflet.pk}/ta/")

    reader.locator(".report-problem summary").click()
    reader.locator("#report-category-wrong").check()
    reader.locator("#report-message").fill("மருந்தின் அளவு தவறாக உள்ளது. என்னை 9123 4567 இல் அழைக்கவும்.")
    shot(reader, "report-problem-form", "ta")
    reader.locator(".report-problem .report-submit").click()

    assert reader.get_by_role("heading", level=1).inner_text() == _in("ta", "Thank you")
    report = ProblemReport.objects.get(leaflet=leaflet)
    assert report.language_id == "ta" and report.state == ProblemReport.State.NEW
    assert "9123" not in report.message and "4567" not in report.message
    assert "[phone removed]" in report.message and "மருந்தின் அளவு" in report.message

    publisher = open_as(personas.publisher)
    publisher.goto(f"{publisher.base_url}/")
    publisher.get_by_role("link", name="Open the report queue").click()
    publisher.locator(f'a[href="/reports/{report.pk}/"]').first.click()
    assert "[phone removed]" in publisher.locator(".report-message").inner_text()
    publisher.on("dialog", lambda dialog: dialog.accept())
    publisher.locator("#withdraw-reason").fill("The Tamil dose is wrong; a corrected revision follows.")
    publisher.get_by_role("button", name="Withdraw this publication now").click()
    publisher.wait_for_load_state()

    publication = Publication.objects.get(leaflet=leaflet)
    assert publication.state == Publication.State.WITHDRAWN
    assert publication.withdrawn_by == personas.publisher
    shot(publisher, "report-withdrawn", "en")

    response = reader.goto(f"{reader.base_url}/p/{leaflet.pk}/ta/")
    assert response.status == 410
    assert reader.get_by_role("heading", level=1).inner_text() == _in("ta", "This leaflet has been withdrawn")
    shot(reader, "patient-page-withdrawn", "ta")
