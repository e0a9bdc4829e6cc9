"""What a Chinese, Malay or Tamil reader would see in the wrong language on a rendered page.

audit_html(html, ui_language, page) returns findings of five kinds:

  untranslated  a visible text or a user-facing attribute equal to an English msgid that the
                UI language's catalogue translates differently;
  english       visible text with English function words outside an element marked lang="en"
                (English inside a translated page must say so, for screen readers and fonts);
  code          a raw language code shown as a word ("ms:", "zh-hans") instead of its name;
  date          a date not written as the locale writes it (English month names, "1 十二月 2026");
  plural        an English "(s)" plural hack.

Text inside <script>, <style>, <code>, <pre>, and inside any element whose nearest `lang`
attribute names another language than the UI's (or lang="", a language not known: text someone typed),
is not the interface and is not checked. The
document's <title> cannot mark a part of itself as English, and shows the leaflet's title: its
English words are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIRS = {"zh-hans": "zh_Hans", "ms": "ms", "ta": "ta"}

# English words that are not words of Chinese, Malay or Tamil text (Malay borrows no function word).
ENGLISH_WORDS = frozenset(
    """the and of to your you is are this that with for please has have had was were will not from by be been
    an it its or at on in into there their they them these those which who what when where how can could
    should would must our we yet than then only also more each every any were being does did done here
    about after before until while because since if else some such other same very just all no yes
    """.split()
) - {"no"}  # "No." heads numbered columns in Malay too

# Words of the UI language spelled like an English function word (Malay "had" is a limit).
NOT_ENGLISH = {"ms": frozenset({"had"})}

# data-label is not here: it holds a key the editor script looks its translated label up by ("kind", "up").
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm", "data-dirty", "data-clean")
BUTTON_INPUTS = ("submit", "button", "reset")
SKIPPED = ("script", "style", "code", "pre", "svg", "textarea")
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|/[\w./?=&%-]+")
# Whole words only: a hash such as "be6bd5a62ed0" or a code such as "A1" holds no English word.
# (Latin letters and digits only around it: an English word written straight after Chinese counts.)
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]+(?:'[a-z]+)?(?![A-Za-z0-9_])")
_CODE_COLON = re.compile(r"(?<![\w./@-])(?:en|zh|ms|ta)\s*:")
_CODE_HANS = re.compile(r"(?<![\w./@-])zh-hans(?![\w-])", re.I)
_CODES_ONLY = re.compile(r"^(?:(?:en|zh|ms|ta|zh-hans)\s*(?:[,/·→]\s*|$))+$", re.I)
_ENGLISH_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_ENGLISH_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_ENGLISH_MONTHS})\.?\b|\b(?:{_ENGLISH_MONTHS})\.?\s+\d{{1,2}}\b|\b(?:a\.m\.|p\.m\.)"
)
# Malay shares Jan, Feb, Apr, Jun, Sep, Nov, April, September, November with English.
_ENGLISH_ONLY_MONTHS_MS = "January|February|March|May|June|July|August|October|December|Mar|Aug|Oct|Dec|Sept"
_ENGLISH_DATE_MS = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_ENGLISH_ONLY_MONTHS_MS})\.?\b|\b(?:{_ENGLISH_ONLY_MONTHS_MS})\.?\s+\d{{1,2}}\b|\b(?:a\.m\.|p\.m\.)"
)
# Chinese writes 2026年12月1日; "1 十二月 2026" is a fixed English pattern filled with Chinese month names.
_CHINESE_WRONG_DATE = re.compile(
    r"\d{1,2}\s*[一二三四五六七八九十]+月|[一二三四五六七八九十]+月\s*\d{1,2}|\d{4}-\d{2}-\d{2}"
)
_PLURAL_HACK = re.compile(r"[A-Za-z]\((?:s|es)\)|\((?:கள்)\)")


@dataclass(frozen=True)
class Finding:
    page: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.text!r}"


def _primary(tag: str) -> str:
    tag = tag.lower()
    return "zh" if tag.startswith("zh") else tag.split("-")[0]


@cache
def catalogue(ui_language: str) -> dict[str, str]:
    """English msgid -> its translation, for the entries this language says differently."""
    po = polib.pofile(str(ROOT / "locale" / CATALOGUE_DIRS[ui_language] / "LC_MESSAGES" / "django.po"))
    out = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or entry.msgid_plural:
            continue
        if entry.msgstr and entry.msgstr != entry.msgid and re.search(r"[A-Za-z]{2}", entry.msgid):
            out[_normal(entry.msgid)] = entry.msgstr
    return out


def _normal(text: str) -> str:
    return " ".join(text.split())


class _Collector(HTMLParser):
    def __init__(self, ui_language: str):
        super().__init__(convert_charrefs=True)
        self.ui = _primary(ui_language)
        # (tag, language, skipped)
        self.stack: list[tuple[str, str, bool]] = [("#root", self.ui, False)]
        self.texts: list[tuple[str, str]] = []  # (text, where)

    @property
    def _here(self) -> tuple[str, str, bool]:
        return self.stack[-1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        _tag, language, skipped = self._here
        if values.get("lang") is not None:
            # lang="" says the language is not known (a comment someone typed): not the interface's words.
            language = _primary(values["lang"]) if values["lang"] else "und"
        skipped = skipped or tag in SKIPPED or language != self.ui or "hidden" in values and tag == "input"
        if not skipped:
            for name in ATTRIBUTES:
                if values.get(name):
                    self.texts.append((values[name], f"{tag}[{name}]"))
            if tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUTS and values.get("value"):
                self.texts.append((values["value"], "input[value]"))
        if tag not in VOID:
            self.stack.append((tag, language, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        tag, _language, skipped = self._here
        if not skipped and data.strip():
            self.texts.append((data, tag))


def audit_html(html: str, ui_language: str, page: str = "", names: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings on one page rendered in ui_language ("zh-hans", "ms", "ta"; "en" checks plural hacks only).

    `names` are user names and other proper names the page may show as they are.
    """
    collector = _Collector(ui_language)
    collector.feed(html)
    collector.close()
    english_ui = _primary(ui_language) == "en"
    known = {} if english_ui else catalogue(ui_language)
    english_words = ENGLISH_WORDS - NOT_ENGLISH.get(_primary(ui_language), frozenset())
    findings: list[Finding] = []
    for raw, where in collector.texts:
        text = _normal(raw)
        bare = _URL.sub(" ", text)
        if _PLURAL_HACK.search(bare):
            findings.append(Finding(page, "plural", text))
        if english_ui or text in names:
            continue
        if text in known:
            findings.append(Finding(page, "untranslated", f"{text} (in {where})"))
            continue
        words = {w.lower() for w in _WORD.findall(bare)}
        if words & english_words and where != "title":
            findings.append(Finding(page, "english", f"{text} (in {where})"))
        if _CODE_COLON.search(bare) or _CODE_HANS.search(bare) or _CODES_ONLY.match(bare.strip()):
            findings.append(Finding(page, "code", text))
        date_pattern = _ENGLISH_DATE_MS if _primary(ui_language) == "ms" else _ENGLISH_DATE
        if date_pattern.search(bare) or (_primary(ui_language) == "zh" and _CHINESE_WRONG_DATE.search(bare)):
            findings.append(Finding(page, "date", text))
    return findings
