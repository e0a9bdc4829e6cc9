"""The outbound guard: nothing personal leaves for an external model.

Every text sent to a model provider passes through ``guard_outbound`` first.
Handing a patient's identifiers to an outside provider is a disclosure the
hospital would have to justify under the PDPA, and a leaflet never needs them,
so the default policy refuses to send. "redact" swaps each identifier for a
typed placeholder that ``restore`` swaps back in the reply; "allow" is only for
models that run on the hospital's own premises, where nothing leaves.

Nothing here puts an identifier into an exception, a log line or an audit
record: errors carry masked forms, audit records carry type and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from translations.phi.detector import PhiSpan, detect

POLICIES = ("block", "redact", "allow")

_DESCRIPTIONS = {
    "nric": "NRIC/FIN number",
    "nric_suspect": "NRIC/FIN-like number with a wrong check letter (possibly a mistyped NRIC)",
    "nric_partial": "masked NRIC/FIN number",
    "phone": "phone number",
    "email": "e-mail address",
    "address": "street address",
    "dob": "date of birth",
    "mrn": "medical record number",
}

_PLACEHOLDER_TYPES = "NRIC_SUSPECT|NRIC_PARTIAL|NRIC|PHONE|EMAIL|ADDRESS|DOB|MRN"
_LOOSE_TYPE = r"NRIC[\s_\-]*SUSPECT|NRIC[\s_\-]*PARTIAL|NRIC|PHONE|EMAIL|ADDRESS|DOB|MRN"
# Anything a model might make of a placeholder: other brackets, spaces for the
# underscore, lower case, full-width digits, or the brackets dropped.
_PLACEHOLDER_LIKE = re.compile(
    rf"[\[【［〔(（<＜{{]\s*(?:{_LOOSE_TYPE})[\s_\-]*[0-9０-９]+\s*[\]】］〕)）>＞}}]"
    rf"|(?<![A-Za-z0-9])(?:{_PLACEHOLDER_TYPES})_[0-9]+(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_EXACT_PLACEHOLDER = re.compile(rf"\[(?:{_PLACEHOLDER_TYPES})_[0-9]+\]")
_TOKEN_PARTS = re.compile(rf"({_LOOSE_TYPE})[\s_\-]*([0-9０-９]+)", re.IGNORECASE)
_FULLWIDTH_DIGITS = {code: code - 0xFF10 + 0x30 for code in range(0xFF10, 0xFF1A)}


@dataclass(frozen=True)
class PhiLocation:
    label: str
    type: str
    start: int
    end: int

    def as_audit_dict(self) -> dict:
        return {"label": self.label, "type": self.type, "start": self.start, "end": self.end}


class PhiBlocked(Exception):
    """Personal data was found and the policy forbids sending it.

    ``str(exc)`` tells the author what was found and where, showing only masked
    forms such as S12****7D.
    """

    def __init__(self, locations: list[PhiLocation], masked: list[str] | None = None):
        self.locations = list(locations)
        self.masked = list(masked) if masked is not None else [""] * len(self.locations)
        super().__init__(self._message())

    def _message(self) -> str:
        lines = ["Personal data found; nothing was sent. Remove it or replace it with a neutral example:"]
        for location, masked in zip(self.locations, self.masked):
            shown = f": {masked}" if masked else ""
            lines.append(
                f"- {_DESCRIPTIONS.get(location.type, location.type)} in {location.label!r} "
                f"at characters {location.start}-{location.end}{shown}"
            )
        return "\n".join(lines)

    def __reduce__(self):
        # Exceptions are pickled with their args; ours are built from parts.
        return (type(self), (self.locations, self.masked))


class PlaceholderMismatch(Exception):
    """The model reply lost or altered a placeholder, or invented one."""

    def __init__(self, missing: list[str], unexpected: list[str]):
        self.missing = list(missing)
        self.unexpected = list(unexpected)
        problems = []
        if self.missing:
            problems.append("missing " + ", ".join(self.missing))
        if self.unexpected:
            problems.append("altered or unknown " + ", ".join(self.unexpected))
        super().__init__("The model reply does not carry the placeholders that were sent: " + "; ".join(problems))

    def __reduce__(self):
        return (type(self), (self.missing, self.unexpected))


@dataclass
class GuardedPayload:
    pieces: dict[str, str]
    placeholders: dict[str, str] = field(default_factory=dict)
    locations: list[PhiLocation] = field(default_factory=list)


def mask(value: str, kind: str = "") -> str:
    """A form of ``value`` that shows the author which identifier is meant
    without repeating it: letters and digits hidden except one at each end,
    separators kept (9123 4567 -> 9*** ***7). NRICs keep the series letter, two
    digits and the check letter (S1234567D -> S12****7D), the form people
    already recognise from masked NRICs on letters."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    if kind.startswith("nric") and len(positions) >= 9:
        shown = set(positions[:3] + positions[-2:])
    elif len(positions) >= 4:
        shown = {positions[0], positions[-1]}
    else:
        shown = set()
    return "".join(ch if (i in shown or not ch.isalnum()) else "*" for i, ch in enumerate(value))


def guard_outbound(
    *,
    pieces: dict[str, str],
    policy: str = "block",
    on_premises: bool = False,
    public_numbers: list[str] | None = None,
    mrn_patterns: list[str] | None = None,
) -> GuardedPayload:
    """Check (and under "redact", rewrite) the texts about to be sent to a model.

    ``pieces`` maps a label the author recognises (a segment number, "title")
    to its text.
    """
    if policy not in POLICIES:
        raise ValueError(f"Unknown PHI policy {policy!r}; use one of {', '.join(POLICIES)}.")
    if policy == "allow" and not on_premises:
        raise ValueError(
            "PHI policy 'allow' is only permitted for an on-premises model; "
            "use 'block' or 'redact' for an external provider."
        )

    found: dict[str, list[PhiSpan]] = {
        label: detect(text, public_numbers=public_numbers, mrn_patterns=mrn_patterns) for label, text in pieces.items()
    }
    locations = [
        PhiLocation(label=label, type=span.type, start=span.start, end=span.end)
        for label, spans in found.items()
        for span in spans
    ]

    if policy == "block":
        if locations:
            masked = [mask(span.text, span.type) for spans in found.values() for span in spans]
            raise PhiBlocked(locations, masked)
        return GuardedPayload(pieces=dict(pieces), placeholders={}, locations=[])
    if policy == "allow":
        return GuardedPayload(pieces=dict(pieces), placeholders={}, locations=locations)
    return _redact(pieces, found, locations)


def _redact(pieces: dict[str, str], found: dict[str, list[PhiSpan]], locations: list[PhiLocation]) -> GuardedPayload:
    # Placeholder-looking text the author wrote (a pasted earlier reply, say) is
    # sent as a placeholder of its own, so the reply check cannot mistake it for
    # an altered one and restoring gives the author's text back unchanged.
    taken = {_key(m.group(0)) for text in pieces.values() for m in _PLACEHOLDER_LIKE.finditer(text)}
    counters: dict[str, int] = {}
    by_text: dict[str, str] = {}

    def placeholder_for(kind: str, original: str) -> str:
        if original not in by_text:
            n = counters.get(kind, 0) + 1
            while (kind, n) in taken:
                n += 1
            counters[kind] = n
            by_text[original] = f"[{kind}_{n}]"
        return by_text[original]

    sent: dict[str, str] = {}
    for label, text in pieces.items():
        spans = found[label]
        replacements = [(span.start, span.end, span.type.upper(), span.text) for span in spans]
        for m in _PLACEHOLDER_LIKE.finditer(text):
            if not any(m.start() < span.end and span.start < m.end() for span in spans):
                replacements.append((m.start(), m.end(), _key(m.group(0))[0], m.group(0)))
        replacements.sort()
        out, pos = [], 0
        for start, end, kind, original in replacements:
            out += [text[pos:start], placeholder_for(kind, original)]
            pos = end
        out.append(text[pos:])
        sent[label] = "".join(out)
    placeholders = {ph: original for original, ph in by_text.items()}
    return GuardedPayload(pieces=sent, placeholders=placeholders, locations=locations)


def _key(token: str) -> tuple[str, int]:
    """(TYPE, N) of a placeholder-looking token, normalised ("[nric 1]" -> ("NRIC", 1))."""
    m = _TOKEN_PARTS.search(token)
    assert m is not None, "only called on _PLACEHOLDER_LIKE matches"
    kind = re.sub(r"[\s_\-]+", "_", m.group(1).upper())
    return kind, int(m.group(2).translate(_FULLWIDTH_DIGITS))


def placeholders_in(text: str) -> set[str]:
    """The exact placeholders present in a sent piece (the ``expected`` for restore)."""
    return set(_EXACT_PLACEHOLDER.findall(text))


def restore(text: str, placeholders: dict[str, str], *, expected: set[str] | None = None) -> str:
    """Put the identifiers back into a model reply.

    Raises PlaceholderMismatch when a placeholder of ``expected`` is missing,
    when a placeholder-looking token is not one that was sent exactly as it was
    (altered: "[NRIC 1]", "[nric_1]", "NRIC_1"; unknown: "[NRIC_9]"), or when a
    sent placeholder turns up in a reply it was not sent with.
    """
    seen: set[str] = set()
    unexpected: list[str] = []

    def put_back(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in placeholders and (expected is None or token in expected):
            seen.add(token)
            return placeholders[token]
        unexpected.append(token)
        return token

    restored = _PLACEHOLDER_LIKE.sub(put_back, text)
    missing = sorted(set(expected or ()) - seen)
    if missing or unexpected:
        raise PlaceholderMismatch(missing=missing, unexpected=unexpected)
    return restored
