"""Trusted sources: adding, confirming and retiring them, and published leaflets becoming sources.

A source's text is split into passages (never changed afterwards; a leaflet
source refreshed from a newer publication gets a new version with new
passages), which workbench.retrieval searches. Sources are sent to models
with drafting requests, so a text carrying a personal identifier is refused
by the PHI guard before anything is stored.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from review.models import Publication
from translations import phi_allow
from translations.phi import PhiBlocked, guard_outbound
from workbench.models import Language, Passage, Source
from workbench.retrieval import index_terms

PASSAGE_CHARS = 600
# A paragraph longer than this with no sentence end in reach is cut at a space (or anywhere, for Chinese).
_HARD_CHARS = 900
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
# A short paragraph not ending like a sentence is a heading or a list item: it is kept with
# what follows, so a passage carries its heading's words ("Fever in children" + the advice).
_HEADING_CHARS = 120
_ENDS_SENTENCE = re.compile(r"[.!?。！？:：;；]\s*$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，。！？；：、]")

PLAIN_SUFFIXES = (".txt", ".md")


# --- Reading the text -------------------------------------------------------------------------------
def _decode_plain(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with one; nothing else is guessed."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError(_("The file says it is UTF-16 but is not valid UTF-16. Nothing was added.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "The file is not UTF-8 text (nor UTF-16 with a byte-order mark). Save it as UTF-8 and add it "
                "again. Nothing was added."
            )
        ) from None


def _read_docx(data: bytes) -> str:
    """Body paragraphs in order (headings and list items are paragraphs too), one per block."""
    from docx import Document

    if data[:4] != b"PK\x03\x04":
        raise ValidationError(_("The file is not a Word document (.docx). Nothing was added."))
    try:
        # A .docx is a zip: a few megabytes can unpack to gigabytes of XML (a million empty paragraphs
        # is 45 kB), which python-docx would read whole. zipfile reads no member past its stated size.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ValidationError(
            _("The Word document cannot be read (%(error)s). Nothing was added.") % {"error": type(exc).__name__}
        ) from None
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if xml > settings.SOURCE_MAX_BYTES or sum(m.file_size for m in members) > 4 * settings.SOURCE_MAX_BYTES:
        raise ValidationError(
            _(
                "The Word document unpacks to far more than its text needs. Save its text as a .txt file and add "
                "that. Nothing was added."
            )
        )
    try:
        document = Document(io.BytesIO(data))
        paragraphs = [paragraph.text.strip() for paragraph in document.paragraphs]
    except Exception as exc:  # noqa: BLE001
        # python-docx, zipfile and lxml fail in many ways on a damaged file; one clear message for all.
        raise ValidationError(
            _("The Word document cannot be read (%(error)s). Nothing was added.") % {"error": type(exc).__name__}
        ) from None
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    if not data.startswith(b"%PDF"):
        raise ValidationError(_("The file is not a PDF. Nothing was added."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("The PDF is encrypted; remove the password and add it again. Nothing was added."))
        pages = []
        # Pages can share one content stream, so a few kilobytes can ask for hours of extraction
        # (2,000 pages of one 50 kB stream: 13 kB of PDF, two minutes). Stop as soon as the text is
        # over the limit it would be refused at, or the content read is far beyond what such a text needs.
        chars = content = 0
        for page in reader.pages:
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > 4 * settings.SOURCE_MAX_BYTES:
                raise ValidationError(_("The PDF's pages hold far more than their text needs. Nothing was added."))
            pages.append(page.extract_text() or "")
            chars += len(pages[-1].strip())
            if chars > settings.SOURCE_MAX_CHARS:
                raise ValidationError(
                    _("The text is longer than %(limit)s characters. Split it into several sources. Nothing was added.")
                    % {"limit": f"{settings.SOURCE_MAX_CHARS:,}"}
                )
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ValidationError(
            _("The PDF cannot be read (%(error)s). Nothing was added.") % {"error": type(exc).__name__}
        ) from None
    return "\n\n".join(page.strip() for page in pages if page.strip())


def read_source_file(*, file_name: str, data: bytes) -> tuple[str, str]:
    """(kind, text) of an uploaded file, or ValidationError saying why it cannot be a source."""
    if len(data) > settings.SOURCE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb).1f MB. Nothing was added.")
            % {"mb": settings.SOURCE_MAX_BYTES / (1024 * 1024)}
        )
    if not data:
        raise ValidationError(_("The file is empty. Nothing was added."))
    suffix = PurePath(file_name).suffix.lower()
    if suffix in PLAIN_SUFFIXES:
        return Source.Kind.PLAIN, _decode_plain(data)
    if suffix == ".docx":
        return Source.Kind.DOCX, _read_docx(data)
    if suffix == ".pdf":
        return Source.Kind.PDF, _read_pdf(data)
    raise ValidationError(
        _("Sources can be .txt, .md, .docx or .pdf files, not %(name)s. Nothing was added.") % {"name": file_name}
    )


# --- Passages -----------------------------------------------------------------------------------------
def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in lines:
        if joined and not (_HAN.match(joined[-1]) and _HAN.match(line[0])):
            joined += " "
        joined += line
    return joined


def paragraphs_of(text: str) -> list[str]:
    """Blocks separated by blank lines (their line breaks joined); with no blank line anywhere, every line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = [
            [line.strip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n[ \t]*\n", text)
        ]
        return [_join_lines(lines) for lines in blocks if lines]
    return [line.strip() for line in text.split("\n") if line.strip()]


def _hard_cut(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > _HARD_CHARS:
        cut = sentence.rfind(" ", 0, PASSAGE_CHARS)
        cut = cut if cut > PASSAGE_CHARS // 2 else PASSAGE_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


def _cut(paragraph: str) -> list[str]:
    """A paragraph in pieces of about PASSAGE_CHARS, cut at sentence ends (. ! ? and 。！？)."""
    if len(paragraph) <= PASSAGE_CHARS:
        return [paragraph]
    sentences = [piece for s in _SENTENCE_END.split(paragraph) if s.strip() for piece in _hard_cut(s.strip())]
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        glue = "" if current and _HAN.match(current[-1]) else " "
        if current and len(current) + len(glue) + len(sentence) > PASSAGE_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current}{glue}{sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def split_passages(text: str) -> list[str]:
    passages: list[str] = []
    pending = ""  # headings and list items waiting for the paragraph they introduce
    for paragraph in paragraphs_of(text):
        if len(paragraph) <= _HEADING_CHARS and not _ENDS_SENTENCE.search(paragraph):
            if pending and len(pending) + len(paragraph) > PASSAGE_CHARS:
                passages.append(pending)
                pending = ""
            pending = f"{pending}\n{paragraph}" if pending else paragraph
            continue
        pieces = _cut(paragraph)
        if pending and len(pending) + len(pieces[0]) <= PASSAGE_CHARS + _HEADING_CHARS:
            pieces[0] = f"{pending}\n{pieces[0]}"
        elif pending:
            passages.append(pending)
        pending = ""
        passages.extend(pieces)
    if pending:
        passages.append(pending)
    return passages


def _write_passages(source: Source) -> int:
    passages = [
        Passage(
            source=source,
            source_version=source.version,
            position=position,
            text=text,
            language=source.language_id,
            indexed_text=index_terms(text, source.language_id),
        )
        for position, text in enumerate(split_passages(source.text), start=1)
    ]
    Passage.objects.bulk_create(passages)
    return len(passages)


# --- Checks ----------------------------------------------------------------------------------------------
def _clean_text(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError(_("The source has no text. Nothing was added."))
    if len(text) > settings.SOURCE_MAX_CHARS:
        raise ValidationError(
            _("The text is longer than %(limit)s characters. Split it into several sources. Nothing was added.")
            % {"limit": f"{settings.SOURCE_MAX_CHARS:,}"}
        )
    return text


def _phi_check(*, text: str, user, leaflet=None) -> None:
    """Refuse a text carrying a personal identifier: sources are sent to models with drafting requests."""
    pieces = {_("paragraph %(n)d") % {"n": n}: p for n, p in enumerate(paragraphs_of(text), start=1)}
    try:
        guard_outbound(
            pieces=pieces, policy="block", **phi_allow.guard_names(leaflet_id=leaflet.pk if leaflet else None)
        )
    except PhiBlocked as blocked:
        # In its own transaction: the refusal is recorded although nothing else is.
        with transaction.atomic():
            audit_record(
                actor=user,
                verb="phi.blocked",
                leaflet=leaflet,
                data={"kind": "source", "found": [loc.as_audit_dict() for loc in blocked.locations]},
            )
        raise ValidationError(str(blocked)) from None


def _language(code: str) -> Language:
    language = Language.objects.filter(code=code).first()
    if language is None:
        raise ValidationError(_("Unknown language %(code)s.") % {"code": code})
    return language


def _summary(source: Source, passages: int | None = None) -> dict:
    data = {
        "title": source.title,
        "publisher": source.publisher,
        "language": source.language_id,
        "kind": source.kind,
        "version": source.version,
        "state": source.state,
    }
    if passages is not None:
        data["passages"] = passages
    return data


# --- Services -----------------------------------------------------------------------------------------
def source_file_check(*, user, file_name: str, data: bytes) -> None:
    """Refuse, as source_add would, a file that cannot be a source; store nothing but a PHI refusal's audit.

    For callers that add several files all or nothing in one transaction
    (manage.py sources_add): rolling that transaction back would also take
    back the audit of a PHI refusal, so the files are checked before it.
    """
    if not permissions.can_manage_sources(user):
        raise PermissionDenied
    _kind, extracted = read_source_file(file_name=file_name, data=data)
    _phi_check(text=_clean_text(extracted), user=user)


def source_add(
    *,
    user,
    title: str,
    publisher: str,
    language: str,
    text: str | None = None,
    file_name: str | None = None,
    data: bytes | None = None,
    published_on: date | None = None,
    review_by: date | None = None,
) -> Source:
    """Add a source from pasted `text` or a file (`file_name` and `data`).

    A PDF's extracted text waits for a person's confirmation (source_confirm);
    every other source is active, its passages searchable, at once.
    """
    if not permissions.can_manage_sources(user):
        raise PermissionDenied
    title, publisher = (title or "").strip(), (publisher or "").strip()
    if not title:
        raise ValidationError(_("A source needs a title."))
    if not publisher:
        raise ValidationError(_("Say who published the source."))
    if (text is None) == (data is None):
        raise ValidationError(_("Paste the text or upload a file, not both."))
    if published_on and review_by and review_by < published_on:
        raise ValidationError(_("The review-by date is before the publication date."))
    lang = _language(language)
    if data is not None:
        kind, extracted = read_source_file(file_name=file_name or "", data=data)
    else:
        kind, extracted = Source.Kind.TEXT, text or ""
    extracted = _clean_text(extracted)
    _phi_check(text=extracted, user=user)
    awaiting = kind == Source.Kind.PDF
    with transaction.atomic():
        source = Source.objects.create(
            title=title[:300],
            publisher=publisher[:200],
            language=lang,
            published_on=published_on,
            review_by=review_by,
            kind=kind,
            state=Source.State.AWAITING_CONFIRMATION if awaiting else Source.State.ACTIVE,
            file_name=PurePath(file_name).name[:255] if file_name else "",
            text=extracted,
            created_by=user,
        )
        # A PDF's passages are written when its text is confirmed: until then nothing of it can be retrieved.
        passages = None if awaiting else _write_passages(source)
        audit_record(actor=user, verb="source.added", obj=source, data=_summary(source, passages))
    return source


def source_confirm(*, source: Source, user, text: str | None = None) -> Source:
    """A person confirms (and may correct) the text extracted from a PDF; its passages become searchable."""
    if not permissions.can_manage_sources(user):
        raise PermissionDenied
    corrected = _clean_text(text) if text is not None else None
    if corrected is not None:
        _phi_check(text=corrected, user=user)
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.state != Source.State.AWAITING_CONFIRMATION:
            raise ValidationError(_("Only a source awaiting confirmation can be confirmed."))
        changed = corrected is not None and corrected != locked.text
        if corrected is not None:
            locked.text = corrected
        locked.state = Source.State.ACTIVE
        locked.confirmed_by = user
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["text", "state", "confirmed_by", "confirmed_at"])
        passages = _write_passages(locked)
        audit_record(
            actor=user,
            verb="source.confirmed",
            obj=locked,
            data={**_summary(locked, passages), "corrected": changed},
        )
    return locked


def source_retire(*, source: Source, user, reason: str) -> Source:
    """Retire a source: no longer retrieved for new drafts, still shown wherever it was cited."""
    if not permissions.can_manage_sources(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the source is retired."))
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.state == Source.State.RETIRED:
            raise ValidationError(_("The source is already retired."))
        locked.state = Source.State.RETIRED
        locked.retired_by = user
        locked.retired_at = timezone.now()
        locked.retired_reason = reason
        locked.save(update_fields=["state", "retired_by", "retired_at", "retired_reason"])
        audit_record(actor=user, verb="source.retired", obj=locked, data={**_summary(locked), "reason": reason})
    return locked


def _leaflet_text(body: list[dict]) -> str:
    return "\n\n".join(item["text"].strip() for item in body if item.get("text", "").strip())


@transaction.atomic
def leaflet_sources_publish(*, publication: Publication, user) -> list[Source]:
    """Each language of a just-published leaflet becomes a LEAFLET source, or that source's next version.

    Called by review.services.leaflet_publish in its transaction. Retrieval
    reads a leaflet source only while its publication is live, so a withdrawal
    needs nothing here. A retired leaflet source is left alone: the next
    publication starts a new source, since the retirement was about the old text.
    A language whose text the PHI guard refuses does not become a source (the
    refusal is audited); publishing goes on, patients read approved text.
    """
    leaflet = publication.leaflet
    publisher = settings.ORGANISATION_NAME or _("This organisation")
    changed = []
    for frozen in publication.texts.select_related("language").order_by("language_id"):
        text = _leaflet_text(frozen.body)
        if not text:
            continue
        try:
            _phi_check(text=text, user=user, leaflet=leaflet)
        except ValidationError:
            continue
        text = text[: settings.SOURCE_MAX_CHARS]
        title = (frozen.title or leaflet.title)[:300]
        existing = (
            Source.objects.select_for_update()
            .filter(kind=Source.Kind.LEAFLET, language_id=frozen.language_id, publication__leaflet_id=leaflet.pk)
            .exclude(state=Source.State.RETIRED)
            .order_by("-id")
            .first()
        )
        if existing is None:
            source = Source.objects.create(
                title=title,
                publisher=publisher[:200],
                language_id=frozen.language_id,
                published_on=timezone.localdate(),
                kind=Source.Kind.LEAFLET,
                state=Source.State.ACTIVE,
                text=text,
                publication=publication,
                created_by=user,
            )
            verb = "source.added"
        else:
            source = existing
            source.version += 1
            source.title, source.text, source.publication = title, text, publication
            source.published_on = timezone.localdate()
            source.save(update_fields=["version", "title", "text", "publication", "published_on"])
            verb = "source.refreshed"
        passages = _write_passages(source)
        audit_record(
            actor=user,
            verb=verb,
            leaflet=leaflet,
            obj=source,
            data={**_summary(source, passages), "publication": publication.pk},
        )
        changed.append(source)
    return changed
