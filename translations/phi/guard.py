"""The outbound guard: nothing personal leaves for an external model.

Every text sent to a model provider passes through ``guard_outbound`` first.
Handing a patient's identifiers to an outside provider is a disclosure the
hospital would have to justify under the PDPA, and a leaflet never needs them,
so the default policy refuses to send. "redact" swaps each identifier for a
typed placeholder that ``restore`` swaps back in the reply; "allow" is only for
models that run on the hospital's own premises, where nothing leaves.

Each piece is scanned on its own, and then all pieces of a call are scanned
again as one text (in the order given, joined by a space), so an identifier
split across two pieces ("S123" ending segment 3, "4567D" starting segment 4)
is found too, and the ends of neighbouring pieces once more joined by nothing,
for a split inside a word ("tan.ah" | "kow@…"). A placeholder cannot replace
half an identifier cleanly, so such a finding stops the call under "redact" as
well as under "block".

Nothing here puts an identifier into an exception, a log line or an audit
record: errors carry masked forms, audit records carry type and position.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from translations.phi.detector import PhiSpan, detect
from translations.phi.names import NameOverrides
from translations.phi.normalise import visible

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
    "person": "person's name",
}

_PLACEHOLDER_TYPES = "NRIC_SUSPECT|NRIC_PARTIAL|NRIC|PHONE|EMAIL|ADDRESS|DOB|MRN|PERSON"
_LOOSE_TYPE = r"NRIC[\s_\-]*SUSPECT|NRIC[\s_\-]*PARTIAL|NRIC|PHONE|EMAIL|ADDRESS|DOB|MRN|PERSON"
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
    """Where an identifier is: the piece's label and a character range in it.

    An identifier split across pieces has one location per piece, each
    carrying the labels of all of them in ``split_across``.
    """

    label: str
    type: str
    start: int
    end: int
    split_across: tuple[str, ...] = ()

    def as_audit_dict(self) -> dict:
        record = {"label": self.label, "type": self.type, "start": self.start, "end": self.end}
        if self.split_across:
            record["split_across"] = list(self.split_across)
        return record


class PhiBlocked(Exception):
    """Personal data was found and the policy forbids sending it.

    ``str(exc)`` tells the author what was found and where, showing only masked
    forms such as S12****7D. ``note`` is an extra line under the heading (why
    "redact" could not be applied).
    """

    def __init__(self, locations: list[PhiLocation], masked: list[str] | None = None, note: str = ""):
        self.locations = list(locations)
        self.masked = list(masked) if masked is not None else [""] * len(self.locations)
        self.note = note
        super().__init__(self._message())

    def _message(self) -> str:
        lines = ["Personal data found; nothing was sent. Remove it or replace it with a neutral example:"]
        if self.note:
            lines.insert(1, self.note)
        reported_splits = set()
        for location, masked in zip(self.locations, self.masked, strict=True):
            shown = f": {masked}" if masked else ""
            description = _DESCRIPTIONS.get(location.type, location.type)
            if location.split_across:
                key = (location.type, location.split_across, masked)
                if key in reported_splits:
                    continue
                reported_splits.add(key)
                parts = [
                    loc
                    for loc in self.locations
                    if loc.split_across == location.split_across and loc.type == location.type
                ]
                ranges = ", ".join(f"{loc.start}-{loc.end} of {loc.label!r}" for loc in parts)
                names = " and ".join(repr(label) for label in location.split_across)
                lines.append(f"- {description} split across {names} at characters {ranges}{shown}")
                continue
            lines.append(f"- {description} in {location.label!r} at characters {location.start}-{location.end}{shown}")
        return "\n".join(lines)

    def __reduce__(self):
        # Exceptions are pickled with their args; ours are built from parts.
        return (type(self), (self.locations, self.masked, self.note))


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
    allowed_names: tuple[str, ...] = (),
    name_overrides: NameOverrides | None = None,
) -> GuardedPayload:
    """Check (and under "redact", rewrite) the texts about to be sent to a model.

    ``pieces`` maps a label the author recognises (a segment number, "title")
    to its text. ``allowed_names`` are staff and organisation names leaflets
    may carry ("Dr Lim"); ``name_overrides`` the names an author has cleared
    for this leaflet, with a reason. Both apply to people's names only: an
    NRIC, a phone number or an address is never let through this way. The
    guard knows no database; translations.phi_allow reads both for a leaflet.
    """
    if policy not in POLICIES:
        raise ValueError(f"Unknown PHI policy {policy!r}; use one of {', '.join(POLICIES)}.")
    if policy == "allow" and not on_premises:
        raise ValueError(
            "PHI policy 'allow' is only permitted for an on-premises model; "
            "use 'block' or 'redact' for an external provider."
        )

    options = {
        "public_numbers": public_numbers,
        "mrn_patterns": mrn_patterns,
        "allowed_names": tuple(allowed_names),
        "name_overrides": name_overrides,
    }
    found: dict[str, list[PhiSpan]] = {label: _detect(text, options) for label, text in pieces.items()}
    splits = _scan_joined(pieces, found, options)
    for label in found:
        found[label].sort(key=lambda span: span.start)
    reported = [
        (PhiLocation(label=label, type=span.type, start=span.start, end=span.end), mask(visible(span.text), span.type))
        for label, spans in found.items()
        for span in spans
    ]
    if splits:
        # A part of a split identifier that its piece's own scan found too is reported once, as the part.
        parts = {(loc.label, loc.type, loc.start, loc.end) for split in splits for loc in split.locations}
        reported = [(loc, m) for loc, m in reported if (loc.label, loc.type, loc.start, loc.end) not in parts]
        reported += ((loc, split.masked) for split in splits for loc in split.locations)
        order = {label: i for i, label in enumerate(pieces)}
        reported.sort(key=lambda item: (order[item[0].label], item[0].start))
    locations = [loc for loc, _ in reported]
    masked = [m for _, m in reported]

    if policy == "block":
        if locations:
            raise PhiBlocked(locations, masked)
        return GuardedPayload(pieces=dict(pieces), placeholders={}, locations=[])
    if policy == "allow":
        return GuardedPayload(pieces=dict(pieces), placeholders={}, locations=locations)
    if splits:
        names = "; ".join(" and ".join(repr(label) for label in split.labels) for split in splits)
        how_many = "two" if all(len(split.labels) == 2 for split in splits) else "several"
        raise PhiBlocked(
            locations,
            masked,
            note=f"An identifier spans {how_many} segments ({names}): part of it is in each, so a placeholder "
            "cannot replace it. Remove it (or join the segments and remove it), then try again.",
        )
    return _redact(pieces, found, locations)


@dataclass(frozen=True)
class _Split:
    labels: tuple[str, ...]
    locations: tuple[PhiLocation, ...]
    masked: str


def _scan_joined(pieces: dict[str, str], found: dict[str, list[PhiSpan]], options: dict) -> list[_Split]:
    """Scan all pieces as one text. A finding inside one piece that the scan of
    that piece missed (its context was in the piece before: "Date of birth:"
    ending one segment, the date starting the next) is added to ``found``; a
    finding across pieces is returned as a split identifier, unless what it
    covers in each piece was found there already (an address whose street is in
    one segment and postal code in the next is two addresses, both redacted).

    Then the end of each piece and the start of the next are joined by nothing
    ("tan.ah" | "kow@…" is tan.ahkow@…, "21/03" | "/1985" is 21/03/1985), and
    findings across that boundary are split identifiers too. Every identifier
    has a digit or an "@", so boundaries with neither near them are skipped."""
    if len(pieces) < 2:
        return []
    labels = list(pieces)
    whole = [(label, 0, text) for label, text in pieces.items()]
    splits = _splits(pieces, found, options, whole, [" "] * (len(labels) - 1))
    fragments: list[tuple[str, int, str]] = []
    joins: list[str] = []
    for a, b in itertools.pairwise(labels):
        cut = max(0, len(pieces[a]) - _RUN_ON_WINDOW)
        before, after = pieces[a][cut:], pieces[b][:_RUN_ON_WINDOW]
        if not (_MAY_HOLD_AN_IDENTIFIER.search(before) or _MAY_HOLD_AN_IDENTIFIER.search(after)):
            continue
        if fragments:
            joins.append(_HARD_BREAK)
        fragments += [(a, cut, before), (b, 0, after)]
        joins.append("")
    if fragments:
        taken: dict[str, list[tuple[int, int]]] = {}
        for split in splits:
            for loc in split.locations:
                taken.setdefault(loc.label, []).append((loc.start, loc.end))
        for split in _splits(pieces, found, options, fragments, joins, extras=False):
            if not any(
                start < loc.end and loc.start < end
                for loc in split.locations
                for start, end in taken.get(loc.label, ())
            ):
                splits.append(split)
    return splits


# How much of each piece is read around a boundary for a split inside a word:
# more than an e-mail address's local part or any other identifier needs.
_RUN_ON_WINDOW = 80
# The windows around all boundaries are scanned as one text, kept apart by a
# blank line, which no identifier, address or birth-date context runs across.
_HARD_BREAK = "\n\n"
# Any digit (full-width, mathematical, Tamil...) or at sign.
_MAY_HOLD_AN_IDENTIFIER = re.compile(r"[\d@＠﹫]")


def _splits(
    pieces: dict[str, str],
    found: dict[str, list[PhiSpan]],
    options: dict,
    fragments: list[tuple[str, int, str]],
    joins: list[str],
    *,
    extras: bool = True,
) -> list[_Split]:
    """Findings in ``fragments`` (label, offset in the piece, text) joined by
    ``joins``: split identifiers returned, and with ``extras`` findings inside
    one piece that its own scan missed added to ``found``. A finding across a
    hard break, or touching the cut edge of a fragment (it may be part of
    something longer), is left alone."""
    starts, at = [], 0
    for i, (_, _, text) in enumerate(fragments):
        starts.append(at)
        at += len(text) + (len(joins[i]) if i < len(joins) else 0)
    joined = "".join(text + (joins[i] if i < len(joins) else "") for i, (_, _, text) in enumerate(fragments))
    splits = []
    for span in _detect(joined, options):
        parts, touched, cut = [], [], False
        for i in range(max(0, bisect_right(starts, span.start) - 1), len(fragments)):
            (label, offset, text), base = fragments[i], starts[i]
            if base >= span.end:
                break
            lo, hi = max(span.start, base), min(span.end, base + len(text))
            if lo < hi:
                parts.append((label, offset + lo - base, offset + hi - base))
                touched.append(i)
                cut = cut or (lo == base and offset > 0)
                cut = cut or (hi == base + len(text) and offset + len(text) < len(pieces[label]))
        if cut or not parts or any(joins[i] == _HARD_BREAK for i in range(touched[0], touched[-1])):
            continue
        if len(parts) == 1:
            label, start, end = parts[0]
            if extras and not any(s.start < end and start < s.end for s in found[label]):
                found[label].append(PhiSpan(span.type, start, end, pieces[label][start:end]))
            continue
        if all(_covered(pieces[label], found[label], start, end) for label, start, end in parts):
            continue
        split_labels = tuple(label for label, _, _ in parts)
        splits.append(
            _Split(
                labels=split_labels,
                locations=tuple(PhiLocation(label, span.type, start, end, split_labels) for label, start, end in parts),
                masked=mask(visible(span.text), span.type),
            )
        )
    return splits


def _detect(text: str, options: dict) -> list[PhiSpan]:
    """``detect`` without the names an author has overridden for this leaflet."""
    overrides = options["name_overrides"]
    spans = detect(
        text,
        public_numbers=options["public_numbers"],
        mrn_patterns=options["mrn_patterns"],
        allowed_names=options["allowed_names"],
    )
    if overrides is None or not overrides.digests:
        return spans
    return [span for span in spans if span.type != "person" or not overrides.covers(span.text)]


def _covered(text: str, spans: list[PhiSpan], start: int, end: int) -> bool:
    """Whether every letter and digit of text[start:end] lies in one of ``spans``."""
    return all(any(s.start <= i < s.end for s in spans) for i in range(start, end) if text[i].isalnum())


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
