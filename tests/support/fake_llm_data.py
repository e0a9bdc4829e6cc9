"""The fake model's "knowledge": a TICO-19 translation memory and a leaflet drafter.

Kept apart from the HTTP server so that what the fake says (deterministic text)
and how it says it (status codes, truncation, timing) can be read separately.

Translation rule, relied on by tests and benchmarks:

* A text found in the TICO-19 dev set (or registered with ``add``) translates
  to its reference translation. Lookup keys are whitespace-normalised; an exact
  match is tried first, then a case-insensitive one.
* Any other text translates to ``"[" + target_language + "] " + text``. The
  marker makes a fallback impossible to mistake for a real translation while
  keeping the output deterministic and traceable to its source.

A model of another quality (``QUALITIES``, ``degrade``) starts from that
answer and spoils it deterministically: words dropped, numbers changed, a
neighbour's translation, swapped words, or the source text back.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import random
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TICO_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"
TICO_TARGET_LANGUAGES = ("zh", "ms", "ta")
SOURCE_LANGUAGE = "en"


def normalise(text: str) -> str:
    return " ".join(text.split())


def fallback_translation(text: str, target_language: str) -> str:
    return f"[{target_language}] {text}"


# Lookup tables: target language -> {key: translation}, one keyed by the
# normalised source text and one by its casefolded form.
_Tables = dict[str, dict[str, str]]


def _put(exact: _Tables, folded: _Tables, source: str, target_language: str, target: str, *, overwrite: bool) -> None:
    key = normalise(source)
    if not key:
        return
    exact_table = exact.setdefault(target_language, {})
    folded_table = folded.setdefault(target_language, {})
    if overwrite:
        exact_table[key] = target
        folded_table[key.casefold()] = target
    else:
        # The corpus repeats a few target sentences for different English
        # rows; keeping the first makes the reverse direction stable.
        exact_table.setdefault(key, target)
        folded_table.setdefault(key.casefold(), target)


@functools.lru_cache(maxsize=4)
def _load_tico(path: str) -> tuple[_Tables, _Tables]:
    exact: _Tables = {}
    folded: _Tables = {}
    # The file is a CSV-style TSV: fields containing quotes are quoted and
    # their inner quotes doubled, so the csv module (not str.split) reads it.
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            english = row.get(SOURCE_LANGUAGE) or ""
            for language in TICO_TARGET_LANGUAGES:
                translated = row.get(language) or ""
                if not english.strip() or not translated.strip():
                    continue
                _put(exact, folded, english, language, translated, overwrite=False)
                _put(exact, folded, translated, SOURCE_LANGUAGE, english, overwrite=False)
    return exact, folded


class TranslationMemory:
    """TICO-19 lookups plus pairs registered by tests, which take precedence.

    The TICO tables are loaded once per path and shared read-only between
    instances; registered pairs live in the instance so servers stay isolated.
    """

    def __init__(self, tico_path: Path | None = None) -> None:
        path = Path(tico_path) if tico_path is not None else TICO_PATH
        if not path.is_file():
            raise FileNotFoundError(
                f"TICO-19 dev set not found at {path}; the fake LLM translates from it "
                "(pass tico_path= to use another copy)."
            )
        self.tico_path = path
        self._tico_exact, self._tico_folded = _load_tico(str(path.resolve()))
        self._lock = threading.Lock()
        self._extra_exact: _Tables = {}
        self._extra_folded: _Tables = {}

    def add(self, source_text: str, target_language: str, target_text: str) -> None:
        with self._lock:
            _put(self._extra_exact, self._extra_folded, source_text, target_language, target_text, overwrite=True)

    def clear_added(self) -> None:
        with self._lock:
            self._extra_exact = {}
            self._extra_folded = {}

    def lookup(self, text: str, target_language: str) -> str | None:
        key = normalise(text)
        with self._lock:
            extra_exact, extra_folded = self._extra_exact, self._extra_folded
            for table, probe in (
                (extra_exact, key),
                (self._tico_exact, key),
                (extra_folded, key.casefold()),
                (self._tico_folded, key.casefold()),
            ):
                found = table.get(target_language, {}).get(probe)
                if found is not None:
                    return found
        return None

    def translate(self, text: str, target_language: str, source_language: str | None = None) -> str:
        if source_language is not None and source_language == target_language:
            return text
        found = self.lookup(text, target_language)
        return found if found is not None else fallback_translation(text, target_language)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _as_list(value: Any) -> list[str]:
    """Accept either a list or a newline-separated string, as briefs come both ways."""
    if isinstance(value, str):
        items = value.splitlines()
    elif isinstance(value, (list, tuple)):
        items = [item for item in value if isinstance(item, str)]
    else:
        items = []
    return [item.strip() for item in items if item and item.strip()]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?。" else text + "."


def _format_contact(contact: Any) -> str:
    if isinstance(contact, str):
        return contact.strip()
    if isinstance(contact, Mapping):
        number = _text(contact.get("number") or contact.get("phone"))
        name = _text(contact.get("name") or contact.get("label"))
        if number and name:
            return f"{number} ({name})"
        return number or name
    return ""


def _format_contacts(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        contacts = [_format_contact(item) for item in value]
    else:
        contacts = [_format_contact(value)]
    return " or ".join(contact for contact in contacts if contact)


def draft_leaflet(
    brief: Mapping[str, Any], language: str, memory: TranslationMemory, passages: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Build the leaflet a compliant model would return for ``brief``.

    Structure: one heading (the topic), a paragraph per key message, a list
    item per action, and one red flag combining when to seek help with the
    emergency contacts. A leaflet without a red flag would be unsafe, so one is
    always produced even when the brief leaves those fields empty.

    With ``passages`` (a grounded draft, id -> text), every segment has
    ``citations``: the paragraphs (the key messages) cite the first passage
    sent, the other segments cite none.
    """
    topic = _text(brief.get("topic")) or "Patient information"
    segments: list[dict[str, str]] = [{"kind": "heading", "text": topic}]
    segments += [{"kind": "paragraph", "text": _sentence(message)} for message in _as_list(brief.get("key_messages"))]
    segments += [{"kind": "list_item", "text": _sentence(action)} for action in _as_list(brief.get("actions"))]

    seek_help = _sentence(_text(brief.get("seek_help"))) or "Get medical help straight away if you feel worse."
    contacts = _format_contacts(brief.get("emergency_contacts"))
    red_flag = f"{seek_help} Call {contacts} in an emergency." if contacts else seek_help
    segments.append({"kind": "red_flag", "text": red_flag})

    if language and language != SOURCE_LANGUAGE:
        topic = memory.translate(topic, language, SOURCE_LANGUAGE)
        segments = [
            {"kind": segment["kind"], "text": memory.translate(segment["text"], language, SOURCE_LANGUAGE)}
            for segment in segments
        ]
    if passages:
        first = next(iter(passages))
        cited: list[dict[str, Any]] = [
            {**segment, "citations": [first] if segment["kind"] == "paragraph" else []} for segment in segments
        ]
        return {"title": topic, "segments": cited}
    return {"title": topic, "segments": segments}


# What reasoning dialects "think" before answering (see fake_llm's dialects).
# The thinking deliberately quotes a JSON object that is NOT the answer, so a
# client that scrapes the first {...} out of a reply, or parses the thinking,
# gets this decoy instead of the real reply and fails loudly.
DECOY_JSON = '{"segments": "not this"}'


def thinking_about(payload: Any, task: str | None) -> str:
    """A few deterministic sentences of chain of thought about ``payload``, containing ``DECOY_JSON``."""
    if isinstance(payload, Mapping) and task in ("translate", "back_translate"):
        segments = payload.get("segments")
        count = len(segments) if isinstance(segments, (list, Mapping)) else 0
        source = payload.get("source_language") or payload.get("from") or "the source language"
        target = payload.get("target_language") or payload.get("to") or "the target language"
        return (
            f"The user wants {count} segment(s) translated from {source} into {target}. "
            f"A reply such as {DECOY_JSON} would be wrong: every id must come back with its own text. "
            "I will keep the ids in order and follow the glossary."
        )
    if isinstance(payload, Mapping) and task == "draft":
        brief = payload.get("brief")
        topic = _text(brief.get("topic")) if isinstance(brief, Mapping) else ""
        return (
            f"The user wants a patient leaflet about {topic or 'an unnamed topic'}. "
            f"Something like {DECOY_JSON} would not do: I need a title, then headings, paragraphs "
            "and list items, and a red flag last."
        )
    return (
        "The request is not one I recognise. "
        f"I should not invent an answer like {DECOY_JSON}; I will report the problem as JSON."
    )


def preamble_for(task: str | None) -> str:
    """The sentence of prose a chatty endpoint puts before its fenced JSON."""
    if task in ("translate", "back_translate"):
        return "Here is the translation:"
    if task == "draft":
        return "Here is the draft leaflet:"
    return "Here is the answer:"


# --- Models of different quality (see fake_llm's "Quality variants") ------------------------
# What a model of each quality does to the correct translation. Each corruption
# is deterministic: seeded by the text itself, so a benchmark gives the same
# figures on every run and two calls with the same text get the same answer.
QUALITIES: tuple[str, ...] = ("exact", "drops_words", "wrong_numbers", "neighbour", "paraphraser", "untranslated")
DROP_FRACTION = 0.35
_DIGITS = re.compile(r"\d+")
# Words a translation carries as words: Chinese has no spaces, so its characters stand in for words.
_NO_SPACES = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _rng(text: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def _units(text: str) -> tuple[list[str], str]:
    """The text's words and the glue that joins them back (characters and "" for Chinese)."""
    if _NO_SPACES.search(text) and " " not in text.strip():
        return list(text), ""
    return text.split(" "), " "


def drop_words(text: str, fraction: float = DROP_FRACTION) -> str:
    """Leave out about `fraction` of the words (at least one when there are two or more), never all."""
    units, glue = _units(text)
    if len(units) < 2:
        return text
    count = min(len(units) - 1, max(1, round(len(units) * fraction)))
    dropped = set(_rng(text).sample(range(len(units)), count))
    return glue.join(unit for index, unit in enumerate(units) if index not in dropped)


def wrong_numbers(text: str) -> str:
    """Every number changed (7 -> 8, 12 -> 13, 0 -> 1): the mistake a careless model makes with doses."""
    return _DIGITS.sub(lambda match: str(int(match.group(0)) + 1), text)


def paraphrase(text: str) -> str:
    """Some neighbouring words swapped: the meaning mostly survives, the wording does not."""
    units, glue = _units(text)
    if len(units) < 3:
        return text
    rng = _rng(text)
    for index in range(0, len(units) - 1, 3):
        if rng.random() < 0.7:
            units[index], units[index + 1] = units[index + 1], units[index]
    return glue.join(units)


def degrade(translations: dict[str, str], sources: dict[str, str], quality: str) -> dict[str, str]:
    """What a model of `quality` answers for these segments (id -> correct translation, in order).

    "neighbour" gives each segment the next one's translation (the last gets
    the first's), as a model that lost its place in a batch does; with a
    single segment it has no neighbour and answers it with the source text.
    "untranslated" answers with the source text itself.
    """
    if quality not in QUALITIES:
        raise ValueError(f"unknown quality {quality!r}; expected one of {', '.join(QUALITIES)}")
    if quality == "exact":
        return dict(translations)
    if quality == "untranslated":
        return {sid: sources.get(sid, text) for sid, text in translations.items()}
    if quality == "neighbour":
        ids = list(translations)
        if len(ids) < 2:
            return {sid: sources.get(sid, text) for sid, text in translations.items()}
        return {sid: translations[ids[(index + 1) % len(ids)]] for index, sid in enumerate(ids)}
    corrupt = {"drops_words": drop_words, "wrong_numbers": wrong_numbers, "paraphraser": paraphrase}[quality]
    return {sid: corrupt(text) for sid, text in translations.items()}
