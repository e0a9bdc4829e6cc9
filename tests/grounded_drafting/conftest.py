"""Builders for grounded drafting: trusted sources added by the shared author persona."""

from __future__ import annotations

import pytest

from workbench.models import Citation, Passage, Source
from workbench.retrieval import index_terms
from workbench.sources import source_add

DENGUE_EN = (
    "Dengue fever spreads through the bite of an infected Aedes mosquito.\n\n"
    "Drink plenty of fluids such as water, soup and juice to prevent dehydration when you have dengue."
)


@pytest.fixture
def add_source(personas):
    """add_source(text, language=..., title=..., **more) -> an active source added by the author."""

    def add(text: str = DENGUE_EN, *, language: str = "en", title: str = "Dengue fever", **more) -> Source:
        return source_add(
            user=personas.author,
            title=title,
            publisher=more.pop("publisher", "Health Promotion Board"),
            language=language,
            text=text,
            **more,
        )

    return add


@pytest.fixture
def raw_passage(db):
    """raw_passage(text) -> a passage written straight into the index, skipping the PHI check of source_add.

    How a passage carrying an identifier could still be in the library (a source
    added before the check existed, an imported database): the draft's own guard must stop it.
    """

    def make(text: str, *, language: str = "en", title: str = "Imported guideline") -> Passage:
        source = Source.objects.create(
            title=title,
            publisher="Legacy import",
            language_id=language,
            kind=Source.Kind.TEXT,
            state=Source.State.ACTIVE,
            text=text,
        )
        return Passage.objects.create(
            source=source, position=1, text=text, language=language, indexed_text=index_terms(text, language)
        )

    return make


def passages_of(source: Source) -> list[Passage]:
    return list(source.passages.order_by("position"))


def cited_ids(segment) -> list[int]:
    return sorted(Citation.objects.filter(segment=segment).values_list("passage_id", flat=True))
