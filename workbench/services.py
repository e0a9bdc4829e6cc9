"""Authoring: creating leaflets and saving revisions.

Every function is keyword-only, runs in one transaction and locks the leaflet
row before touching its revisions, so two people saving at once get distinct
revision numbers and the second one's edit is kept as a conflict revision
instead of silently replacing the first.

The title patients see is a segment too (kind "title"): exactly one per
revision, at position 0, with a stable key like every other segment. So it is
translated, reviewed, hashed and approved per language with the rest of the
text, and changing it is a new revision. `Leaflet.title` is only a copy of the
current revision's title for listings and search, written when a revision
becomes current.
"""

from __future__ import annotations

import difflib
import hashlib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review import permissions, rules
from review.audit import audit_record
from workbench import retrieval
from workbench.languages import CONTENT_LANGUAGES, DEFAULT_REQUIRED_LANGUAGES
from workbench.models import (
    Citation,
    Language,
    Leaflet,
    LeafletLanguage,
    Passage,
    Revision,
    Segment,
    segment_hash,
)


@dataclass(frozen=True)
class SegmentInput:
    kind: str
    text: str
    key: uuid.UUID | None = None
    # Passage ids the author attached in the editor; None keeps what the segment had (its citations
    # carry over to the new revision while its key and text are unchanged).
    citations: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SaveResult:
    revision: Revision
    # The revision that was current when a conflicting save arrived; None when the save was no conflict.
    current: Revision | None = None

    @property
    def conflict(self) -> bool:
        return self.current is not None


def _validate_languages(source_language: str, required_languages: list[str]) -> list[str]:
    bad = [code for code in [source_language, *required_languages] if code not in CONTENT_LANGUAGES]
    if bad:
        raise ValidationError(
            ngettext(
                "Unknown language code: %(codes)s. Use one of: %(valid)s.",
                "Unknown language codes: %(codes)s. Use one of: %(valid)s.",
                len(set(bad)),
            )
            % {"codes": ", ".join(sorted(set(bad))), "valid": ", ".join(CONTENT_LANGUAGES)}
        )
    languages = list(dict.fromkeys(required_languages))
    if source_language not in languages:
        # The source text is published and reviewed like every other language.
        languages.insert(0, source_language)
    return languages


TITLE_MAX_CHARS = 200  # the length of the Leaflet.title copy


def revision_title_segment(revision: Revision | None) -> Segment | None:
    """The revision's title segment; None for revisions saved before titles were segments."""
    if revision is None:
        return None
    return next((s for s in revision.segments.all() if s.kind == Segment.Kind.TITLE), None)


def revision_title(revision: Revision | None, *, fallback: str = "") -> str:
    """The revision's title text, or `fallback` (the leaflet's title) for a revision from before title segments."""
    segment = revision_title_segment(revision)
    return segment.text if segment is not None else fallback


def revision_body(revision: Revision) -> list[Segment]:
    """The revision's segments other than the title, in order: what the segment editor shows."""
    return [s for s in revision.segments.all() if s.kind != Segment.Kind.TITLE]


def _clean_title(text: str | None) -> str:
    # A title is one line: runs of spaces and line breaks become one space.
    title = " ".join((text or "").split())
    if not title:
        raise ValidationError(_("A leaflet needs a title."))
    rules.refuse_unfit_for_documents(title)
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationError(
            _("The title is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(title), "limit": TITLE_MAX_CHARS}
        )
    return title


def _split_title(segments: list[SegmentInput]) -> tuple[SegmentInput | None, list[SegmentInput]]:
    """The one title-kind segment of an input list (or None) and the other segments in order."""
    titles = [s for s in segments if s.kind == Segment.Kind.TITLE]
    if len(titles) > 1:
        raise ValidationError(
            _("A leaflet has exactly one title, but %(n)d title segments were given. Make the others headings.")
            % {"n": len(titles)}
        )
    return (titles[0] if titles else None), [s for s in segments if s.kind != Segment.Kind.TITLE]


def _with_title(
    *,
    segments: list[SegmentInput],
    title: str | None,
    current: Revision | None,
    fallback: str,
) -> list[SegmentInput]:
    """[title segment] + the cleaned body segments.

    The title text is `title` when given, else the title segment in `segments`,
    else the current revision's title (`fallback`, the leaflet's title, for a
    revision from before title segments). The title keeps the current title
    segment's key, so its translation and history follow it across revisions.
    """
    title_input, body = _split_title(segments)
    if title is not None and title_input is not None and " ".join(title.split()) != " ".join(title_input.text.split()):
        raise ValidationError(_("The title was given twice with different texts; give it once."))
    if title is not None:
        text = _clean_title(title)
    elif title_input is not None:
        text = _clean_title(title_input.text)
    else:
        text = _clean_title(revision_title(current, fallback=fallback))
    current_title = revision_title_segment(current)
    key = current_title.key if current_title is not None else (title_input.key if title_input else None)
    cleaned = _clean_segments(body)
    if key is not None and any(s.key == key for s in cleaned):
        raise ValidationError(_("Two segments claim the same identity; reload the editor and try again."))
    return [SegmentInput(kind=Segment.Kind.TITLE, text=text, key=key), *cleaned]


def _clean_segments(segments: list[SegmentInput]) -> list[SegmentInput]:
    cleaned: list[SegmentInput] = []
    errors: list[str] = []
    valid_kinds = set(Segment.Kind.values) - {Segment.Kind.TITLE}
    for index, segment in enumerate(segments, start=1):
        text = (segment.text or "").replace("\r\n", "\n").strip()
        if not text:
            continue  # an empty row in the editor is not a segment
        if segment.kind not in valid_kinds:
            errors.append(_("Segment %(n)d has an unknown kind %(kind)r.") % {"n": index, "kind": segment.kind})
        try:
            rules.refuse_unfit_for_documents(text)
        except ValidationError as unfit:
            errors.extend(unfit.messages)
        if len(text) > settings.MAX_SEGMENT_CHARS:
            errors.append(
                _(
                    "Segment %(n)d is %(length)s characters long; the limit is %(limit)s. Split it into shorter "
                    "paragraphs."
                )
                % {"n": index, "length": f"{len(text):,}", "limit": f"{settings.MAX_SEGMENT_CHARS:,}"}
            )
        cleaned.append(SegmentInput(kind=segment.kind, text=text, key=segment.key, citations=segment.citations))
    if not cleaned:
        errors.append(_("A leaflet needs at least one segment with text."))
    if len(cleaned) > settings.MAX_SEGMENTS:
        errors.append(_("A leaflet can have at most %(limit)d segments.") % {"limit": settings.MAX_SEGMENTS})
    keys = [s.key for s in cleaned if s.key]
    if len(keys) != len(set(keys)):
        errors.append(_("Two segments claim the same identity; reload the editor and try again."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _revision_hash(segments: list[SegmentInput]) -> str:
    digest = hashlib.sha256()
    for segment in segments:
        digest.update(f"{segment.key}\x1f{segment_hash(segment.kind, segment.text)}\x1e".encode())
    return digest.hexdigest()


def _write_revision(
    *,
    leaflet: Leaflet,
    user,
    segments: list[SegmentInput],
    parent: Revision | None,
    is_conflict: bool,
    note: str,
    drafted_by_model: str,
    prompt_version: str,
) -> Revision:
    leaflet.revision_counter += 1
    Leaflet.objects.filter(pk=leaflet.pk).update(revision_counter=leaflet.revision_counter)
    keys = [s.key or uuid.uuid4() for s in segments]
    keyed = [SegmentInput(kind=s.kind, text=s.text, key=key) for s, key in zip(segments, keys, strict=True)]
    revision = Revision.objects.create(
        leaflet=leaflet,
        number=leaflet.revision_counter,
        parent=parent,
        created_by=user,
        is_conflict=is_conflict,
        note=note[:500],
        drafted_by_model=drafted_by_model,
        prompt_version=prompt_version,
        content_hash=_revision_hash(keyed),
    )
    Segment.objects.bulk_create(
        [
            Segment(
                revision=revision,
                key=key,
                position=i,
                kind=s.kind,
                text=s.text,
                content_hash=segment_hash(s.kind, s.text),
            )
            for i, (s, key) in enumerate(zip(keyed, keys, strict=True))
        ]
    )
    return revision


@transaction.atomic
def leaflet_create(
    *,
    user,
    title: str,
    topic: str = "",
    audience: str = "",
    source_language: str = "en",
    required_languages: list[str] | None = None,
    segments: list[SegmentInput],
    drafted_by_model: str = "",
    prompt_version: str = "",
    review_interval_months: int = 24,
    dual_forward_languages: list[str] | None = None,
    note: str = "",
) -> Leaflet:
    from translations.text_versions import text_versions_create

    cleaned = _with_title(segments=segments, title=title or "", current=None, fallback="")
    languages = _validate_languages(source_language, required_languages or list(DEFAULT_REQUIRED_LANGUAGES))
    dual = _clean_dual_languages(dual_forward_languages, languages=languages, source_language=source_language)
    leaflet = Leaflet.objects.create(
        title=cleaned[0].text,
        topic=topic.strip()[:200],
        audience=audience.strip()[:200],
        source_language_id=source_language,
        created_by=user,
        review_interval_months=_clean_interval(review_interval_months),
        dual_forward_languages=dual,
    )
    LeafletLanguage.objects.bulk_create([LeafletLanguage(leaflet=leaflet, language_id=code) for code in languages])
    revision = _write_revision(
        leaflet=leaflet,
        user=user,
        segments=cleaned,
        parent=None,
        is_conflict=False,
        note=note,
        drafted_by_model=drafted_by_model,
        prompt_version=prompt_version,
    )
    Leaflet.objects.filter(pk=leaflet.pk).update(current_revision=revision)
    leaflet.current_revision = revision
    # The passages the author attached while writing the first revision.
    _citations_follow(source=revision, revision=revision, inputs=cleaned, user=user, leaflet=leaflet)
    text_versions_create(revision=revision, previous=None)
    audit_record(
        actor=user,
        verb="leaflet.created",
        leaflet=leaflet,
        obj=leaflet,
        data={
            "revision": revision.number,
            "languages": languages,
            "segments": len(cleaned),
            "title": cleaned[0].text,
            "drafted_by_model": drafted_by_model,
            "prompt_version": prompt_version,
            "review_interval_months": leaflet.review_interval_months,
            "dual_forward_languages": dual,
        },
    )
    return leaflet


def _clean_dual_languages(codes: list[str] | None, *, languages: list[str], source_language: str) -> list[str]:
    """The languages to translate twice: required target languages only, in the leaflet's order.

    The source text is written, not translated, so it cannot be translated twice.
    """
    wanted = list(dict.fromkeys(codes or []))
    bad = [code for code in wanted if code == source_language or code not in languages]
    if bad:
        raise ValidationError(
            _("Only the leaflet's target languages can be translated twice, not %(codes)s.")
            % {"codes": ", ".join(sorted(set(bad)))}
        )
    return [code for code in languages if code in wanted]


def revision_save(
    *,
    leaflet: Leaflet,
    user,
    segments: list[SegmentInput],
    base_revision_number: int,
    note: str = "",
    title: str | None = None,
    drafted_by_model: str = "",
    prompt_version: str = "",
) -> SaveResult:
    """Save an edit as a new revision.

    `segments` are the body segments, or the whole revision including its one
    title-kind segment (moved to position 0). `title` None keeps the current
    revision's title. `base_revision_number` is the revision the editor was
    showing. If someone else saved since, the edit is kept as a conflict
    revision (not current) and the result says so; nothing typed is lost.
    """
    from translations.text_versions import text_versions_create

    # Refuse what cannot be saved before taking any lock.
    _clean_segments(_split_title(segments)[1])
    if title is not None:
        _clean_title(title)
    with transaction.atomic():
        locked = Leaflet.objects.select_for_update(no_key=True).get(pk=leaflet.pk)
        current = locked.revision_now()
        cleaned = _with_title(segments=segments, title=title, current=current, fallback=locked.title)
        parent = Revision.objects.filter(leaflet=locked, number=base_revision_number).first()
        if parent is None:
            raise ValidationError(_("The revision this edit was based on does not exist."))
        stale = current.number != base_revision_number
        if _revision_hash(cleaned) == current.content_hash:
            # Nothing to save: the same content is already current (also a
            # double-submitted form whose first copy already landed). Citations
            # are not content: the ones the author changed apply to it in place.
            _citations_follow(source=current, revision=current, inputs=cleaned, user=user, leaflet=locked)
            return SaveResult(revision=current)
        revision = _write_revision(
            leaflet=locked,
            user=user,
            segments=cleaned,
            parent=parent,
            is_conflict=stale,
            note=note,
            drafted_by_model=drafted_by_model,
            prompt_version=prompt_version,
        )
        _citations_follow(source=parent, revision=revision, inputs=cleaned, user=user, leaflet=locked)
        if stale:
            audit_record(
                actor=user,
                verb="revision.conflict",
                leaflet=locked,
                obj=revision,
                data={
                    "revision": revision.number,
                    "based_on": base_revision_number,
                    "current": current.number,
                },
            )
            return SaveResult(revision=revision, current=current)
        Leaflet.objects.filter(pk=locked.pk).update(current_revision=revision, title=cleaned[0].text)
        text_versions_create(revision=revision, previous=current)
        changed = revision_changed_keys(old=current, new=revision)
        data = {
            "revision": revision.number,
            "parent": current.number,
            "changed_segments": len(changed),
            "drafted_by_model": drafted_by_model,
            "prompt_version": prompt_version,
        }
        if cleaned[0].text != revision_title(current, fallback=locked.title):
            data["title"] = {"before": revision_title(current, fallback=locked.title), "after": cleaned[0].text}
        audit_record(actor=user, verb="revision.saved", leaflet=locked, obj=revision, data=data)
    leaflet.refresh_from_db()
    return SaveResult(revision=revision)


@transaction.atomic
def leaflet_update_details(
    *,
    leaflet: Leaflet,
    user,
    title: str | None = None,
    topic: str,
    audience: str,
    note: str = "",
    review_interval_months: int | None = None,
    dual_forward_languages: list[str] | None = None,
) -> Leaflet:
    """Change the leaflet's details.

    The title is patient-facing content: a changed title is saved as a new
    revision based on the current one (audited as a save, and every language
    goes back to review). Topic and audience are the authors' working details,
    never shown to patients, and are changed in place.
    """
    locked = Leaflet.objects.select_for_update(no_key=True).get(pk=leaflet.pk)
    current = locked.revision_now()
    if title is not None and _clean_title(title) != revision_title(current, fallback=locked.title):
        body = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision_body(current)]
        revision_save(
            leaflet=locked,
            user=user,
            segments=body,
            title=title,
            base_revision_number=current.number,
            note=note or "Title changed",
        )
        locked.refresh_from_db()
    topic, audience = (topic or "").strip()[:200], (audience or "").strip()[:200]
    interval = (
        locked.review_interval_months if review_interval_months is None else _clean_interval(review_interval_months)
    )
    # None: unchanged. A change applies to translations queued from now on; versions already made stay.
    dual = (
        locked.dual_forward_languages
        if dual_forward_languages is None
        else _clean_dual_languages(
            dual_forward_languages, languages=locked.language_codes(), source_language=locked.source_language_id
        )
    )
    if (topic, audience, interval, dual) != (
        locked.topic,
        locked.audience,
        locked.review_interval_months,
        locked.dual_forward_languages,
    ):
        # The interval moves the "next review due" date patients see; the patient
        # page's cache key includes it, so the change shows at once.
        before = {
            "topic": locked.topic,
            "audience": locked.audience,
            "review_interval_months": locked.review_interval_months,
        }
        after = {"topic": topic, "audience": audience, "review_interval_months": interval}
        if dual != locked.dual_forward_languages:
            before["dual_forward_languages"], after["dual_forward_languages"] = locked.dual_forward_languages, dual
        locked.topic, locked.audience, locked.review_interval_months = topic, audience, interval
        locked.dual_forward_languages = dual
        locked.save(
            update_fields=["topic", "audience", "review_interval_months", "dual_forward_languages", "updated_at"]
        )
        audit_record(
            actor=user,
            verb="leaflet.details_changed",
            leaflet=locked,
            obj=locked,
            data={"before": before, "after": after},
        )
    leaflet.refresh_from_db()
    return locked


def _clean_interval(months) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
        raise ValidationError(_("The review interval must be a whole number of months from 1 to 120."))
    return months


def revision_changed_keys(*, old: Revision, new: Revision) -> set[uuid.UUID]:
    """Segment keys whose text or kind differ (or that exist on one side only)."""
    before = {s.key: s.content_hash for s in old.segments.all()}
    after = {s.key: s.content_hash for s in new.segments.all()}
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@dataclass
class DiffRow:
    status: str  # "same" | "changed" | "added" | "removed" | "moved"
    kind_old: str = ""
    kind_new: str = ""
    old_html: str = ""
    new_html: str = ""
    old_position: int | None = None
    new_position: int | None = None
    notes: list[str] = field(default_factory=list)
    # How the row is labelled: "Title" for the title, "#n" for the n-th body segment.
    old_label: str = ""
    new_label: str = ""


def _inline_diff(old: str, new: str) -> tuple[str, str]:
    from django.utils.html import escape

    # Character-level for Chinese (it has no spaces between words), word-level otherwise.
    if any("\u4e00" <= ch <= "\u9fff" for ch in old + new):
        a, b, joiner = list(old), list(new), ""
    else:
        a, b, joiner = old.split(" "), new.split(" "), " "
    out_old: list[str] = []
    out_new: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        left, right = escape(joiner.join(a[i1:i2])), escape(joiner.join(b[j1:j2]))
        if op == "equal":
            out_old.append(left)
            out_new.append(right)
        else:
            if left:
                out_old.append(f"<del>{left}</del>")
            if right:
                out_new.append(f"<ins>{right}</ins>")
    return joiner.join(out_old), joiner.join(out_new)


def segment_labels(segments: list[Segment]) -> dict[uuid.UUID, str]:
    """Row labels by key: “Title” for the title, “#1”, “#2”… for the body segments, as the editor numbers them."""
    labels, n = {}, 0
    for segment in segments:
        if segment.kind == Segment.Kind.TITLE:
            labels[segment.key] = str(Segment.Kind.TITLE.label)
        else:
            n += 1
            labels[segment.key] = f"#{n}"
    return labels


def revision_diff(*, old: Revision, new: Revision) -> list[DiffRow]:
    """A side-by-side diff aligned on segment identity, not on position. The title is a row like any segment."""
    from django.utils.html import escape

    old_list = list(old.segments.all())
    new_list = list(new.segments.all())
    old_segments = {s.key: s for s in old_list}
    new_keys = {s.key for s in new_list}
    old_labels, new_labels = segment_labels(old_list), segment_labels(new_list)
    rows: list[DiffRow] = []
    old_order = [s.key for s in old_list if s.key in new_keys]
    new_order = [s.key for s in new_list if s.key in old_segments]
    # A segment "moved" when it is outside the longest run of segments that
    # kept their relative order: swapping two paragraphs marks one, not all.
    kept: set = set()
    for block in difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False).get_matching_blocks():
        kept.update(old_order[block.a : block.a + block.size])
    moved = set(new_order) - kept
    for segment in new_list:
        before = old_segments.get(segment.key)
        if before is None:
            rows.append(
                DiffRow(
                    "added",
                    kind_new=segment.kind,
                    new_html=escape(segment.text),
                    new_position=segment.position,
                    new_label=new_labels[segment.key],
                )
            )
            continue
        old_label, new_label = old_labels[before.key], new_labels[segment.key]
        if before.content_hash == segment.content_hash:
            status = "moved" if segment.key in moved else "same"
            rows.append(
                DiffRow(
                    status,
                    before.kind,
                    segment.kind,
                    escape(before.text),
                    escape(segment.text),
                    before.position,
                    segment.position,
                    old_label=old_label,
                    new_label=new_label,
                )
            )
        else:
            old_html, new_html = _inline_diff(before.text, segment.text)
            row = DiffRow(
                "changed",
                before.kind,
                segment.kind,
                old_html,
                new_html,
                before.position,
                segment.position,
                old_label=old_label,
                new_label=new_label,
            )
            if before.kind != segment.kind:
                row.notes.append(f"{before.get_kind_display()} → {segment.get_kind_display()}")
            rows.append(row)
    for key, before in old_segments.items():
        if key not in new_keys:
            rows.append(
                DiffRow(
                    "removed",
                    kind_old=before.kind,
                    old_html=escape(before.text),
                    old_position=before.position,
                    old_label=old_labels[key],
                )
            )
    return rows


def ensure_language_rows() -> None:
    # One read in the usual case (every row there): this runs after every migrate and test flush.
    present = set(Language.objects.filter(code__in=CONTENT_LANGUAGES).values_list("code", flat=True))
    for code, language in CONTENT_LANGUAGES.items():
        if code not in present:
            Language.objects.get_or_create(code=code, defaults={"name": language.name})


# --- Citations: the passages a segment's statement rests on ------------------------------------------
def _attachable(passage_ids: set[int]) -> dict[int, Passage]:
    """The passages an author may newly attach: those retrieval itself would offer (retrieval.citable).

    Only new citations are checked: a passage the segment already cites stays
    cited when its source is retired since (the review screen marks it retired).
    """
    passages = {p.pk: p for p in Passage.objects.filter(pk__in=passage_ids).select_related("source")}
    missing = sorted(passage_ids - passages.keys())
    if missing:
        raise ValidationError(_("No passage has the id %(ids)s.") % {"ids": ", ".join(f"P{pid}" for pid in missing)})
    refused = sorted(set(passages) - retrieval.citable(set(passages)))
    if refused:
        raise ValidationError(
            _(
                "Passage %(ids)s cannot be cited: its source is retired, unconfirmed, replaced or past its "
                "review-by date, or its publication was withdrawn."
            )
            % {"ids": ", ".join(f"P{pid}" for pid in refused)}
        )
    return passages


def _citations_follow(*, source: Revision, revision: Revision, inputs: list[SegmentInput], user, leaflet) -> None:
    """Give the revision's segments their citations: carried from `source`, or as the author set them.

    A segment whose key and text are unchanged since `source` keeps its
    citations (origin and author kept); a changed segment starts with none,
    since the passages supported the old words. Where the editor sent a
    segment's citations (`inputs`, in the revision's order), those are what it
    cites. Call with the leaflet locked.
    """
    if source.pk == revision.pk and all(i.citations is None for i in inputs):
        return  # nothing to carry, nothing asked
    segments = list(revision.segments.all())
    asked = [(s, i.citations) for s, i in zip(segments, inputs, strict=True)]
    _citations_apply(source=source, asked=asked, user=user, leaflet=leaflet, revision=revision)


def _citations_apply(*, source: Revision, asked: list, user, leaflet, revision: Revision) -> None:
    """`asked`: (segment of `revision`, passage ids or None to carry over) pairs."""
    before: dict[uuid.UUID, dict[int, Citation]] = {}
    texts = {s.key: s.text for s in source.segments.all()}
    for citation in Citation.objects.filter(segment__revision=source).select_related("segment"):
        before.setdefault(citation.segment.key, {})[citation.passage_id] = citation
    in_place = source.pk == revision.pk
    create: list[Citation] = []
    remove: list[int] = []
    changes = []
    for segment, wanted in asked:
        cited = before.get(segment.key, {})
        carried = cited if in_place or texts.get(segment.key) == segment.text else {}
        keep = set(carried) if wanted is None else set(wanted)
        added, dropped = keep - set(carried), set(carried) - keep
        if added:
            _attachable(added)
        for pid in sorted(keep):
            old = carried.get(pid)
            if in_place and old is not None:
                continue  # the same row stays
            create.append(
                Citation(
                    segment=segment,
                    passage_id=pid,
                    origin=old.origin if old else Citation.Origin.AUTHOR,
                    created_by=old.created_by if old else user,
                )
            )
        if in_place:
            remove.extend(carried[pid].pk for pid in dropped)
        if wanted is not None and (added or dropped):
            changes.append({"segment": str(segment.key), "added": sorted(added), "removed": sorted(dropped)})
    if remove:
        Citation.objects.filter(pk__in=remove).delete()
    Citation.objects.bulk_create(create)
    if changes:
        audit_record(
            actor=user,
            verb="citations.changed",
            leaflet=leaflet,
            obj=revision,
            data={"revision": revision.number, "segments": changes},
        )


def segment_citations_set(*, segment: Segment, user, passage_ids: list[int]) -> list[Citation]:
    """Make a segment of the current revision cite exactly these passages (the author's hand citations).

    Only the leaflet's authors; only on the current revision (older revisions
    are history: what they cited is what their reviewers saw). Audited as
    `citations.changed`.
    """
    with transaction.atomic():
        leaflet = Leaflet.objects.select_for_update(no_key=True).get(pk=segment.revision.leaflet_id)
        if not permissions.can_edit_leaflet(user, leaflet):
            raise PermissionDenied
        if segment.revision_id != leaflet.current_revision_id:
            raise ValidationError(_("Citations can only be changed on the leaflet's current revision."))
        revision = segment.revision
        _citations_apply(
            source=revision, asked=[(segment, tuple(passage_ids))], user=user, leaflet=leaflet, revision=revision
        )
    return list(Citation.objects.filter(segment=segment).order_by("passage_id"))
