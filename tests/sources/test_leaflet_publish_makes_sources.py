"""Publishing a leaflet makes each published language a source; withdrawing it takes them out of retrieval."""

from review.models import AuditEvent, Publication, PublicationText
from review.services import leaflet_publish, publication_withdraw
from workbench.models import Source
from workbench.retrieval import search
from workbench.sources import source_retire

# A word of the leaflet's English text (conftest.TICO), and of its Malay one.
ENGLISH_WORD = "symptoms"
MALAY_WORD = "simptom"


def test_each_published_language_becomes_an_active_leaflet_source_with_its_published_text(
    approved_leaflet, personas, settings
):
    settings.ORGANISATION_NAME = "Tan Tock Seng Hospital"

    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    sources = {source.language_id: source for source in Source.objects.all()}
    assert set(sources) == {"en", "zh", "ms", "ta"}
    for code, source in sources.items():
        frozen = PublicationText.objects.get(publication=publication, language_id=code)
        assert (source.kind, source.state, source.version) == ("leaflet", "active", 1)
        assert source.publication == publication and source.publisher == "Tan Tock Seng Hospital"
        assert source.title == frozen.title and source.created_by == personas.publisher
        assert source.published_on is not None
        assert all(item["text"] in source.text for item in frozen.body)
        assert source.passages.filter(source_version=1).exists()
    assert AuditEvent.objects.filter(verb="source.added", leaflet=approved_leaflet).count() == 4
    assert [hit.source_id for hit in search(MALAY_WORD, language="ms")] == [sources["ms"].pk]


def test_a_withdrawn_publication_is_never_retrieved_with_nothing_done_to_its_sources(approved_leaflet, personas):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    assert search(ENGLISH_WORD)

    publication_withdraw(publication=publication, user=personas.publisher, reason="Wrong advice on fluids")

    assert search(ENGLISH_WORD) == [] and search(MALAY_WORD) == []
    # Retrieval reads the publication's state: the sources themselves are untouched.
    assert set(Source.objects.values_list("state", flat=True)) == {"active"}
    assert AuditEvent.objects.filter(verb__startswith="source.").count() == 4  # the four added, nothing since


def test_publishing_again_refreshes_each_source_as_its_next_version_and_only_that_version_is_retrieved(
    approved_leaflet, personas
):
    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=first, user=personas.publisher, reason="Checking the Tamil")

    second = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher, republish_reason="Checked")

    english = Source.objects.get(language_id="en")
    assert Source.objects.count() == 4
    assert (english.version, english.publication_id) == (2, second.pk)
    assert english.passages.filter(source_version=1).count() == english.passages.filter(source_version=2).count()
    hits = search(ENGLISH_WORD, language="en")
    assert hits and all(hit.source_version == 2 and hit.source_id == english.pk for hit in hits)
    assert len(hits) == english.passages.filter(source_version=2, text__icontains=ENGLISH_WORD).count()
    assert AuditEvent.objects.filter(verb="source.refreshed").count() == 4
    assert Publication.objects.get(pk=first.pk).state == Publication.State.WITHDRAWN


def test_after_a_leaflet_source_is_retired_the_next_publication_starts_a_new_source(approved_leaflet, personas):
    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    retired = Source.objects.get(language_id="en")
    source_retire(source=retired, user=personas.author, reason="Being rewritten")
    publication_withdraw(publication=first, user=personas.publisher, reason="Being rewritten")

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher, republish_reason="Rewritten elsewhere")

    retired.refresh_from_db()
    assert (retired.state, retired.version) == ("retired", 1)
    fresh = Source.objects.get(language_id="en", state="active")
    assert fresh.version == 1 and [hit.source_id for hit in search(ENGLISH_WORD, language="en")] == [fresh.pk]
