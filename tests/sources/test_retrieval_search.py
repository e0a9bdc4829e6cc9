"""Searching passages: best first, only what may be used, and nothing typed is read as search syntax."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workbench.retrieval import search
from workbench.sources import source_retire

DENGUE = (
    "Dengue fever is spread by the bite of an infected Aedes mosquito.\n\n"
    "Drink plenty of fluids and rest. Take paracetamol for the fever; do not take aspirin or ibuprofen."
)
HEAT = "In hot weather, drink water often and rest in the shade to prevent heat exhaustion."


def test_it_finds_the_passage_that_answers_and_ranks_the_better_match_first(add_source):
    source = add_source(DENGUE)
    add_source(HEAT, title="Heat illness")

    hits = search("can my child take aspirin for dengue fever?")

    assert hits[0].source_id == source.pk
    assert "aspirin" in hits[0].text
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(hit.score > 0 for hit in hits)
    assert hits[0].title == "Dengue fever" and hits[0].language == "en" and hits[0].source_version == 1


@pytest.mark.parametrize(
    "query",
    ['fever" OR *', "fever OR *", "a & !b", "dengue & !mosquito", "NEAR(dengue mosquito)", "-mosquito", "'", "\\", '"'],
)
def test_it_never_reads_what_is_typed_as_search_syntax(add_source, query):
    add_source(DENGUE)
    add_source(HEAT, title="Heat illness")

    hits = search(query)

    # No operator applies: "!mosquito" excludes nothing, "*" matches nothing, "OR" is just a word.
    texts = " ".join(hit.text for hit in hits)
    assert "shade" not in texts
    if "mosquito" in query or "dengue" in query:
        assert any("mosquito" in hit.text for hit in hits)


@pytest.mark.parametrize("query", ["", "   ", "?!…", "。，！", "the and of"])
def test_it_finds_nothing_for_a_query_without_words_and_asks_the_database_nothing(
    add_source, query, django_assert_num_queries
):
    add_source(DENGUE)

    with django_assert_num_queries(0):
        assert search(query) == []


def test_it_asks_one_query_however_long_the_brief(add_source, django_assert_num_queries):
    add_source(DENGUE)

    with django_assert_num_queries(1):
        search("fever")
    with django_assert_num_queries(1):
        search(" ".join(["dengue fever mosquito fluids rest paracetamol aspirin ibuprofen"] * 20), language="en")


def test_a_tamil_query_finds_the_tamil_passage_by_whole_words(add_source):
    tamil = add_source(
        "டெங்கு காய்ச்சல் கொசுக்கடியால் பரவுகிறது. நிறைய தண்ணீர் குடித்து ஓய்வெடுக்கவும்.",
        language="ta",
        title="டெங்கு காய்ச்சல்",
    )
    add_source(DENGUE)

    hits = search("எனக்கு காய்ச்சல் இருக்கிறது")

    assert [hit.source_id for hit in hits] == [tamil.pk]
    # Vowel signs are part of the word: a fragment of it is not the word.
    assert search("கா") == []


def test_a_chinese_question_finds_the_chinese_passage_through_segmented_words(add_source):
    chinese = add_source(
        "登革热由伊蚊叮咬传播。发烧时多喝水，多休息，可以服用扑热息痛。", language="zh", title="登革热"
    )
    add_source("高血压患者应少吃盐，定期量血压。", language="zh", title="高血压")

    hits = search("孩子发烧了应该喝水吗")

    assert hits[0].source_id == chinese.pk


def test_it_keeps_to_the_language_asked_for(add_source):
    add_source(DENGUE)
    malay = add_source("Demam denggi disebarkan oleh nyamuk Aedes. Minum banyak air.", language="ms", title="Denggi")

    assert {hit.source_id for hit in search("denggi dengue mosquito nyamuk", language="ms")} == {malay.pk}


def test_it_never_returns_a_retired_source(add_source, personas):
    source = add_source(DENGUE)
    source_retire(source=source, user=personas.author, reason="Replaced by the 2026 guidance")

    assert search("dengue") == []


def test_it_never_returns_a_source_past_its_review_by_date_but_does_on_the_day(add_source):
    today = timezone.localdate()
    add_source(DENGUE, review_by=today - timedelta(days=1))
    due_today = add_source(HEAT, title="Heat illness", review_by=today)

    assert search("dengue") == []
    assert [hit.source_id for hit in search("heat")] == [due_today.pk]


def test_it_returns_at_most_the_limit(add_source):
    for n in range(8):
        add_source(f"Dengue advice number {n}. Rest and drink water.", title=f"Dengue {n}")

    assert len(search("dengue", limit=3)) == 3
    assert len(search("dengue")) == 5
