"""A translator's home lists the texts of their languages that need a person: untranslated, or changes requested."""

from review.services import leaflet_publish, translation_claim, translation_mark_ready, translation_request_changes
from tests.conftest import make_leaflet, make_user, text_of, translate_all
from tests.translating.conftest import translate_by


def test_a_translator_sees_untranslated_texts_of_their_language_with_counts(personas, as_user):
    waiting = make_leaflet(personas.author, languages=("en", "ms"), title="Symptoms check")
    done = make_leaflet(personas.author, languages=("en", "ms"), title="Second leaflet")
    translate_all(done)
    make_leaflet(personas.author, languages=("en", "ta"), title="Race 1")  # no Malay text

    response = as_user(personas.translator("ms")).get("/")

    queue = response.context["translation"]
    [item] = queue.items
    assert item.text_version == text_of(waiting, "ms")
    assert (item.segments, item.untranslated, item.open_requests, item.claimed_by) == (3, 3, [], None)
    assert queue.total == 1
    html = response.content.decode()
    assert "Waiting for translation" in html and "3 / 3" in html and f"/translate/{item.text_version.pk}/" in html
    assert "No role yet" not in html


def test_a_change_request_puts_a_translated_text_back_on_the_list(translated_leaflet, personas, as_user):
    translation_request_changes(
        text_version=text_of(translated_leaflet, "ms"),
        reviewer=personas.reviewer("ms", "native"),
        stage="native",
        comment="Use 'simptom-simptom' here.",
    )

    response = as_user(personas.translator("ms")).get("/")

    [item] = response.context["translation"].items
    assert item.untranslated == 0 and [r.comment for r in item.open_requests] == ["Use 'simptom-simptom' here."]
    assert "Use &#x27;simptom-simptom&#x27; here." in response.content.decode()


def test_the_claimers_name_shows_and_the_text_stays_listed_until_marked_ready(malay_text, personas, as_user):
    translator = personas.translator("ms")
    translation_claim(text_version=malay_text, translator=translator)
    translator.first_name = "Nurul Huda"
    translator.save()
    other = make_user("ms_translator_2", "Malay translators")

    html = as_user(other).get("/").content.decode()
    assert "Nurul Huda" in html

    malay_text = translate_by(translator, malay_text)  # every segment in, still claimed: still listed
    [item] = as_user(other).get("/").context["translation"].items
    assert item.untranslated == 0 and item.claimed_by == translator
    translation_mark_ready(text_version=malay_text, translator=translator)
    assert as_user(other).get("/").context["translation"].items == []


def test_it_lists_neither_source_texts_nor_published_ones(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    make_user("en_translator", "English translators")

    for user in (personas.translator("ms"), personas.translator("ta")):
        assert as_user(user).get("/").context["translation"].items == []


def test_people_who_do_not_translate_have_no_translation_section(translated_leaflet, personas, as_user):
    for user in (personas.author, personas.reviewer("ms", "native"), personas.publisher):
        response = as_user(user).get("/")
        assert response.context["translation"] is None
        assert "Waiting for translation" not in response.content.decode()
