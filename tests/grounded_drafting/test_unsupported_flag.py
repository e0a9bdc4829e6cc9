"""The "unsupported" flag: source segments stating a clinical fact with no citation, for the clinician."""

from review.selectors import text_citations
from tests.conftest import text_of
from tests.grounded_drafting.conftest import passages_of
from workbench.models import Segment
from workbench.services import SegmentInput, leaflet_create, segment_citations_set

DOSE = "Take 2 tablets of paracetamol twice a day."
PLAIN = "Dengue is spread by mosquitoes."


def make(personas, rows, languages=("en", "zh")):
    return leaflet_create(
        user=personas.author,
        title="Dengue at home",
        required_languages=list(languages),
        segments=[SegmentInput(kind=kind, text=text) for kind, text in rows],
    )


def test_a_dosing_sentence_without_a_citation_is_unsupported(personas):
    leaflet = make(personas, [("heading", "Fever and pain"), ("paragraph", PLAIN), ("list_item", DOSE)])

    shown = text_citations(text_version=text_of(leaflet, "en"))

    dose = leaflet.current_revision.segments.get(text=DOSE)
    assert shown.unsupported == [dose.key]


def test_a_cited_dosing_sentence_is_not_unsupported(personas, add_source):
    source = add_source("Adults may take 2 tablets of paracetamol (500 mg each) up to four times a day.")
    leaflet = make(personas, [("list_item", DOSE)])
    dose = leaflet.current_revision.segments.get(text=DOSE)
    segment_citations_set(segment=dose, user=personas.author, passage_ids=[passages_of(source)[0].pk])

    shown = text_citations(text_version=text_of(leaflet, "en"))

    assert shown.unsupported == [] and [c.passage_id for c in shown.cited[dose.key]] == [passages_of(source)[0].pk]


def test_titles_and_headings_are_never_flagged(personas):
    leaflet = make(personas, [("heading", "Take 2 tablets a day"), ("paragraph", PLAIN)])

    assert text_citations(text_version=text_of(leaflet, "en")).unsupported == []
    assert leaflet.current_revision.segments.filter(kind=Segment.Kind.TITLE).exists()


def test_a_translation_has_no_flags_of_its_own(personas):
    leaflet = make(personas, [("list_item", DOSE)])

    assert text_citations(text_version=text_of(leaflet, "zh")).unsupported == []


def test_the_flags_of_a_long_text_cost_the_same_queries_as_a_short_one(personas, add_source, django_assert_num_queries):
    short = make(personas, [("list_item", DOSE)])
    long = make(personas, [("list_item", f"Take {n} tablets a day.") for n in range(1, 61)])
    source = add_source()
    for segment in long.current_revision.segments.exclude(kind="title")[:10]:
        segment_citations_set(segment=segment, user=personas.author, passage_ids=[passages_of(source)[0].pk])
    short_tv, long_tv = text_of(short, "en"), text_of(long, "en")

    with django_assert_num_queries(2):
        text_citations(text_version=short_tv)
    with django_assert_num_queries(2):
        shown = text_citations(text_version=long_tv)
    assert len(shown.unsupported) == 50 and len(shown.cited) == 10


def test_the_review_screen_flags_the_sentence_for_the_clinician(personas, as_user):
    leaflet = make(personas, [("paragraph", PLAIN), ("list_item", DOSE)])
    tv = text_of(leaflet, "en")
    dose = leaflet.current_revision.segments.get(text=DOSE)
    plain = leaflet.current_revision.segments.get(text=PLAIN)

    page = as_user(personas.reviewer("en", "clinical")).get(f"/review/{tv.pk}/").content.decode()

    dose_section = page[page.index(f'id="seg-{dose.key}"') :]
    plain_section = page[page.index(f'id="seg-{plain.key}"') : page.index(f'id="seg-{dose.key}"')]
    assert "No source cited" in dose_section[: dose_section.index("</section>")]
    assert "No source cited" not in plain_section
