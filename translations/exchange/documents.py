"""What an exchange file holds, whatever its format: the neutral shape the formats read and write."""

from __future__ import annotations

from dataclasses import dataclass, field

# The file's metadata keys (XLIFF: the metadata module's <mda:meta type="...">).
META_LEAFLET = "leaflet"
META_LANGUAGE = "language"
META_REVISION = "revision"
META_CONTENT_HASH = "content-hash"
META_GENERATION = "edit-generation"
META_EXPORT = "export"
META_KEYS = (META_LEAFLET, META_LANGUAGE, META_REVISION, META_CONTENT_HASH, META_GENERATION, META_EXPORT)
META_CATEGORY = "leaflet-workbench"


class BadFile(ValueError):
    """The file cannot be read as an exchange file; the message says why, for a person."""


@dataclass(frozen=True)
class Match:
    """A translation-memory match for a unit: shown to the translator, never applied by itself."""

    source: str
    target: str
    reviewed: bool


@dataclass(frozen=True)
class Unit:
    id: str  # the segment key; "" when the file's unit has none
    source: str
    target: str
    notes: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()


@dataclass(frozen=True)
class ExchangeFile:
    source_language: str
    target_language: str
    meta: dict[str, str] = field(default_factory=dict)
    units: tuple[Unit, ...] = ()
    original: str = ""
