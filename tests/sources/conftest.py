"""Builders for source tests: a source added by the shared author persona."""

from __future__ import annotations

import pytest

from workbench.sources import source_add


@pytest.fixture
def add_source(personas):
    """add_source(text, language=..., title=..., **more) -> an active source added by the author."""

    def add(text: str, *, language: str = "en", title: str = "Dengue fever", **more):
        return source_add(
            user=personas.author,
            title=title,
            publisher="Health Promotion Board",
            language=language,
            text=text,
            **more,
        )

    return add
