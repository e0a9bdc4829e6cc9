"""GET /api/glossary/{lang}/: the terms of English -> a language, paginated, for anyone with a role."""

import csv
import itertools
from pathlib import Path

import pytest

from translations.glossary import glossary_term_save
from translations.models import GlossaryTerm

TICO_TERMS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tico19" / "g_en_ms.csv"


@pytest.fixture
def malay_terms(personas) -> list[GlossaryTerm]:
    """Five TICO-19 Malay terms, saved as an author saves them."""
    if not TICO_TERMS.exists():
        pytest.skip(f"MISSING {TICO_TERMS}: the shared TICO-19 data sits beside the project in ../shared")
    with TICO_TERMS.open(encoding="utf-8") as rows:
        pairs = [(row["sourceString"], row["targetString"]) for row in itertools.islice(csv.DictReader(rows), 5)]
    return [
        glossary_term_save(
            term=GlossaryTerm(source_language="en", target_language="ms", source_term=en, target_term=ms),
            user=personas.author,
        )
        for en, ms in pairs
    ]


def test_a_reviewer_reads_the_terms_in_order(malay_terms, personas, api_as):
    GlossaryTerm.objects.create(target_language="ta", source_term="fever", target_term="காய்ச்சல்")

    response = api_as(personas.reviewer("ms", "clinical")).get("/api/glossary/ms/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 5
    assert [t["source_term"] for t in body["results"]] == sorted(t.source_term for t in malay_terms)
    first = next(t for t in malay_terms if t.source_term == body["results"][0]["source_term"])
    assert body["results"][0]["target_term"] == first.target_term and body["results"][0]["target_language"] == "ms"
    assert body["results"][0]["forbidden_terms"] == [] and body["results"][0]["approved"] is True


def test_it_is_paginated(malay_terms, personas, api_as):
    page = api_as(personas.author).get("/api/glossary/ms/?page_size=2&page=3").json()

    assert page["count"] == 5 and len(page["results"]) == 1 and page["next"] is None


def test_an_unknown_language_or_english_is_404(personas, api_as):
    for lang in ("xx", "en", "zh-hans", "MS"):
        assert api_as(personas.author).get(f"/api/glossary/{lang}/").status_code == 404, lang


def test_someone_without_a_role_gets_403(personas, api_as):
    assert api_as(personas.outsider).get("/api/glossary/ms/").status_code == 403
    assert api_as(None).get("/api/glossary/ms/").status_code == 401
