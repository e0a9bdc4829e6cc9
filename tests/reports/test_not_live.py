"""Only a leaflet patients can read now takes reports; otherwise the reader gets a page in their language."""

import pytest
from django.utils import translation

from review.models import ProblemReport
from review.reports import NotLive
from review.services import leaflet_publish, publication_withdraw
from tests.conftest import approve_everything, make_leaflet, translate_all
from tests.reports.conftest import post_report, report_url, submit


def _not_available(lang: str) -> str:
    with translation.override(lang):
        return translation.gettext("This leaflet is not available")


def test_it_refuses_a_leaflet_that_was_never_published(approved_leaflet, as_user):
    response = post_report(as_user(None), approved_leaflet, lang="ta")

    assert response.status_code == 404
    assert _not_available("ta") in response.content.decode()
    assert '<html lang="ta">' in response.content.decode()
    assert not ProblemReport.objects.exists()
    with pytest.raises(NotLive):
        submit(approved_leaflet)


def test_it_refuses_a_withdrawn_leaflet_and_shows_no_form(published, personas, as_user):
    publication_withdraw(publication=published.publications.get(), user=personas.publisher, reason="Outdated")

    posted = post_report(as_user(None), published, lang="zh")
    shown = as_user(None).get(report_url(published, "zh"))

    assert posted.status_code == shown.status_code == 404
    assert "<form" not in shown.content.decode()
    assert _not_available("zh-hans") in shown.content.decode()
    assert not ProblemReport.objects.exists()


def test_it_refuses_a_language_the_publication_does_not_hold(personas, as_user):
    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    assert post_report(as_user(None), leaflet, lang="zh").status_code == 404
    assert post_report(as_user(None), leaflet, lang="xx").status_code == 404
    assert as_user(None).get(f"/p/{leaflet.pk + 1}/ta/report/").status_code == 404
    assert post_report(as_user(None), leaflet, lang="ta").status_code == 201
    assert list(ProblemReport.objects.values_list("language_id", flat=True)) == ["ta"]
