"""A leaflet's text out to a translation vendor as a file, and the vendor's file back in.

Export (`leaflet_export`): the text of the leaflet's current revision in one
language, in a registered format (translations/exchange/formats.py), after
the PHI guard has run over everything in the file under the vendor's policy,
exactly as before a model call: "block" refuses the export with the guard's
message, "redact" sends placeholders. Every export is a `VendorExport` row
(what was sent, the placeholder map) and an `exchange.exported` audit event.

Import (`leaflet_import`): the vendor's file, format detected from its
content, becomes a person's edit of that text by whoever imports it, through
translations.edits.target_segment_edit (so the hash changes, approvals are
withdrawn, QA runs, the importer is recorded as a contributor and may not
approve those segments). Refused with nothing changed when the file is too
large, not well-formed or declares entities, is not one of ours, is for
another leaflet, language, source revision or vendor, has units without ids,
unknown, duplicated or missing ids, a changed source, or placeholders that do
not match what was sent. A file exported before the text was edited again
(its edit generation or hash no longer current) is applied nowhere: each
segment the vendor changed is kept as an unapplied edit beside the current
text, and reported. One `exchange.imported` audit event per import.

Above translations.edits in the layers: an import is a batch of a person's edits.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review import permissions, rules
from review.audit import audit_record
from translations.edits import StaleEdit, target_segment_edit
from translations.exchange import formats, safe_xml
from translations.exchange import xliff as _xliff  # noqa: F401  (registers xliff12 and xliff2)
from translations.exchange.documents import (
    META_CONTENT_HASH,
    META_EXPORT,
    META_GENERATION,
    META_KEYS,
    META_LANGUAGE,
    META_LEAFLET,
    META_REVISION,
    BadFile,
    ExchangeFile,
    Match,
    Unit,
)
from translations.exchange.memory import memory_suggestions
from translations.models import GlossaryTerm, SegmentEdit, TargetSegment, TextVersion, Vendor, VendorExport
from translations.phi import PhiBlocked, PlaceholderMismatch, guard_outbound, restore
from translations.phi.guard import placeholders_in
from translations.text_versions import memory_lookup
from workbench.models import Leaflet


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _clean(text: str) -> str:
    """Text as the workbench stores it (edits.py strips and uses \\n)."""
    return (text or "").replace("\r\n", "\n").strip()


def _same_source(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


# --- Export ---------------------------------------------------------------------------------------
@dataclass
class ExportResult:
    record: VendorExport
    data: bytes
    filename: str
    content_type: str


def vendor_named(name: str | None) -> Vendor:
    vendor = Vendor.objects.filter(name=name or "").first()
    if vendor is None:
        raise ValidationError(_("There is no translation vendor named “%(name)s”.") % {"name": name or ""})
    if not vendor.enabled:
        raise ValidationError(_("The translation vendor “%(name)s” is disabled.") % {"name": vendor.name})
    return vendor


def _glossary_notes(terms: list[GlossaryTerm], source: str) -> tuple[str, ...]:
    notes = []
    for term in terms:
        if re.search(rf"(?<!\w){re.escape(term.source_term)}(?!\w)", source, re.IGNORECASE):
            note = f"Glossary: {term.source_term} → {term.target_term}"
            if term.forbidden_list():
                note += f" (not: {', '.join(term.forbidden_list())})"
            if term.note:
                note += f". {term.note}"
            notes.append(note)
    return tuple(notes)


def _label(segment: TargetSegment) -> str:
    return "title" if segment.source_segment.kind == "title" else f"segment {segment.position}"


def leaflet_export(*, leaflet: Leaflet, language: str, file_format: str, vendor_name: str | None, user) -> ExportResult:
    """Write the current revision's `language` text as a file for the vendor; audited, PHI-guarded.

    `user` None is the system (manage.py without --user: whoever can run it can
    read the database anyway), audited as such. Without a vendor the file goes
    who knows where, so the guard applies the strictest policy, block.
    """
    try:
        exchange_format = formats.get(file_format)
    except BadFile as exc:
        raise ValidationError(str(exc)) from None
    if user is not None and not permissions.can_exchange_files(user, leaflet, language):
        raise PermissionDenied
    vendor = vendor_named(vendor_name) if vendor_name else None
    try:
        return _export(leaflet=leaflet, language=language, exchange_format=exchange_format, vendor=vendor, user=user)
    except PhiBlocked as blocked:
        with transaction.atomic():
            audit_record(
                actor=user,
                verb="phi.blocked",
                leaflet=leaflet,
                data={
                    "kind": "vendor_export",
                    "vendor": vendor.name if vendor else None,
                    "language": language,
                    "format": file_format,
                    "found": [location.as_audit_dict() for location in blocked.locations],
                },
            )
        raise ValidationError(str(blocked)) from None


def _export(
    *, leaflet: Leaflet, language: str, exchange_format: formats.ExchangeFormat, vendor: Vendor | None, user
) -> ExportResult:
    policy = vendor.phi_policy if vendor is not None else Vendor.PhiPolicy.BLOCK
    with transaction.atomic():
        tv = (
            TextVersion.objects.select_for_update(no_key=True, of=("self",))
            .select_related("revision__leaflet")
            .filter(revision_id=leaflet.revision_now().pk, language_id=language)
            .first()
        )
        if tv is None:
            raise ValidationError(_("This leaflet is not translated into %(language)s.") % {"language": language})
        if tv.is_source:
            raise ValidationError(_("The source text is not sent for translation."))
        source_language = leaflet.source_language_id
        segments = list(
            TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position")
        )
        terms = list(
            GlossaryTerm.objects.filter(
                source_language=source_language, target_language=language, approved=True
            ).order_by("source_term")
        )
        hashes = [s.source_segment.content_hash for s in segments]
        reviewed = memory_lookup(source_language=source_language, target_language=language, source_hashes=hashes)
        suggested = memory_suggestions(source_language=source_language, target_language=language, source_hashes=hashes)

        # Everything that leaves goes through the guard, in one call so that a
        # placeholder means the same identifier everywhere in the file: the
        # sources in order, then the translations in order (so an identifier
        # split between neighbouring segments is caught), then memory and glossary.
        pieces: dict[str, str] = {}
        for s in segments:
            pieces[f"{_label(s)} (source)"] = s.source_segment.text
        for s in segments:
            pieces[f"{_label(s)} (translation)"] = s.text
        matches: dict[str, list[tuple[str, bool]]] = {}
        for s in segments:
            found = []
            for table, is_reviewed in ((reviewed, True), (suggested, False)):
                text = table.get(s.source_segment.content_hash)
                if text and text != s.text:
                    found.append((f"{_label(s)} (memory {'approved' if is_reviewed else 'suggestion'})", is_reviewed))
                    pieces[found[-1][0]] = text
            matches[str(s.key)] = found
        notes = {str(s.key): _glossary_notes(terms, s.source_segment.text) for s in segments}
        for s in segments:
            for i, note in enumerate(notes[str(s.key)]):
                pieces[f"{_label(s)} (glossary note {i + 1})"] = note
        payload = guard_outbound(pieces=pieces, policy=policy)
        sent = payload.pieces

        units, recorded = [], {}
        for s in segments:
            source, target = sent[f"{_label(s)} (source)"], sent[f"{_label(s)} (translation)"]
            key = str(s.key)
            unit_matches = tuple(
                Match(source=source, target=sent[label], reviewed=is_reviewed) for label, is_reviewed in matches[key]
            )
            unit_notes = tuple(sent[f"{_label(s)} (glossary note {i + 1})"] for i in range(len(notes[key])))
            units.append(Unit(id=key, source=source, target=target, notes=unit_notes, matches=unit_matches))
            recorded[key] = {"seq": s.edit_seq, "target_sha256": _sha256(s.text), "source": source, "target": target}
        record = VendorExport.objects.create(
            vendor=vendor,
            leaflet=leaflet,
            text_version=tv,
            language_id=language,
            revision_number=tv.revision.number,
            file_format=exchange_format.name,
            content_hash=tv.content_hash,
            edit_generation=tv.edit_generation,
            placeholders=payload.placeholders,
            units=recorded,
            created_by=user,
        )
        meta = {
            META_LEAFLET: str(leaflet.pk),
            META_LANGUAGE: language,
            META_REVISION: str(tv.revision.number),
            META_CONTENT_HASH: tv.content_hash,
            META_GENERATION: str(tv.edit_generation),
            META_EXPORT: str(record.pk),
        }
        original = f"leaflet-{leaflet.pk}-r{tv.revision.number}-{language}"
        data = exchange_format.write(
            ExchangeFile(
                source_language=source_language,
                target_language=language,
                meta=meta,
                units=tuple(units),
                original=original,
            )
        )
        record.file_sha256 = _sha256(data)
        VendorExport.objects.filter(pk=record.pk).update(file_sha256=record.file_sha256)
        redacted = Counter(location.type for location in payload.locations)
        audit_record(
            actor=user,
            verb="exchange.exported",
            leaflet=leaflet,
            obj=record,
            data={
                "vendor": vendor.name if vendor else None,
                "phi_policy": policy,
                "leaflet": leaflet.pk,
                "language": language,
                "revision": tv.revision.number,
                "format": exchange_format.name,
                "content_hash": tv.content_hash,
                "generation": tv.edit_generation,
                "segments": len(units),
                "placeholders": len(payload.placeholders),
                "redacted": dict(sorted(redacted.items())),
                "file_sha256": record.file_sha256,
            },
        )
    filename = f"{original}-{vendor.name if vendor else 'file'}-{exchange_format.name}.{exchange_format.extension}"
    return ExportResult(record=record, data=data, filename=filename, content_type=exchange_format.content_type)


# --- Import ---------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    text_version: TextVersion
    record: VendorExport
    file_format: str
    stale: bool
    applied: list[str] = field(default_factory=list)  # segment keys
    kept: list[int] = field(default_factory=list)  # SegmentEdit ids kept unapplied
    edits: list[int] = field(default_factory=list)  # SegmentEdit ids applied
    unchanged: int = 0
    old_hash: str = ""
    new_hash: str = ""
    event_id: int | None = None

    def summary(self) -> str:
        """What the import did, in the UI language: one wording for the page's message and the API's detail."""
        if self.stale:
            return ngettext(
                "The text was edited after this file was exported, so nothing was applied: "
                "%(n)s changed segment was kept beside the current text for review.",
                "The text was edited after this file was exported, so nothing was applied: "
                "%(n)s changed segments were kept beside the current text for review.",
                len(self.kept),
            ) % {"n": len(self.kept)}
        if self.applied:
            return ngettext(
                "Imported: %(n)s segment changed. The text needs both approvals again.",
                "Imported: %(n)s segments changed. The text needs both approvals again.",
                len(self.applied),
            ) % {"n": len(self.applied)}
        return _("Imported: the file changes no segment.")


def _refuse(message: str, **params) -> ValidationError:
    return ValidationError(message % params if params else message)


def _read(data: bytes) -> tuple[formats.ExchangeFormat, ExchangeFile]:
    limit = settings.EXCHANGE_MAX_FILE_BYTES
    try:
        safe_xml.check_size(data, limit)
        try:
            exchange_format = formats.detect(data)
        except BadFile:
            safe_xml.parse(data, limit=limit)  # say what is wrong with the XML, if anything
            raise
        assert exchange_format.read is not None
        return exchange_format, exchange_format.read(data, limit)
    except BadFile as exc:
        raise ValidationError(str(exc)) from None


def _meta(doc: ExchangeFile) -> dict[str, str]:
    meta = doc.meta
    absent = [key for key in META_KEYS if not meta.get(key)]
    if absent:
        raise _refuse(
            _(
                "The file does not carry this workbench's export details (%(absent)s): import only a file "
                "exported from here, with its metadata kept."
            ),
            absent=", ".join(absent),
        )
    for key in (META_LEAFLET, META_REVISION, META_GENERATION, META_EXPORT):
        if not meta[key].isdigit():
            raise _refuse(_("The file's export detail “%(key)s” is not a number."), key=key)
    return meta


def _check_units(doc: ExchangeFile, record: VendorExport) -> None:
    ids = [unit.id for unit in doc.units]
    without = sum(1 for unit_id in ids if not unit_id)
    if without:
        raise _refuse(
            ngettext(
                "%(count)s unit of the file has no id; nothing was imported.",
                "%(count)s units of the file have no id; nothing was imported.",
                without,
            ),
            count=without,
        )
    duplicated = sorted(unit_id for unit_id, n in Counter(ids).items() if n > 1)
    if duplicated:
        raise _refuse(_("Unit ids appear more than once: %(ids)s; nothing was imported."), ids=", ".join(duplicated))
    exported = set(record.units)
    unknown = sorted(set(ids) - exported)
    if unknown:
        raise _refuse(
            _("Unknown unit ids (not segments of this text): %(ids)s; nothing was imported."), ids=", ".join(unknown)
        )
    missing = sorted(exported - set(ids))
    if missing:
        raise _refuse(
            _("The file lacks the units %(ids)s that were exported; nothing was imported."), ids=", ".join(missing)
        )
    changed = [unit.id for unit in doc.units if not _same_source(unit.source, record.units[unit.id]["source"])]
    if changed:
        raise _refuse(
            _(
                "The source text of units %(ids)s differs from what was exported; the source is changed "
                "only in the workbench. Nothing was imported."
            ),
            ids=", ".join(changed),
        )


def _vendor_texts(doc: ExchangeFile, record: VendorExport) -> dict[str, str]:
    """Segment key -> the vendor's text with identifiers restored, for units the vendor changed."""
    texts = {}
    for unit in doc.units:
        sent = record.units[unit.id]
        target = _clean(unit.target)
        if not target or target == _clean(sent["target"]):
            continue  # left empty or as it was sent: nothing to take back
        try:
            target = restore(target, record.placeholders, expected=placeholders_in(sent["source"]))
        except PlaceholderMismatch as exc:
            raise _refuse(
                _(
                    "Unit %(id)s: the translation does not carry the placeholders that were sent (%(problem)s). "
                    "Nothing was imported."
                ),
                id=unit.id,
                problem="; ".join(
                    filter(
                        None,
                        [
                            ("missing " + ", ".join(exc.missing)) if exc.missing else "",
                            ("altered or unknown " + ", ".join(exc.unexpected)) if exc.unexpected else "",
                        ],
                    )
                ),
            ) from None
        if len(target) > settings.MAX_SEGMENT_CHARS:
            raise _refuse(
                _("Unit %(id)s is longer than %(limit)s characters; nothing was imported."),
                id=unit.id,
                limit=settings.MAX_SEGMENT_CHARS,
            )
        texts[unit.id] = target
    return texts


def leaflet_import(
    *, data: bytes, user, leaflet_id: int | None = None, language: str | None = None, vendor_name: str | None = None
) -> ImportResult:
    """Take a vendor's file back as the importing user's edit of the text it was exported from."""
    exchange_format, doc = _read(data)
    meta = _meta(doc)
    file_leaflet, file_language = int(meta[META_LEAFLET]), meta[META_LANGUAGE]
    if leaflet_id is not None and int(leaflet_id) != file_leaflet:
        raise _refuse(
            _("The file is for leaflet %(file)s, not leaflet %(wanted)s; nothing was imported."),
            file=file_leaflet,
            wanted=leaflet_id,
        )
    if language and language != file_language:
        raise _refuse(
            _("The file is for language %(file)s, not %(wanted)s; nothing was imported."),
            file=file_language,
            wanted=language,
        )
    declared = (doc.target_language or "").replace("_", "-").split("-", 1)[0].lower()
    if declared and declared != file_language:
        raise _refuse(
            _(
                "The file's target language %(declared)s does not match its export details "
                "(%(language)s); nothing was imported."
            ),
            declared=doc.target_language,
            language=file_language,
        )
    leaflet = Leaflet.objects.select_related("current_revision").filter(pk=file_leaflet).first()
    if leaflet is None:
        raise _refuse(_("The file is for leaflet %(file)s, which does not exist here."), file=file_leaflet)
    if not permissions.can_import_files(user, leaflet, file_language):
        if permissions.can_exchange_files(user, leaflet, file_language):
            # Where reviewers suggest instead of editing (WORKBENCH_REVIEWERS_EDIT_DIRECTLY off), a reviewer
            # may still send a text to a vendor, but the file comes back through an author.
            raise PermissionDenied(
                _(
                    "Reviewers suggest changes to this text instead of editing it, "
                    "so an author imports the vendor's file."
                )
            )
        raise PermissionDenied
    record = VendorExport.objects.select_related("vendor").filter(pk=int(meta[META_EXPORT])).first()
    if record is None or (
        record.leaflet_id,
        record.language_id,
        record.revision_number,
        record.content_hash,
        record.edit_generation,
    ) != (file_leaflet, file_language, int(meta[META_REVISION]), meta[META_CONTENT_HASH], int(meta[META_GENERATION])):
        raise _refuse(
            _(
                "The file's export details do not match any export of this workbench (export "
                "%(export)s); nothing was imported."
            ),
            export=meta[META_EXPORT],
        )
    exported_for = record.vendor.name if record.vendor else ""
    if vendor_name and vendor_name != exported_for:
        raise _refuse(
            _("The file was exported for vendor %(file)s, not %(wanted)s; nothing was imported."),
            file=exported_for or _("(no vendor)"),
            wanted=vendor_name,
        )
    current = leaflet.revision_now().number
    if record.revision_number != current:
        raise _refuse(
            _(
                "The file was exported from revision %(file)s; the leaflet is now at revision %(current)s, "
                "whose source differs. Export the current revision and send it again. Nothing was "
                "imported."
            ),
            file=record.revision_number,
            current=current,
        )
    _check_units(doc, record)
    texts = _vendor_texts(doc, record)
    file_sha256 = _sha256(data)

    with transaction.atomic():
        tv = (
            TextVersion.objects.select_for_update(no_key=True, of=("self",))
            .select_related("revision__leaflet")
            .get(pk=record.text_version_id)
        )
        rules.refuse_unless_current(tv)
        result = ImportResult(
            text_version=tv,
            record=record,
            file_format=exchange_format.name,
            stale=(tv.edit_generation, tv.content_hash) != (record.edit_generation, record.content_hash),
            old_hash=tv.content_hash,
        )
        old_generation = tv.edit_generation
        segments = {str(s.key): s for s in TargetSegment.objects.filter(text_version=tv)}
        last_edit = SegmentEdit.objects.order_by("-id").values_list("id", flat=True).first() or 0
        for key in record.units:  # in the text's order
            if key not in texts:
                continue
            segment, text = segments[key], texts[key]
            if segment.text == text:
                result.unchanged += 1
                continue
            if result.stale:
                kept = SegmentEdit.objects.create(
                    target_segment=segment, editor=user, old_text=segment.text, new_text=text, applied=False
                )
                result.kept.append(kept.pk)
                continue
            try:
                target_segment_edit(segment=segment, editor=user, text=text, expected_seq=record.units[key]["seq"])
            except StaleEdit as stale:
                result.kept.append(stale.kept.pk)
            else:
                result.applied.append(key)
        result.edits = list(
            SegmentEdit.objects.filter(id__gt=last_edit, applied=True, target_segment__text_version=tv)
            .order_by("id")
            .values_list("id", flat=True)
        )
        tv.refresh_from_db()
        result.new_hash = tv.content_hash
        event = audit_record(
            actor=user,
            verb="exchange.imported",
            leaflet=leaflet,
            obj=tv,
            data={
                "vendor": record.vendor.name if record.vendor else None,
                "format": exchange_format.name,
                "export": record.pk,
                "language": tv.language_id,
                "revision": record.revision_number,
                "file_sha256": file_sha256,
                "units": len(doc.units),
                "changed_by_vendor": len(texts),
                "applied": len(result.applied),
                "unchanged": result.unchanged,
                "kept_unapplied": len(result.kept),
                "stale": result.stale,
                "old_hash": result.old_hash,
                "new_hash": result.new_hash,
                "old_generation": old_generation,
                "new_generation": tv.edit_generation,
            },
        )
        result.event_id = event.pk
    return result
