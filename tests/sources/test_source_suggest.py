"""The editor's suggestions: GET /sources/suggest/ answers the top five passages as JSON."""

from workbench.sources import source_retire


def test_it_answers_the_best_passages_first_with_ids_titles_texts_and_scores(add_source, personas, as_user):
    source = add_source("Dengue is spread by mosquitoes.\n\nTake paracetamol for the fever, not aspirin.")
    for n in range(6):
        add_source(f"Fever advice {n}: rest at home.", title=f"Fever {n}")

    response = as_user(personas.reviewer("en", "native")).get("/sources/suggest/", {"q": "aspirin for a fever"})

    results = response.json()["results"]
    assert response.status_code == 200 and len(results) == 5
    best = source.passages.get(position=2)
    assert results[0] == {
        "passage_id": best.pk,
        "title": "Dengue fever",
        "text": best.text,
        "score": results[0]["score"],
    }
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_it_keeps_to_a_language_and_leaves_retired_sources_out(add_source, personas, as_user):
    english = add_source("Dengue is spread by mosquitoes.")
    add_source("Demam denggi disebarkan oleh nyamuk.", language="ms", title="Denggi")
    source_retire(source=english, user=personas.author, reason="Old")
    client = as_user(personas.author)

    assert client.get("/sources/suggest/", {"q": "dengue mosquitoes", "language": "en"}).json() == {"results": []}
    assert [
        r["title"] for r in client.get("/sources/suggest/", {"q": "denggi", "language": "ms"}).json()["results"]
    ] == ["Denggi"]
    assert client.get("/sources/suggest/", {"q": "denggi", "language": "xx"}).status_code == 404
    assert client.get("/sources/suggest/", {"q": "  "}).json() == {"results": []}
