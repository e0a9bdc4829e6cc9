"""The patient page: only the live publication, in the patient's language, no login."""

from django.utils import translation

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import TICO, approve_everything


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
    from review.services import finding_override
    from tests.conftest import text_of
    from translations.qa_runner import current_findings

    finding = current_findings(text_of(red_flag_leaflet, "ta")).get()
    finding_override(finding=finding, reviewer=personas.reviewer("ta", "clinical"), reason="Checked by hand.")
    approve_everything(red_flag_leaflet, personas)
    leaflet_publish(leaflet=red_flag_leaflet, publisher=personas.publisher)

    html = as_user(None).get(f"/p/{red_flag_leaflet.pk}/en/").content.decode()

    box = html[html.index('class="red-flags"') :]
    assert "Call 995 at once" in box[:800]
    assert "does not replace advice from your own doctor" in html


def test_it_speaks_the_patients_language_around_the_text(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    with translation.override("ta"):
        note = translation.gettext(
            "This leaflet gives general information. It does not replace advice from your own doctor, nurse or "
            "care team. If you are unsure or your condition changes, ask them."
        )

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").content.decode()

    assert note in html  # in Tamil once the catalogue is compiled, English before


def test_it_answers_404_before_publication_and_410_with_a_notice_after_withdrawal(approved_leaflet, personas, as_user):
    never = as_user(None).get(f"/p/{approved_leaflet.pk}/en/")
    assert never.status_code == 404 and "Leaflet not found" in never.content.decode()
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=publication, user=personas.publisher, reason="Outdated")
    gone = as_user(None).get(f"/p/{approved_leaflet.pk}/en/")
    assert gone.status_code == 410
    html = gone.content.decode()
    assert "This leaflet has been withdrawn" in html
    assert TICO[0]["en"] not in html  # none of the withdrawn text


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
    from translations.edits import target_segment_edit
    from translations.models import TargetSegment

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    segment = TargetSegment.objects.filter(text_version=text_of(approved_leaflet, "ta")).first()
    target_segment_edit(
        segment=segment, editor=personas.reviewer("ta", "native"), text="மாற்றப்பட்ட உரை", expected_seq=segment.edit_seq
    )

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").content.decode()

    assert "மாற்றப்பட்ட உரை" not in html
    assert "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?" in html


# --- The title: only the approved body, in the patient's language -----------------------------------
class _Unread:
    """Stands in for PublicationText.title: the patient page must take its title from the approved body."""

    def __set__(self, instance, value):
        instance.__dict__["_unread_title"] = value

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        raise AssertionError("the patient page read PublicationText.title")


def test_the_tamil_page_shows_the_approved_tamil_title(approved_leaflet, personas, as_user, monkeypatch):
    from review.models import PublicationText

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    monkeypatch.setattr(PublicationText, "title", _Unread())

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").content.decode()

    assert "<title>அறிகுறி சோதனை</title>" in html
    assert "<h1>அறிகுறி சோதனை</h1>" in html
    assert "Symptoms check" not in html  # the English title is not the Tamil page's
    english = as_user(None).get(f"/p/{approved_leaflet.pk}/en/").content.decode()
    assert "<h1>Symptoms check</h1>" in english and english.count("<h1>") == 1


def test_it_never_shows_the_leaflet_title_topic_or_audience(approved_leaflet, personas, as_user):
    from workbench.models import Leaflet
    from workbench.services import leaflet_update_details

    leaflet_update_details(
        leaflet=approved_leaflet, user=personas.author, topic="Internal topic 7781", audience="Internal audience 7782"
    )
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    # The listing copy edited behind the services' back (admin, shell): patients never see it.
    Leaflet.objects.filter(pk=approved_leaflet.pk).update(title="Unapproved listing title 7783")

    for code in ("en", "zh", "ms", "ta"):
        html = as_user(None).get(f"/p/{approved_leaflet.pk}/{code}/").content.decode()
        assert "7781" not in html and "7782" not in html and "7783" not in html, code


def test_a_leaflet_whose_body_has_no_heading_still_has_an_approved_title_on_its_patient_page(
    approved_leaflet, personas, as_user
):
    assert not approved_leaflet.current_revision.segments.filter(kind="heading").exists()
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    pages = {
        code: as_user(None).get(f"/p/{approved_leaflet.pk}/{code}/").content.decode()
        for code in ("en", "zh", "ms", "ta")
    }

    assert "<h1>Symptoms check</h1>" in pages["en"]
    assert "<h1>症状检查</h1>" in pages["zh"]
    assert "<h1>Pemeriksaan simptom</h1>" in pages["ms"]
    assert "<h1>அறிகுறி சோதனை</h1>" in pages["ta"]
    assert all("<h2>" not in html.split('class="care-team-note"')[0].split("<article>")[1] for html in pages.values())


def test_headings_are_section_headings_under_the_title(personas, as_user):
    from tests.conftest import TICO, translate_all
    from workbench.services import SegmentInput, leaflet_create

    heading = {
        "en": "Questions about your symptoms",
        "zh": "关于您的症状的问题",
        "ms": "Soalan tentang simptom anda",
        "ta": "உங்கள் அறிகுறிகள் பற்றிய கேள்விகள்",
    }
    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "ta"],
        segments=[SegmentInput(kind="heading", text=heading["en"])]
        + [SegmentInput(kind="paragraph", text=r["en"]) for r in TICO],
    )
    translate_all(leaflet, rows=[heading] + TICO)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    html = as_user(None).get(f"/p/{leaflet.pk}/ta/").content.decode()

    assert "<h1>அறிகுறி சோதனை</h1>" in html
    assert "<h2>உங்கள் அறிகுறிகள் பற்றிய கேள்விகள்</h2>" in html


def test_a_publication_frozen_before_titles_were_segments_takes_its_first_heading_or_a_generic_one(rf):
    from django.template.loader import render_to_string

    from workbench.patient import blocks_of as _blocks

    title, blocks = _blocks(
        [
            {"kind": "heading", "text": "Dengue at home"},
            {"kind": "paragraph", "text": "Rest."},
            {"kind": "heading", "text": "When to get help"},
        ]
    )
    assert title == "Dengue at home"
    assert blocks == [{"kind": "paragraph", "text": "Rest."}, {"kind": "heading", "text": "When to get help"}]

    title, blocks = _blocks([{"kind": "paragraph", "text": "Rest."}])
    assert title == "" and blocks == [{"kind": "paragraph", "text": "Rest."}]
    with translation.override("ms"):
        generic = translation.gettext("Patient information")
        html = render_to_string(
            "workbench/public_leaflet.html",
            {
                "page": {"title": title, "blocks": blocks, "lang": "ms", "statements": []},
                "content": {"html_lang": "ms"},
                "others": [],
                "leaflet_id": 1,
                "pdf_unavailable": "",
            },
            request=rf.get("/"),
        )
    assert f"<h1>{generic}</h1>" in html and f"<title>{generic}</title>" in html
