"""Glossary pages per language."""

from translations.models import GlossaryTerm


def test_an_author_adds_and_edits_a_term(personas, as_user):
    client = as_user(personas.author)

    client.post(
        "/glossary/ms/",
        {"source_term": "fever", "target_term": "demam", "forbidden_terms": "panas", "note": "", "approved": "on"},
    )
    term = GlossaryTerm.objects.get()
    client.post(
        f"/glossary/ms/{term.pk}/",
        {
            "source_term": "fever",
            "target_term": "demam",
            "forbidden_terms": "panas\nmeriang",
            "note": "",
            "approved": "on",
        },
    )

    term.refresh_from_db()
    assert (term.target_language, term.target_term, term.forbidden_list()) == ("ms", "demam", ["panas", "meriang"])


def test_a_duplicate_term_is_refused_with_a_message(personas, as_user):
    GlossaryTerm.objects.create(target_language="ta", source_term="fever", target_term="காய்ச்சல்")

    response = as_user(personas.author).post("/glossary/ta/", {"source_term": "Fever", "target_term": "ஜுரம்"})

    assert response.status_code == 400 and "already in the glossary" in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_reviewers_read_but_do_not_edit_and_outsiders_are_refused(personas, as_user):
    GlossaryTerm.objects.create(target_language="ta", source_term="fever", target_term="காய்ச்சல்")
    reviewer = as_user(personas.reviewer("ta", "native"))

    page = reviewer.get("/glossary/ta/")
    assert page.status_code == 200 and 'lang="ta">காய்ச்சல்' in page.content.decode()
    assert reviewer.post("/glossary/ta/", {"source_term": "cough", "target_term": "இருமல்"}).status_code == 403
    assert as_user(personas.outsider).get("/glossary/ta/").status_code == 403
    assert as_user(personas.author).get("/glossary/xx/").status_code == 404
    assert GlossaryTerm.objects.count() == 1
