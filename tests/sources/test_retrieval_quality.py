"""A small run of the retrieval benchmark (bench/retrieval_bench.py): questions find their passage in the top five."""

from bench.retrieval_bench import evaluate, load_corpus

TOPICS = ("dengue", "child_fever", "diabetes_diet", "heat_illness", "wound_care", "antibiotics")


def test_questions_in_each_language_find_the_passage_that_answers_them_in_the_top_five(personas):
    passages = load_corpus(user=personas.author, topics=TOPICS)

    results = evaluate(passages, topics=TOPICS)

    assert set(results) == {"en", "zh", "ms", "ta"}
    for language, row in results.items():
        assert row["queries"] >= 10, language
        # On the whole corpus, SQLite and PostgreSQL both reach recall@5 >= 0.93 in every language.
        assert row["recall@5"] >= 0.9, (language, row["missed"])
        assert row["mrr"] >= 0.7, (language, row)
