"""The publish screen: the language x stage matrix, publishing, history and withdrawal."""

from review.models import AuditEvent, Publication
from review.services import leaflet_publish, translation_approve
from tests.conftest import text_of
from tests.support.review import seen
from tests.web.conftest import once


def test_it_shows_the_matrix_with_reviewer_names_and_a_disabled_button_with_reasons(
    translated_leaflet, personas, as_user
):
    personas.reviewer("ta", "native").first_name = "Kavitha"
    personas.reviewer("ta", "native").save()
    translation_approve(
        text_version=text_of(translated_leaflet, "ta"),
        expected_hash=seen(text_of(translated_leaflet, "ta")),
        reviewer=personas.reviewer("ta", "native"),
        stage="native",
    )

    html = as_user(personas.publisher).get(f"/leaflets/{translated_leaflet.pk}/publish/").content.decode()

    assert "Kavitha" in html
    assert "Tamil: awaiting Clinician review." in html
    assert 'disabled aria-describedby="gate-reasons"' in html


def test_it_publishes_when_the_gate_is_open(approved_leaflet, personas, as_user):
    page = as_user(personas.publisher).get(f"/leaflets/{approved_leaflet.pk}/publish/").content.decode()
    assert "Every language is approved" in page

    response = as_user(personas.publisher).post(f"/leaflets/{approved_leaflet.pk}/publish/", {"_once": once()})

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert publication.state == Publication.State.LIVE and publication.published_by == personas.publisher


def test_it_refuses_to_publish_with_the_gate_closed_and_lists_the_reasons(translated_leaflet, personas, as_user):
    response = as_user(personas.publisher).post(f"/leaflets/{translated_leaflet.pk}/publish/", follow=True)

    assert not Publication.objects.exists()
    assert "Not published" in response.content.decode()
    assert "awaiting Native-speaker review" in response.content.decode()
    assert AuditEvent.objects.filter(verb="leaflet.publish_refused").count() == 1


def test_a_double_click_on_publish_publishes_once(approved_leaflet, personas, as_user):
    client = as_user(personas.publisher)

    client.post(f"/leaflets/{approved_leaflet.pk}/publish/")
    second = client.post(f"/leaflets/{approved_leaflet.pk}/publish/", follow=True)

    assert Publication.objects.count() == 1
    assert "already published" in second.content.decode()


def test_only_publishers_may_publish(approved_leaflet, personas, as_user):
    for person in (personas.author, personas.reviewer("ta", "clinical"), personas.dual_tamil):
        assert as_user(person).post(f"/leaflets/{approved_leaflet.pk}/publish/").status_code == 403
    assert as_user(personas.outsider).post(f"/leaflets/{approved_leaflet.pk}/publish/").status_code == 404
    assert not Publication.objects.exists()


def test_withdrawing_needs_a_reason_and_is_recorded(approved_leaflet, personas, as_user):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(personas.publisher)
    url = f"/leaflets/{approved_leaflet.pk}/publications/{publication.pk}/withdraw/"

    client.post(url, {"reason": ""})
    publication.refresh_from_db()
    assert publication.state == Publication.State.LIVE

    client.post(url, {"reason": "The dose advice changed."})
    publication.refresh_from_db()
    assert publication.state == Publication.State.WITHDRAWN
    assert publication.withdrawal_reason == "The dose advice changed."
    html = client.get(f"/leaflets/{approved_leaflet.pk}/publish/").content.decode()
    assert "The dose advice changed." in html


def test_only_publishers_may_withdraw(approved_leaflet, personas, as_user):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    url = f"/leaflets/{approved_leaflet.pk}/publications/{publication.pk}/withdraw/"

    assert as_user(personas.author).post(url, {"reason": "no"}).status_code == 403
    assert as_user(personas.outsider).post(url, {"reason": "no"}).status_code == 404
    publication.refresh_from_db()
    assert publication.state == Publication.State.LIVE


def test_the_history_links_the_live_patient_pages(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    html = as_user(personas.author).get(f"/leaflets/{approved_leaflet.pk}/publish/").content.decode()

    assert f'href="/p/{approved_leaflet.pk}/ta/" lang="ta"' in html
    assert f'href="/p/{approved_leaflet.pk}/zh/" lang="zh-Hans"' in html
