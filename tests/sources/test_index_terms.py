"""What the full-text index reads: words, lower-cased; Chinese segmented; Tamil words kept whole."""

import pytest
from django.db import connection

from workbench.retrieval import index_terms, query_terms, stem_prefixes


def test_latin_text_is_folded_to_lower_case_words_with_full_width_forms_normalised():
    assert index_terms("Take ＰＡＲＡＣＥＴＡＭＯＬ 500mg, not Aspirin!", "en") == "take paracetamol 500mg not aspirin"


def test_chinese_is_segmented_into_words_by_jieba():
    terms = index_terms("登革热患者应多喝水", "zh").split()

    assert {"登革热", "患者", "多喝水"} <= set(terms)
    assert "登革热患者应多喝水" not in terms


def test_tamil_words_keep_their_vowel_signs_and_viramas():
    assert index_terms("டெங்கு காய்ச்சல் இருந்தால்", "ta") == "டெங்கு காய்ச்சல் இருந்தால்"


def test_a_query_leaves_out_function_words_and_repeats():
    assert query_terms("What is the dose of the paracetamol, the DOSE?") == ["dose", "paracetamol"]
    assert query_terms("孩子发烧怎么办") == ["孩子", "发烧"]


def test_tamil_query_words_are_also_searched_by_their_stem_other_scripts_are_not():
    # "பள்ளிக்கு" (to school) is searched as a prefix too, which finds "பள்ளிக்கோ" (or to school).
    assert stem_prefixes(["பள்ளிக்கு", "school", "学校"]) == ["பள்ளிக"]
    assert stem_prefixes(["கை"]) == []  # too short to have a stem worth searching


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's index")
def test_the_index_is_kept_in_step_with_passages_by_its_own_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'workbench_passage' "
            "AND name LIKE 'passage\\_fts\\_%' ESCAPE '\\'"
        )
        assert {row[0] for row in cursor.fetchall()} == {"passage_fts_ai", "passage_fts_ad", "passage_fts_au"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_has_the_gin_index_over_the_expression_retrieval_queries(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'passage_search_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "to_tsvector('simple'::regconfig, indexed_text)" in definition


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's; PostgreSQL truncates")
def test_a_flush_leaves_no_emptied_passage_behind_in_the_index(transactional_db, personas):
    from django.core.management import call_command

    from workbench.sources import source_add

    source_add(
        user=personas.author, title="Fever", publisher="Clinic", language="en", text="Drink water.\n\nRest at home."
    )
    # A MATCH reads the index itself (a plain SELECT of an external-content table reads the passages).
    matched = "SELECT count(*) FROM passage_fts WHERE passage_fts MATCH 'water'"
    with connection.cursor() as cursor:
        cursor.execute(matched)
        assert cursor.fetchone()[0] == 1

    call_command("flush", interactive=False, verbosity=0)

    with connection.cursor() as cursor:
        cursor.execute(matched)
        assert cursor.fetchone()[0] == 0
