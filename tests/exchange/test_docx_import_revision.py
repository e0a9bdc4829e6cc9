"""A Word document as a new source revision: unchanged segments keep their keys, and so their translations."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from review.models import AuditEvent
from tests.conftest import text_of
from tests.exchange.docx_files import (
    CHEST,
    COUGH,
    FEVER,
    SISTER,
    TIGHT,
    database_state,
    make_word_leaflet,
    needs_tico,
    tico,
    to_bytes,
    word,
)
from translations.exchange.word import leaflet_docx_export, leaflet_docx_import
from translations.models import TargetSegment
from workbench.services import SegmentInput, revision_save

pytestmark = needs_tico
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEW_COUGH = "and i have a dry cough at night"


def exported(leaflet, author, language="en"):
    return Document(io.BytesIO(leaflet_docx_export(leaflet=leaflet, language=language, user=author).data))


def paragraph(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def retype(document, old, new):
    """What a person typing over a paragraph in Word leaves: the same paragraph (and bookmark), new text."""
    runs = paragraph(document, old).runs
    runs[0].text = new
    for run in runs[1:]:
        run.text = ""


def strip_bookmarks(document):
    for tag in ("bookmarkStart", "bookmarkEnd"):
        for element in list(document.element.body.iter(f"{W}{tag}")):
            element.getparent().remove(element)


def key_of(leaflet, text):
    leaflet.refresh_from_db()
    return leaflet.current_revision.segments.get(text=text).key


def translation(leaflet, language, key):
    return TargetSegment.objects.get(text_version=text_of(leaflet, language), key=key)


def test_unchanged_segments_keep_their_translations_and_changed_ones_need_translating(personas):
    leaflet = make_word_leaflet(personas.author)
    keys = {text: key_of(leaflet, text) for text in (CHEST, FEVER, COUGH, TIGHT)}
    document = exported(leaflet, personas.author)
    retype(document, COUGH, NEW_COUGH)
    paragraph(document, FEVER).insert_paragraph_before(SISTER, style="List Bullet")

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    leaflet.refresh_from_db()
    assert leaflet.current_revision.number == 2 and result.revision == leaflet.current_revision
    assert (result.kept_by_bookmark, result.kept_by_text, result.new_segments) == (5, 0, 1)
    for language in ("zh", "ms", "ta"):
        for text in (CHEST, FEVER, TIGHT):
            kept = translation(leaflet, language, keys[text])
            assert kept.text == tico(text)[language]
        changed = translation(leaflet, language, keys[COUGH])
        assert changed.text == "" and changed.origin == TargetSegment.Origin.NONE
        added = translation(leaflet, language, key_of(leaflet, SISTER))
        assert added.text == ""
    assert key_of(leaflet, NEW_COUGH) == keys[COUGH]
    event = AuditEvent.objects.get(verb="leaflet.docx_imported")
    assert event.data["kept_by_bookmark"] == 5 and event.data["created_leaflet"] is False
    assert event.data["based_on"] == 1 and event.data["revision"] == 2


def test_an_unmarked_document_keeps_the_keys_of_unchanged_text(personas):
    leaflet = make_word_leaflet(personas.author)
    keys = {text: key_of(leaflet, text) for text in (CHEST, FEVER, COUGH, TIGHT)}
    document = exported(leaflet, personas.author)
    strip_bookmarks(document)
    retype(document, FEVER, "the fever increases in the evening")

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    assert (result.kept_by_bookmark, result.kept_by_text, result.new_segments) == (0, 4, 1)
    for text in (CHEST, COUGH, TIGHT):
        assert key_of(leaflet, text) == keys[text]
        assert translation(leaflet, "ta", keys[text]).text == tico(text)["ta"]
    assert key_of(leaflet, "the fever increases in the evening") not in keys.values()
    assert result.removed_segments == 1


def test_a_hand_made_document_with_the_same_text_keeps_the_translations(personas):
    leaflet = make_word_leaflet(personas.author)
    document = word(
        ("Heading 1", "Symptoms"),
        ("Normal", CHEST),
        ("List Bullet", FEVER),
        ("List Bullet", COUGH),
        ("Heading 1", "Seek medical help immediately if:"),
        ("Normal", TIGHT),
        title="Chest pain",
    )

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    assert result.unchanged and leaflet.revisions.count() == 1


def test_keys_of_another_leaflet_are_never_trusted(personas):
    leaflet = make_word_leaflet(personas.author)
    other = make_word_leaflet(personas.author)
    document = exported(other, personas.author)
    retype(document, CHEST, "tell me where your chest hurts")

    leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    leaflet.refresh_from_db()
    other_keys = set(other.current_revision.segments.values_list("key", flat=True))
    assert not other_keys & set(leaflet.current_revision.segments.values_list("key", flat=True))
    # Matched by text instead: the translations of this leaflet's unchanged segments are kept.
    assert translation(leaflet, "zh", key_of(leaflet, FEVER)).text == tico(FEVER)["zh"]


def test_a_key_used_twice_is_kept_only_once(personas):
    leaflet = make_word_leaflet(personas.author)
    chest_key = key_of(leaflet, CHEST)
    document = exported(leaflet, personas.author)
    copied = paragraph(document, CHEST)._p
    from copy import deepcopy

    twin = deepcopy(copied)
    copied.addnext(twin)
    next(twin.iter(f"{W}t")).text = "tell me again about your chest pain"

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    assert key_of(leaflet, CHEST) == chest_key
    assert key_of(leaflet, "tell me again about your chest pain") != chest_key
    assert result.new_segments == 1


def test_a_tamil_export_is_refused_as_a_revision_of_an_english_leaflet(personas):
    leaflet = make_word_leaflet(personas.author)
    data = leaflet_docx_export(leaflet=leaflet, language="ta", user=personas.author).data
    before = database_state()

    with pytest.raises(ValidationError, match="this leaflet is written in English"):
        leaflet_docx_import(data=data, user=personas.author, leaflet=leaflet)

    assert database_state() == before


def test_an_undeclared_document_in_another_script_is_refused(personas):
    leaflet = make_word_leaflet(personas.author)
    document = word(*[("Normal", tico(text)["zh"]) for text in (CHEST, FEVER, COUGH)], title="胸痛")
    before = database_state()

    with pytest.raises(ValidationError, match="is in Chinese"):
        leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    assert database_state() == before


def test_a_document_that_would_undo_a_later_save_becomes_a_conflict_revision(personas):
    leaflet = make_word_leaflet(personas.author)
    document = exported(leaflet, personas.author)  # revision 1
    current = leaflet.current_revision
    revision_save(
        leaflet=leaflet,
        user=personas.second_author,
        base_revision_number=current.number,
        segments=[
            SegmentInput(kind=s.kind, text=s.text if s.text != CHEST else "describe your chest pain", key=s.key)
            for s in current.segments.order_by("position")
        ],
    )
    retype(document, COUGH, NEW_COUGH)  # still holds CHEST as it was in revision 1

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    leaflet.refresh_from_db()
    assert result.conflict and result.revision.is_conflict and leaflet.current_revision.number == 2
    assert leaflet.current_revision.segments.filter(text="describe your chest pain").exists()


def test_importing_the_same_edited_document_twice_is_no_conflict(personas):
    leaflet = make_word_leaflet(personas.author)
    document = exported(leaflet, personas.author)
    retype(document, COUGH, NEW_COUGH)
    first = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)
    retype(document, FEVER, "the fever is worse at night")

    second = leaflet_docx_import(data=to_bytes(document), user=personas.author, leaflet=leaflet)

    leaflet.refresh_from_db()
    assert not first.conflict and not second.conflict and leaflet.current_revision.number == 3
    assert translation(leaflet, "ta", key_of(leaflet, CHEST)).text == tico(CHEST)["ta"]


def test_only_authors_import_a_revision(personas):
    leaflet = make_word_leaflet(personas.author)
    data = to_bytes(exported(leaflet, personas.author))
    before = database_state()
    for person in (personas.reviewer("en", "native"), personas.translator("ta"), personas.outsider):
        with pytest.raises(PermissionDenied):
            leaflet_docx_import(data=data, user=person, leaflet=leaflet)
    assert database_state() == before
