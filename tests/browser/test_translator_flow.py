"""No model configured: an author writes a leaflet in English and Malay, a Malay translator translates it on
the translation screen and marks it ready, the reviewers approve, and the publisher publishes."""

import pytest

from review.models import Approval, AuditEvent, Publication
from tests.browser.conftest import shot
from tests.conftest import TICO, text_of
from translations.models import Contribution, Provider, TargetSegment, TranslationClaim
from workbench.models import Leaflet

pytestmark = pytest.mark.browser

MALAY = {"Fever at home": "Demam di rumah", TICO[0]["en"]: TICO[0]["ms"], TICO[1]["en"]: TICO[1]["ms"]}


def approve(open_as, user, text_version):
    page = open_as(user)
    page.goto(f"{page.base_url}/review/{text_version.pk}/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="✓ Approve").click()
    page.wait_for_url("**#decisions")
    assert page.js_errors == []
    page.context.close()


def test_a_translator_translates_a_leaflet_that_reviewers_approve_and_patients_read(personas, open_as, mailoutbox):
    assert not Provider.objects.exists()  # no model: people translate

    # The author: English and Malay only, two segments.
    author = open_as(personas.author)
    author.goto(f"{author.base_url}/leaflets/new/")
    author.get_by_label("Title").fill("Fever at home")
    author.get_by_label("Simplified Chinese").uncheck()
    author.get_by_label("Tamil").uncheck()
    author.get_by_label("Kind of segment 1").select_option("paragraph")
    author.get_by_label("Text of segment 1").fill(TICO[0]["en"])
    author.get_by_label("Text of segment 2").fill(TICO[1]["en"])
    author.get_by_role("button", name="Create leaflet").click()
    author.wait_for_url("**/leaflets/*/")
    leaflet = Leaflet.objects.get(title="Fever at home")
    assert leaflet.language_codes() == ["en", "ms"]
    malay = text_of(leaflet, "ms")
    assert TargetSegment.objects.filter(text_version=malay, text="").count() == 3

    # The Malay translator finds it on their home page, claims it and translates segment by segment.
    translator = open_as(personas.translator("ms"))
    translator.goto(f"{translator.base_url}/")
    assert translator.locator("#translate-heading").inner_text() == "Waiting for translation"
    translator.get_by_role("link", name="Fever at home").click()
    translator.wait_for_url(f"**/translate/{malay.pk}/")
    translator.get_by_role("button", name="Claim this text").click()
    translator.get_by_text("You are translating this text.").wait_for()
    assert TranslationClaim.objects.get(text_version=malay).claimed_by == personas.translator("ms")
    for label, english in (
        ("Translation of the title", "Fever at home"),
        ("Translation of segment 1", TICO[0]["en"]),
        ("Translation of segment 2", TICO[1]["en"]),
    ):
        translator.get_by_label(label).fill(MALAY[english])
        translator.get_by_label(label).locator("xpath=ancestor::form").get_by_role("button", name="Save").click()
        translator.wait_for_url(f"**/translate/{malay.pk}/#seg-*")
    translator.get_by_text("Every segment has a translation now").wait_for()
    assert mailoutbox == []  # the reviewers hear of it when the translator says it is ready, not before
    shot(translator, "translation-screen", "en")
    translator.get_by_role("button", name="Mark ready for review").click()
    translator.get_by_text("Marked ready for review").wait_for()
    assert translator.js_errors == []
    (mail,) = mailoutbox
    assert set(mail.to) == {personas.reviewer("ms", "native").email, personas.reviewer("ms", "clinical").email}

    # The reviewers approve: both stages of Malay, and the English source.
    for code in ("ms", "en"):
        for stage in ("native", "clinical"):
            approve(open_as, personas.reviewer(code, stage), text_of(leaflet, code))
    assert Approval.objects.filter(decision="approved").count() == 4

    publisher = open_as(personas.publisher)
    publisher.goto(f"{publisher.base_url}/leaflets/{leaflet.pk}/publish/")
    publisher.on("dialog", lambda dialog: dialog.accept())
    publisher.get_by_role("button", name="Publish").click()
    publisher.get_by_text("Patients now see it").wait_for()

    # The database: live, with exactly the texts that were approved, the Malay one written by the translator.
    publication = Publication.objects.get(leaflet=leaflet)
    assert publication.state == Publication.State.LIVE
    frozen = {t.language_id: t for t in publication.texts.all()}
    assert sorted(frozen) == ["en", "ms"]
    for code, text in frozen.items():
        tv = text_of(leaflet, code)
        assert (text.content_hash, text.edit_generation) == (tv.content_hash, tv.edit_generation)
        assert text.native_approval.content_hash == text.clinical_approval.content_hash == tv.content_hash
    assert [item["text"] for item in frozen["ms"].body] == ["Demam di rumah", TICO[0]["ms"], TICO[1]["ms"]]
    assert set(Contribution.objects.filter(leaflet=leaflet, language="ms").values_list("user", flat=True)) == {
        personas.translator("ms").pk
    }
    assert AuditEvent.objects.filter(verb="text.ready_for_review", actor=personas.translator("ms")).count() == 1

    # The patient page, in Malay.
    patient = open_as(None)
    patient.goto(f"{patient.base_url}/p/{leaflet.pk}/ms/")
    assert patient.locator("html").get_attribute("lang") == "ms"
    assert patient.get_by_role("heading", name="Demam di rumah").is_visible()
    assert patient.get_by_text(TICO[1]["ms"]).is_visible()
    shot(patient, "patient-page-translated-by-a-person", "ms")
    assert patient.js_errors == []
