"""POST /api/glossary/{lang}/: an author adds a term, through the glossary page's form and service (audited)."""

from review.models import AuditEvent
from translations.models import GlossaryTerm


def add(client, lang, **term):
    return client.post(f"/api/glossary/{lang}/", term, format="json")


def test_an_author_adds_a_term_with_ruled_out_renderings(personas, api_as):
    response = add(
        api_as(personas.author),
        "ms",
        source_term="fever",
        target_term="demam",
        forbidden_terms=["panas badan"],
        note="Not the colloquial word.",
    )

    assert response.status_code == 201, response.content
    term = GlossaryTerm.objects.get()
    assert (term.source_language, term.target_language, term.source_term, term.target_term) == (
        "en",
        "ms",
        "fever",
        "demam",
    )
    assert term.forbidden_list() == ["panas badan"] and term.approved is True
    assert response.json()["id"] == term.pk and response.json()["forbidden_terms"] == ["panas badan"]
    event = AuditEvent.objects.get(verb="glossary.created")
    assert event.actor == personas.author and event.data["target"] == "demam"


def test_a_term_already_there_in_another_case_is_refused(personas, api_as):
    client = api_as(personas.author)
    add(client, "ta", source_term="fever", target_term="காய்ச்சல்")

    response = add(client, "ta", source_term="Fever", target_term="சுரம்")

    assert response.status_code == 400 and "already in the glossary" in response.json()["detail"]
    assert GlossaryTerm.objects.count() == 1


def test_missing_or_oversized_fields_are_a_400(personas, api_as):
    client = api_as(personas.author)

    assert add(client, "zh", source_term="fever").status_code == 400
    assert add(client, "zh", source_term="x" * 201, target_term="发烧").status_code == 400
    assert add(client, "zh", source_term="fever", target_term="发烧", forbidden_terms="发热").status_code == 400
    assert add(client, "zh", source_term="fever\x00", target_term="发烧").status_code == 400
    assert not GlossaryTerm.objects.exists()


def test_only_authors_add_terms(personas, api_as):
    assert add(api_as(personas.reviewer("ms", "native")), "ms", source_term="a", target_term="b").status_code == 403
    assert add(api_as(personas.publisher), "ms", source_term="a", target_term="b").status_code == 403
    assert add(api_as(personas.outsider), "ms", source_term="a", target_term="b").status_code == 403
    assert add(api_as(personas.author), "xx", source_term="a", target_term="b").status_code == 404
    assert not GlossaryTerm.objects.exists() and not AuditEvent.objects.filter(verb="glossary.created").exists()


def test_a_refusal_names_the_field_and_the_problem(personas, api_as):
    response = add(api_as(personas.author), "zh", source_term="fever", target_term="发烧", forbidden_terms=["", "x"])

    assert response.status_code == 400
    assert response.json()["errors"] == ["forbidden_terms: 0: This field may not be blank."]
