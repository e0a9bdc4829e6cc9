"""The translation screen: source, model draft, memory (reviewed, or marked as a suggestion), current text."""

from review.services import translation_claim
from tests.conftest import make_user, text_of
from tests.translating.conftest import segments_of
from translations.models import MemoryEntry, TargetSegment
from workbench.models import segment_hash


def test_it_refuses_a_translator_of_another_language_with_404(malay_text, personas, as_user):
    for user in (personas.translator("ta"), personas.translator("zh"), personas.outsider, personas.author):
        assert as_user(user).get(f"/translate/{malay_text.pk}/").status_code == 404
    reviewer = personas.reviewer("ms", "native")  # a reviewer of the language is not its translator
    assert as_user(reviewer).get(f"/translate/{malay_text.pk}/").status_code == 404
    assert as_user(None).get(f"/translate/{malay_text.pk}/").status_code == 302  # to the login page


def test_it_refuses_the_source_text_with_404(malay_text, personas, as_user):
    english = text_of(malay_text.revision.leaflet, "en")
    member_of_english_translators = make_user("en_translator", "English translators")
    assert as_user(member_of_english_translators).get(f"/translate/{english.pk}/").status_code == 404


def test_it_shows_the_source_the_draft_the_memory_and_the_current_text(malay_text, personas, as_user):
    title, first, second = segments_of(malay_text)
    MemoryEntry.objects.create(  # approved wording for the first sentence (it would fill a new text)
        source_language="en",
        target_language="ms",
        source_hash=segment_hash("paragraph", first.source_segment.text),
        source_text=first.source_segment.text,
        target_text="Sudah berapa lama simptom ini berlarutan?",
        reviewed=True,
    )
    MemoryEntry.objects.create(  # from an imported TMX file: a suggestion only
        source_language="en",
        target_language="ms",
        source_hash=segment_hash("paragraph", second.source_segment.text),
        source_text=second.source_segment.text,
        target_text="saya akan menghantar sebuah gambar kepada anda",
        reviewed=False,
    )
    TargetSegment.objects.filter(pk=second.pk).update(model_draft="saya hantar gambar", model_name="scripted-model-1")

    response = as_user(personas.translator("ms")).get(f"/translate/{malay_text.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert first.source_segment.text in html and "saya hantar gambar" in html
    rows = {row["segment"].pk: row for row in response.context["rows"]}
    assert rows[first.pk]["memory"].reviewed and rows[first.pk]["memory"].target_text in html
    assert not rows[second.pk]["memory"].reviewed and "suggestion, not reviewed" in html
    assert rows[title.pk]["memory"] is None
    assert html.count('name="text-') == 3  # one box per segment, saved together
    assert "Mark ready for review" in html


def test_it_names_the_translator_holding_the_claim_and_offers_no_form_to_others(malay_text, personas, as_user):
    translation_claim(text_version=malay_text, translator=personas.translator("ms"))
    personas.translator("ms").first_name = "Nurul Huda"
    personas.translator("ms").save()
    other = make_user("ms_translator_2", "Malay translators")

    html = as_user(other).get(f"/translate/{malay_text.pk}/").content.decode()

    assert "Nurul Huda is translating this text." in html
    assert 'name="text"' not in html and "Claim this text" not in html
    mine = as_user(personas.translator("ms")).get(f"/translate/{malay_text.pk}/").content.decode()
    assert "You are translating this text." in mine and "Release the text" in mine
