"""The patient page: only the live publication, in the patient's language, no login."""

from django.utils import translation

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import approve_everything


def test_it_serves_the_live_text_without_login_with_the_right_lang(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/zh/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "这些症状已持续多长时间？" in html
    assert f'href="/p/{approved_leaflet.pk}/ta/" lang="ta"' in html  # the other languages
    assert response["Content-Language"] == "zh-Hans"


def test_it_shows_red_flags_in_a_distinct_box_and_the_care_team_note(red_flag_leaflet, personas, as_user):
    from translations.qa_runner import current_findings
    from review.services import finding_override
    from tests.conftest import text_of

    finding = current_findings(text_of(red_flag_leaflet, "ta")).get()
    finding_override(finding=finding, reviewer=personas.reviewer("ta", "clinical"), reason="Checked by hand.")
    approve_everything(red_flag_leaflet, personas)
    leaflet_publish(leaflet=red_flag_leaflet, publisher=personas.publisher)

    html = as_user(None).get(f"/p/{red_flag_leaflet.pk}/en/").content.decode()

    box = html[html.index('class="red-flags"'):]
    assert "Call 995 at once" in box[:800]
    assert "does not replace advice from your own doctor" in html


def test_it_speaks_the_patients_language_around_the_text(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    with translation.override("ta"):
        note = translation.gettext(
            "This leaflet gives general information. It does not replace advice from your own doctor, nurse or "
            "care team. If you are unsure or your condition changes, ask them.")

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").content.decode()

    assert note in html  # in Tamil once the catalogue is compiled, English before


def test_it_answers_404_without_a_live_publication(approved_leaflet, personas, as_user):
    assert as_user(None).get(f"/p/{approved_leaflet.pk}/en/").status_code == 404
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=publication, user=personas.publisher, reason="Outdated")
    assert as_user(None).get(f"/p/{approved_leaflet.pk}/en/").status_code == 404


def test_it_answers_404_for_a_language_that_was_not_published(personas, as_user):
    from tests.conftest import make_leaflet, translate_all

    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    assert as_user(None).get(f"/p/{leaflet.pk}/ta/").status_code == 200
    assert as_user(None).get(f"/p/{leaflet.pk}/zh/").status_code == 404
    assert as_user(None).get(f"/p/{leaflet.pk}/xx/").status_code == 404
    assert as_user(None).get(f"/p/{leaflet.pk + 1}/ta/").status_code == 404


def test_it_shows_the_published_text_not_later_edits(approved_leaflet, personas, as_user):
    from tests.conftest import text_of
    from translations.models import TargetSegment
    from translations.text_versions import target_segment_edit

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    segment = TargetSegment.objects.filter(text_version=text_of(approved_leaflet, "ta")).first()
    target_segment_edit(segment=segment, editor=personas.reviewer("ta", "native"), text="மாற்றப்பட்ட உரை",
                        expected_seq=segment.edit_seq)

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").content.decode()

    assert "மாற்றப்பட்ட உரை" not in html
    assert "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?" in html
