"""Helpers for the page tests: log a persona in, post a form the way the browser does."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from translations.models import TargetSegment


@pytest.fixture
def as_user():
    """as_user(user) -> a test client logged in as that user (None: anonymous)."""

    def login(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return login


def once() -> str:
    """A fresh one-time form token, as {% once_token %} renders it."""
    return uuid.uuid4().hex


def segments_post(rows, **extra) -> dict:
    """Form data for the segment editor: rows of (key, kind, text)."""
    data = {"seg_key": [str(k or "") for k, _kind, _text in rows], "seg_kind": [kind for _k, kind, _t in rows],
            "seg_text": [text for _k, _kind, text in rows]}
    data.update(extra)
    return data


def revision_rows(revision):
    """The rows the segment editor shows and posts: every segment but the title, which has its own field."""
    return [(s.key, s.kind, s.text) for s in revision.segments.all() if s.kind != "title"]


def title_segment(revision):
    return revision.segments.get(kind="title")


def target_segments(text_version):
    return list(TargetSegment.objects.filter(text_version=text_version).order_by("position"))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Three segments of a dengue leaflet with a red flag; the Tamil red flag drops the
# emergency number, which the QA "numbers" check reports as an error.
RED_FLAG = {
    "en": "Call 995 at once if you bleed from the gums or nose.",
    "zh": "如果牙龈或鼻子出血，请立即拨打995。",
    "ms": "Hubungi 995 segera jika gusi atau hidung anda berdarah.",
    "ta": "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே அழைக்கவும்.",
}
TAMIL_RED_FLAG_FIXED = "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே 995 ஐ அழைக்கவும்."


@pytest.fixture
def red_flag_leaflet(personas):
    """A translated leaflet whose Tamil text has one QA error (a missing emergency number)."""
    from tests.conftest import TICO, translate_all
    from workbench.services import SegmentInput, leaflet_create

    rows = TICO + [RED_FLAG]
    leaflet = leaflet_create(
        user=personas.author, title="Dengue: when to get help", required_languages=["en", "zh", "ms", "ta"],
        segments=[SegmentInput(kind="paragraph", text=r["en"]) for r in TICO]
        + [SegmentInput(kind="red_flag", text=RED_FLAG["en"])],
    )
    translate_all(leaflet, rows=rows)
    return leaflet
