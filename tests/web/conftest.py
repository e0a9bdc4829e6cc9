"""Helpers for the page tests: post a form the way the browser does.

The logged-in client (`as_user`) and `red_flag_leaflet` are shared fixtures in tests/conftest.py.
"""

from __future__ import annotations

import uuid

from translations.models import TargetSegment


def once() -> str:
    """A fresh one-time form token, as {% once_token %} renders it."""
    return uuid.uuid4().hex


def segments_post(rows, **extra) -> dict:
    """Form data for the segment editor: rows of (key, kind, text)."""
    data = {
        "seg_key": [str(k or "") for k, _kind, _text in rows],
        "seg_kind": [kind for _k, kind, _t in rows],
        "seg_text": [text for _k, _kind, text in rows],
    }
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
