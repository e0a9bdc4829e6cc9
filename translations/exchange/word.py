"""Word documents: a leaflet's text out as .docx, and a Word leaflet in as a new leaflet or a new source revision.

Export (`leaflet_docx_export`): any language's text of the current revision,
for whoever may read that text on screen (the document is only another way
of reading it). A segment nobody has translated yet is written as a marked
placeholder, never with the source in its place. Audited `leaflet.docx_exported`.

Import (`leaflet_docx_import`): the document becomes a new leaflet (through
workbench.services.leaflet_create) or a new source revision of one (through
revision_save), so every rule of authoring applies: the title, the segment
limits, and the text versions, which carry the translation of every segment
whose key and text survive. A segment keeps its key when the document's
bookmark names a key of the current revision, or, unmarked, when its kind and
text are those of an unused current segment. What the document holds that the
workbench has no place for (tables, images, tracked changes...) is reported,
never silently dropped. Refused with nothing changed: a file that is not a
plain Word document (translations/exchange/docx.py), a document in another
language than the leaflet's source. A document exported from an older
revision whose import would undo a later save becomes a conflict revision for
the author to resolve, as a stale editor form does. Audited
`leaflet.docx_imported` with the file's hash, the counts and the report, never
the document's text.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from translations.exchange import docx
from translations.exchange.documents import BadFile
from translations.models import TargetSegment, TextVersion
from translations.qa.langid import language_name, latin_language
from translations.qa.text import script_profile
from workbench.languages import CONTENT_LANGUAGES, DEFAULT_SOURCE_LANGUAGE
from workbench.models import Leaflet, Revision, Segment
from workbench.services import SegmentInput, leaflet_create, revision_changed_keys, revision_save

IMPORT_NOTE = "Imported from a Word document"


def red_flag_styles() -> list[str]:
    """Paragraph styles that mark red flags in the team's Word documents (settings.DOCX_RED_FLAG_STYLES)."""
    return list(getattr(settings, "DOCX_RED_FLAG_STYLES", docx.DEFAULT_RED_FLAG_STYLES))


def _language_name(code: str) -> str:
    return language_name(code, _)


def _normal(text: str) -> str:
    return " ".join((text or "").split())


# --- Export -----------------------------------------------------------------------------------------
@dataclass
class DocxExport:
    data: bytes
    filename: str
    content_type: str
    text_version: TextVersion
    segments: int
    untranslated: int
    event_id: int


def leaflet_docx_export(*, leaflet: Leaflet, language: str, user) -> DocxExport:
    """The current revision's `language` text as a Word document; audited.

    Permission: whoever may view the leaflet and read that language's text
    (permissions.can_view_leaflet and can_view_text), because the document
    shows nothing the screen does not. `user` None is the system (manage.py
    without --user), audited as such.
    """
    if user is not None and not permissions.can_view_leaflet(user, leaflet):
        raise PermissionDenied
    with transaction.atomic():
        revision = leaflet.revision_now()
        tv = TextVersion.objects.filter(revision=revision, language_id=language).first()
        if tv is None:
            raise ValidationError(
                _("This leaflet has no %(language)s text.") % {"language": _language_name(language) or language}
            )
        if user is not None and not permissions.can_view_text(user, tv):
            raise PermissionDenied
        rows = list(TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position"))
        blocks = []
        for row in rows:
            source = row.source_segment
            text = source.text if tv.is_source else (row.text or "").strip()
            blocks.append(
                docx.DocBlock(kind=source.kind, text=text, key=row.key)
                if text
                else docx.DocBlock(kind=source.kind, text="", key=row.key, untranslated=True, source=source.text)
            )
        data = docx.write_docx(
            docx.LeafletDocument(
                language=language,
                blocks=blocks,
                leaflet_id=leaflet.pk,
                revision=revision.number,
                content_hash=tv.content_hash,
            ),
            source_language=leaflet.source_language_id,
        )
        untranslated = sum(1 for block in blocks if block.untranslated)
        event = audit_record(
            actor=user,
            verb="leaflet.docx_exported",
            leaflet=leaflet,
            obj=tv,
            data={
                "language": language,
                "revision": revision.number,
                "content_hash": tv.content_hash,
                "segments": len(blocks),
                "untranslated": untranslated,
                "file_sha256": hashlib.sha256(data).hexdigest(),
            },
        )
    return DocxExport(
        data=data,
        filename=f"leaflet-{leaflet.pk}-r{revision.number}-{language}.{docx.EXTENSION}",
        content_type=docx.CONTENT_TYPE,
        text_version=tv,
        segments=len(blocks),
        untranslated=untranslated,
        event_id=event.pk,
    )


# --- Import -----------------------------------------------------------------------------------------
@dataclass
class DocxImport:
    leaflet: Leaflet
    revision: Revision
    language: str
    language_from: str  # "document", "chosen", "detected" or "default": where the language came from
    created: bool = False  # a new leaflet
    unchanged: bool = False  # identical to the current revision: nothing saved
    conflict: bool = False  # saved as a conflict revision, not current
    kept_by_bookmark: int = 0
    kept_by_text: int = 0
    new_segments: int = 0
    removed_segments: int = 0
    not_imported: list[docx.NotImported] = field(default_factory=list)
    from_leaflet: int | None = None  # the leaflet the document says it was exported from
    file_name: str = ""
    file_sha256: str = ""
    event_id: int | None = None


def read_document(data: bytes) -> docx.LeafletDocument:
    try:
        return docx.read_docx(data, limit=settings.EXCHANGE_MAX_FILE_BYTES, red_flag_styles=red_flag_styles())
    except BadFile as exc:
        raise ValidationError(str(exc)) from None


def detect_language(doc: docx.LeafletDocument) -> str | None:
    """The language the document's text is in, when its scripts or words say so clearly; None otherwise."""
    text = doc.text()
    profile = script_profile(text)
    script = profile.dominant()
    if script == "tamil":
        return "ta"
    if script == "han":
        return "zh"
    if script != "latin":
        return None
    # A red-flag heading names its language outright ("Dapatkan rawatan segera jika").
    hinted = doc.red_flag_languages & {"en", "ms"}
    if len(hinted) == 1:
        return next(iter(hinted))
    verdict = latin_language(text, profile).language
    if verdict == "en":
        return "en"
    if verdict in ("ms-family", "id"):
        return "ms"
    return None


def _document_language(doc: docx.LeafletDocument, chosen: str | None, fallback: str) -> tuple[str, str]:
    if chosen and chosen not in CONTENT_LANGUAGES:
        raise ValidationError(
            _("Unknown language code %(code)s; use one of %(codes)s.")
            % {"code": repr(chosen), "codes": ", ".join(CONTENT_LANGUAGES)}
        )
    if doc.language:
        if chosen and chosen != doc.language:
            raise ValidationError(
                _("The document says it is in %(document)s, not %(chosen)s. Nothing was imported.")
                % {"document": _language_name(doc.language), "chosen": _language_name(chosen)}
            )
        return doc.language, "document"
    if chosen:
        return chosen, "chosen"
    detected = detect_language(doc)
    if detected:
        return detected, "detected"
    return fallback, "default"


def leaflet_docx_import(
    *, data: bytes, user, leaflet: Leaflet | None = None, file_name: str = "", language: str | None = None
) -> DocxImport:
    """A Word document as a new leaflet (`leaflet` None) or a new source revision of `leaflet`.

    `language`: the document's language when the document does not say (an
    exported document does, in its properties); refused when it says another.
    Without either, the language is detected from the text (Tamil and Chinese
    by script, English and Malay by their function words and any red-flag
    heading); a new leaflet whose language cannot be told is English, a
    revision's the leaflet's source language.
    """
    if leaflet is None:
        if not permissions.can_create_leaflet(user):
            raise PermissionDenied
    elif not permissions.can_edit_leaflet(user, leaflet):
        raise PermissionDenied
    doc = read_document(data)
    fallback = leaflet.source_language_id if leaflet is not None else DEFAULT_SOURCE_LANGUAGE
    document_language, language_from = _document_language(doc, language, fallback)
    file = {"file_name": file_name[:200], "file_sha256": hashlib.sha256(data).hexdigest()}
    if leaflet is None:
        return _import_new(doc, user=user, language=document_language, language_from=language_from, file=file)
    if document_language != leaflet.source_language_id:
        raise ValidationError(
            _(
                "The document is in %(document)s, but this leaflet is written in %(source)s. Only a document in "
                "the source language can become a new revision: a translation changes on its review screen or "
                "through a vendor file. Nothing was imported."
            )
            % {"document": _language_name(document_language), "source": _language_name(leaflet.source_language_id)}
        )
    return _import_revision(
        doc, user=user, leaflet=leaflet, language=document_language, language_from=language_from, file=file
    )


def _audit(result: DocxImport, *, user, doc: docx.LeafletDocument, base: int | None) -> None:
    event = audit_record(
        actor=user,
        verb="leaflet.docx_imported",
        leaflet=result.leaflet,
        obj=result.revision,
        data={
            "file_sha256": result.file_sha256,
            "file_name": result.file_name,
            "language": result.language,
            "language_from": result.language_from,
            "created_leaflet": result.created,
            "revision": result.revision.number,
            "based_on": base,
            "conflict": result.conflict,
            "segments": len(doc.blocks),
            "kept_by_bookmark": result.kept_by_bookmark,
            "kept_by_text": result.kept_by_text,
            "new_segments": result.new_segments,
            "removed_segments": result.removed_segments,
            "document": {"leaflet": doc.leaflet_id, "revision": doc.revision, "content_hash": doc.content_hash},
            "not_imported": [item.as_audit_dict() for item in doc.not_imported],
        },
    )
    result.event_id = event.pk


def _import_new(
    doc: docx.LeafletDocument, *, user, language: str, language_from: str, file: dict[str, str]
) -> DocxImport:
    titles = [block for block in doc.blocks if block.kind == "title"]
    title = titles[0].text if titles else doc.properties_title
    if not title:
        raise ValidationError(
            _(
                "The document has no title: give the first line the Title style (or make it a heading) and "
                "import it again. Nothing was imported."
            )
        )
    # A new leaflet never takes keys from a file: they would claim the identity of another leaflet's segments.
    body = [SegmentInput(kind=block.kind, text=block.text) for block in doc.blocks if block.kind != "title"]
    with transaction.atomic():
        leaflet = leaflet_create(user=user, title=title, source_language=language, segments=body)
        revision = leaflet.revision_now()
        result = DocxImport(
            leaflet=leaflet,
            revision=revision,
            language=language,
            language_from=language_from,
            created=True,
            new_segments=revision.segments.count(),
            not_imported=doc.not_imported,
            from_leaflet=doc.leaflet_id,
            file_name=file["file_name"],
            file_sha256=file["file_sha256"],
        )
        _audit(result, user=user, doc=doc, base=None)
    return result


def _inputs(doc: docx.LeafletDocument, current: list[Segment]) -> tuple[list[SegmentInput], int, int, int]:
    """The document's blocks as segments, keys kept where they may be; and how many were kept each way, and new."""
    title_key = next((s.key for s in current if s.kind == Segment.Kind.TITLE), None)
    by_key = {s.key: s for s in current if s.kind != Segment.Kind.TITLE}
    used: set[uuid.UUID] = set()
    keys: list[uuid.UUID | None] = []
    by_bookmark = 0
    for block in doc.blocks:
        key = block.key
        # Only a key of this leaflet's current body, once; the title keeps its key in revision_save.
        if block.kind == "title" or key is None or key not in by_key or key in used:
            keys.append(None)
            continue
        used.add(key)
        keys.append(key)
        by_bookmark += 1
    unused: dict[tuple[str, str], list[uuid.UUID]] = {}
    for segment in current:
        if segment.kind != Segment.Kind.TITLE and segment.key not in used:
            unused.setdefault((segment.kind, _normal(segment.text)), []).append(segment.key)
    by_text = 0
    for i, block in enumerate(doc.blocks):
        if block.kind == "title" or keys[i] is not None:
            continue
        candidates = unused.get((block.kind, _normal(block.text)))
        if candidates:
            keys[i] = candidates.pop(0)
            by_text += 1
    inputs = [
        SegmentInput(kind=block.kind, text=block.text, key=None if block.kind == "title" else key)
        for block, key in zip(doc.blocks, keys, strict=True)
    ]
    new = sum(1 for block, key in zip(doc.blocks, keys, strict=True) if key is None and block.kind != "title")
    if title_key is None and any(block.kind == "title" for block in doc.blocks):
        new += 1
    return inputs, by_bookmark, by_text, new


def _undoes_a_later_save(doc: docx.LeafletDocument, *, exported: Revision, current: Revision) -> bool:
    """Would the document, made from `exported`, put back text that a later revision changed?

    For every segment changed, added or removed since the export: the document
    must hold it as it is now. A document that still holds the exported
    wording, or another one, would undo that save (or fight it).
    """
    now = {s.key: s for s in current.segments.all()}
    in_document = {block.key: block for block in doc.blocks if block.key is not None}
    for key in revision_changed_keys(old=exported, new=current):
        segment, block = now.get(key), in_document.get(key)
        if segment is None:
            if block is not None:
                return True
            continue
        if segment.kind == Segment.Kind.TITLE:
            title = next((b for b in doc.blocks if b.kind == "title"), None)
            if title is not None and _normal(title.text) != _normal(segment.text):
                return True
            continue
        if block is None or block.kind != segment.kind or _normal(block.text) != _normal(segment.text):
            return True
    return False


def _import_revision(
    doc: docx.LeafletDocument, *, user, leaflet: Leaflet, language: str, language_from: str, file: dict[str, str]
) -> DocxImport:
    with transaction.atomic():
        locked = (
            Leaflet.objects.select_for_update(no_key=True, of=("self",))
            .select_related("current_revision")
            .get(pk=leaflet.pk)
        )
        current = locked.revision_now()
        segments = list(current.segments.all())
        inputs, by_bookmark, by_text, new = _inputs(doc, segments)
        base = current.number
        if doc.leaflet_id == locked.pk and doc.revision is not None and doc.revision != current.number:
            exported = Revision.objects.filter(leaflet=locked, number=doc.revision, is_conflict=False).first()
            if exported is not None and _undoes_a_later_save(doc, exported=exported, current=current):
                base = exported.number
        saved = revision_save(
            leaflet=locked,
            user=user,
            segments=inputs,
            base_revision_number=base,
            note=IMPORT_NOTE,
        )
        kept = {s.key for s in saved.revision.segments.all()}
        result = DocxImport(
            leaflet=locked,
            revision=saved.revision,
            language=language,
            language_from=language_from,
            unchanged=saved.revision.pk == current.pk,
            conflict=saved.conflict,
            kept_by_bookmark=by_bookmark,
            kept_by_text=by_text,
            new_segments=new,
            removed_segments=sum(1 for s in segments if s.key not in kept),
            not_imported=doc.not_imported,
            from_leaflet=doc.leaflet_id,
            file_name=file["file_name"],
            file_sha256=file["file_sha256"],
        )
        if not result.unchanged:
            _audit(result, user=user, doc=doc, base=base)
    leaflet.refresh_from_db()
    return result
