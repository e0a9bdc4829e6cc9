"""Translation memory in and out as TMX 1.4b.

Export: the approved (reviewed) memory of one language pair. Import: every
pair of the file for the workbench's languages, as *unreviewed* memory
(`MemoryEntry.reviewed=False`). Unreviewed entries never fill a segment: the
memory lookups that fill text versions and translation jobs
(`translations.text_versions.memory_lookup`) read reviewed entries only, so a
segment of origin "memory" is always approved wording. They are suggestions:
an XLIFF export shows them to the vendor beside the segment, marked
unreviewed. An entry becomes reviewed only when a text carrying that
translation is approved by both stages (review.services writes its entries,
and MemoryEntry.save marks them reviewed). An import never changes a reviewed
entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from translations.exchange import safe_xml
from translations.exchange.documents import BadFile
from translations.exchange.tmx import TmxEntry, read_tmx, write_tmx
from translations.models import MemoryEntry
from workbench.languages import CONTENT_LANGUAGES
from workbench.models import Segment, segment_hash

KINDS = [kind for kind, _label in Segment.Kind.choices]
DEFAULT_KIND = Segment.Kind.PARAGRAPH


def _kind_of(entry: MemoryEntry) -> str:
    """The segment kind whose hash keys this entry (memory is keyed by kind and text)."""
    for kind in KINDS:
        if segment_hash(kind, entry.source_text) == entry.source_hash:
            return kind
    return ""


def memory_export(*, user, source_language: str, target_language: str) -> tuple[bytes, int]:
    """The approved memory of a language pair as TMX, audited. Returns (file, number of entries)."""
    if (
        source_language not in CONTENT_LANGUAGES
        or target_language not in CONTENT_LANGUAGES
        or source_language == target_language
    ):
        raise ValidationError(_("Choose two different languages of the workbench."))
    # user None: the system (manage.py memory_export without --user), audited as such.
    if user is not None and not permissions.can_export_memory(user, target_language):
        raise PermissionDenied
    entries = list(
        MemoryEntry.objects.filter(
            source_language=source_language, target_language=target_language, reviewed=True
        ).order_by("id")
    )
    data = write_tmx(
        [TmxEntry(source=e.source_text, target=e.target_text, kind=_kind_of(e)) for e in entries],
        source_language=source_language,
        target_language=target_language,
    )
    with transaction.atomic():
        audit_record(
            actor=user,
            verb="memory.exported",
            data={
                "source_language": source_language,
                "target_language": target_language,
                "entries": len(entries),
                "file_sha256": hashlib.sha256(data).hexdigest(),
            },
        )
    return data, len(entries)


@dataclass
class MemoryImportResult:
    source_language: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    kept_reviewed: int = 0
    per_language: dict[str, int] = field(default_factory=dict)


def _source_language_of(data: bytes) -> str:
    root = safe_xml.parse(data, limit=settings.EXCHANGE_MAX_FILE_BYTES)
    header = next((child for child in root if safe_xml.localname(child) == "header"), None)
    declared = (header.get("srclang", "") if header is not None else "").replace("_", "-").split("-", 1)[0].lower()
    return "en" if declared in ("", "*all*") else declared


def memory_import(*, user, data: bytes) -> MemoryImportResult:
    """Load a TMX file as unreviewed memory, all or nothing, audited.

    The source language is the header's `srclang`; every other workbench
    language present in the file is imported. A pair whose source already has
    a reviewed entry is left alone (counted); an unreviewed one takes the
    file's translation.
    """
    if not permissions.can_import_memory(user):
        raise PermissionDenied
    try:
        source_language = _source_language_of(data)
        if source_language not in CONTENT_LANGUAGES:
            raise BadFile(
                _("The file's source language %(language)s is not one of the workbench's (%(languages)s).")
                % {"language": repr(source_language), "languages": ", ".join(CONTENT_LANGUAGES)}
            )
        pairs = {
            code: read_tmx(
                data, limit=settings.EXCHANGE_MAX_FILE_BYTES, source_language=source_language, target_language=code
            )
            for code in CONTENT_LANGUAGES
            if code != source_language
        }
    except BadFile as exc:
        raise ValidationError(str(exc)) from None
    pairs = {code: entries for code, entries in pairs.items() if entries}
    if not pairs:
        raise ValidationError(
            _("The file has no translation pairs from %(source)s into a language of the workbench.")
            % {"source": source_language}
        )
    for entries in pairs.values():
        for entry in entries:
            if max(len(entry.source), len(entry.target)) > settings.MAX_SEGMENT_CHARS:
                raise ValidationError(
                    _("A translation unit is longer than %(limit)s characters; nothing was imported.")
                    % {"limit": settings.MAX_SEGMENT_CHARS}
                )
    result = MemoryImportResult(source_language=source_language)
    with transaction.atomic():
        for code, entries in pairs.items():
            wanted: dict[str, TmxEntry] = {}
            for entry in entries:
                kind = entry.kind if entry.kind in KINDS else DEFAULT_KIND
                wanted[segment_hash(kind, entry.source)] = entry  # the last of duplicates wins
            existing = {
                e.source_hash: e
                for e in MemoryEntry.objects.select_for_update().filter(
                    source_language=source_language, target_language=code, source_hash__in=list(wanted)
                )
            }
            for source_hash, entry in wanted.items():
                row = existing.get(source_hash)
                if row is None:
                    created = MemoryEntry.objects.create(
                        source_language=source_language,
                        target_language=code,
                        source_hash=source_hash,
                        source_text=entry.source,
                        target_text=entry.target,
                        reviewed=False,
                    )
                    result.created.append(created.pk)
                elif row.reviewed:
                    result.kept_reviewed += 1
                elif row.target_text != entry.target:
                    MemoryEntry.objects.filter(pk=row.pk).update(target_text=entry.target)
                    result.updated.append(row.pk)
            result.per_language[code] = len(wanted)
        audit_record(
            actor=user,
            verb="memory.imported",
            data={
                "source_language": source_language,
                "pairs": result.per_language,
                "created": len(result.created),
                "updated": len(result.updated),
                "kept_reviewed": result.kept_reviewed,
                "file_sha256": hashlib.sha256(data).hexdigest(),
                "reviewed": False,
            },
        )
    return result


def memory_suggestions(*, source_language: str, target_language: str, source_hashes: list[str]) -> dict[str, str]:
    """Unreviewed memory for these source hashes: suggestions to show, never to fill a segment with."""
    return dict(
        MemoryEntry.objects.filter(
            source_language=source_language,
            target_language=target_language,
            source_hash__in=source_hashes,
            reviewed=False,
        ).values_list("source_hash", "target_text")
    )
