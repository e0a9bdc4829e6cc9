"""Template helpers: language labels and `lang` attributes, the one-time form token, small SVG charts."""

from __future__ import annotations

import uuid

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext

from review.models import Stage
from workbench.http import ONCE_FIELD, place_of
from workbench.languages import CONTENT_LANGUAGES, language_name

register = template.Library()


@register.filter
def language_label(code) -> str:
    """A content language's name in the UI language (workbench.languages.language_name)."""
    return language_name(code)


@register.filter
def native_name(code) -> str:
    code = getattr(code, "pk", code)
    language = CONTENT_LANGUAGES.get(code)
    return language.native_name if language else code


@register.filter
def html_lang(code) -> str:
    """The BCP 47 tag for a content language code: zh -> zh-Hans."""
    code = getattr(code, "pk", code)
    language = CONTENT_LANGUAGES.get(code)
    return language.html_lang if language else (code or "")


@register.filter
def stage_label(stage) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def once_token():
    """A hidden one-time token: the same form sent twice is processed once (see workbench.http.submit_once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, uuid.uuid4().hex)


@register.inclusion_tag("workbench/_bar_chart.html")
def bar_chart(chart, chart_id=""):
    return {"chart": chart, "chart_id": chart_id or f"chart-{uuid.uuid4().hex[:8]}"}


@register.filter
def ui_html_lang(code) -> str:
    """Django's UI language code as a BCP 47 tag for <html lang>: zh-hans -> zh-Hans."""
    return {"zh-hans": "zh-Hans"}.get(code, code)


@register.filter
def as_json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@register.simple_tag
def leaflet_title(leaflet):
    """The title, marked with the leaflet's source language (it is content, not interface text)."""
    language = CONTENT_LANGUAGES.get(getattr(leaflet, "source_language_id", ""))
    return format_html('<span lang="{}">{}</span>', language.html_lang if language else "", leaflet.title)


@register.filter
def body_number_offset(rows) -> int:
    """-1 when the first review row is the title, else 0: body segments count from 1, as in the editor.

    The title is labelled "Title" instead of a number (revisions from before
    title segments have none, and count from their first segment).
    """
    first = rows[0] if rows else None
    segment = first.get("segment") if isinstance(first, dict) else getattr(first, "segment", None)
    source = getattr(segment, "source_segment", None)
    return -1 if getattr(source, "kind", "") == "title" else 0


@register.filter(expects_localtime=True)
def local_datetime(value, precision: str = "") -> str:
    """A moment as the UI language writes its dates (2026年12月1日 14:05, 1 Dis 2026 14:05): the locale's
    DATETIME_FORMAT (workbench/formats gives every UI language one with a 24-hour clock), as the services'
    messages use it. `precision` "seconds" adds the seconds (the audit trail)."""
    if not value:
        return ""
    if precision == "seconds":
        return f"{formats.date_format(value, 'DATE_FORMAT')} {formats.time_format(value, 'H:i:s')}"
    return formats.date_format(value, "DATETIME_FORMAT")


@register.simple_tag
def ui_languages():
    """The interface languages, each named in its own language (never translated: a reader looks for their own)."""
    return [(code, name, ui_html_lang(code)) for code, name in settings.LANGUAGES]


@register.filter
def system_text(message) -> str:
    """A message the system stored in English (a job's error): translated if the catalogue has it, else lang="en"."""
    message = str(message or "")
    translated = gettext(message) if message else ""
    if translated != message:
        return translated
    return format_html('<span lang="en">{}</span>', message)


@register.filter
def placed(messages, at: str = "") -> list:
    """The messages shown at one place: beside the form named `at` ("decisions"), or with no `at`, the rest
    (the top of the page). A decision's result belongs by the buttons that caused it, where the eye is after
    the page comes back scrolled to them, not above the fold."""
    return [message for message in messages or () if place_of(message) == at]
