from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.messages import listed
from translations.qa.registry import register
from translations.qa.text import find_urls

# Every quantifier is bounded or stops at a delimiter that cannot repeat, so a
# 1 MB segment costs linear time.
# What a token is called in a message; translated when the message is shown.
PLACEHOLDER = gettext_noop("placeholder")
REDACTION_TOKEN = gettext_noop("redaction token")
HTML_TAG = gettext_noop("HTML tag")
EMAIL_ADDRESS = gettext_noop("e-mail address")
URL = gettext_noop("URL")
MARKDOWN = gettext_noop("markdown")

# (label, a character the token cannot do without, pattern): the character
# test skips the regex entirely on the usual segment.
_PATTERNS = (
    (PLACEHOLDER, "{", re.compile(r"\{\{?[A-Za-z0-9_.\-]{0,40}\}?\}")),
    (
        PLACEHOLDER,
        "%",
        re.compile(r"(?<![%0-9A-Za-z])%(?:\([A-Za-z_][A-Za-z0-9_]{0,40}\))?[0-9.]{0,6}[sdifr](?![A-Za-z])"),
    ),
    (REDACTION_TOKEN, "[", re.compile(r"\[[A-Z][A-Z0-9]{0,30}(?:_[A-Z0-9]{1,30}){0,4}_[0-9]{1,6}\]")),
    (HTML_TAG, "<", re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>]{0,500})?/?>")),
    (EMAIL_ADDRESS, "@", re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")),
)
_BOLD_RE = re.compile(r"\*\*(?=\S)[^*\n]{1,500}?(?<=\S)\*\*|__(?=\S)[^_\n]{1,500}?(?<=\S)__")
_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?=\S)[^*\n]{1,500}?(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)[^_\n]{1,500}?(?<=\S)_(?![\w_])"
)
# An HTML tag's identity: its name and the attributes that must not change
# (a translated title= or alt= is fine).
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_TAG_KEPT_ATTRS_RE = re.compile(r"\b(href|src|id|class|name)\s*=\s*(\"[^\"]{0,500}\"|'[^']{0,500}'|[^\s>]{1,500})")


def _tag_key(tag: str) -> str:
    name = _TAG_NAME_RE.match(tag)
    attrs = sorted(f"{k}={v}" for k, v in _TAG_KEPT_ATTRS_RE.findall(tag))
    closing = "/" if tag.startswith("</") else ""
    return f"<{closing}{name.group(1).lower() if name else '?'}{' ' if attrs else ''}{' '.join(attrs)}>"


def tokens(text: str) -> Counter:
    found: Counter = Counter()
    for url in find_urls(text):
        found[(URL, url)] += 1
    for label, needed, pattern in _PATTERNS:
        if needed not in text:
            continue
        for match in pattern.finditer(text):
            token = match.group(0)
            found[(label, _tag_key(token) if label == HTML_TAG else token)] += 1
    if "*" not in text and "_" not in text:
        return found
    bold = len(_BOLD_RE.findall(text))
    if bold:
        found[(MARKDOWN, "**bold**")] = bold
    italic = len(_ITALIC_RE.findall(_BOLD_RE.sub("", text)))
    if italic:
        found[(MARKDOWN, "*emphasis*")] = italic
    return found


def _described(items: Counter) -> dict:
    """A list parameter of [label, token, count] (labels are translated when shown)."""
    return listed(([label, token, count] for (label, token), count in items.items()), 5)


def _item(label: str, token: str, count: int, translate) -> str:
    return f"{translate(label)} {token}" + (f" ×{count}" if count > 1 else "")


@register
class PlaceholdersCheck(SegmentCheck):
    check_id = "placeholders"
    name = gettext_noop("Placeholders and markup")
    description = (
        "{name}, %s, %(x)s, [NRIC_1]-style redaction tokens, HTML tags, URLs, e-mail addresses and markdown "
        "emphasis survive unchanged: none missing, altered or added."
    )
    severity = ERROR
    any_language = True
    messages = {
        "changed": gettext_noop("Changed in the target: the source has %(missing)s; the target has %(added)s."),
        "missing": gettext_noop("Missing from the target: %(missing)s."),
        "added": gettext_noop("Added in the target (not in the source): %(added)s."),
    }

    @classmethod
    def localise(cls, key, params, translate):
        for name in ("missing", "added"):
            if name in params:
                described = params[name]
                params[name] = {
                    "items": [_item(label, token, count, translate) for label, token, count in described["items"]],
                    "more": described.get("more", 0),
                }
        return params

    def run(self, segment: Segment):
        source = tokens(segment.source)
        target = tokens(segment.target)
        if source == target:
            return
        missing = source - target
        added = target - source
        if missing and added:
            yield self.finding("changed", missing=_described(missing), added=_described(added))
        elif missing:
            yield self.finding("missing", missing=_described(missing))
        else:
            yield self.finding("added", added=_described(added))
