"""A Word leaflet becomes a new leaflet: its structure as segments, its language, an audited import."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
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
from workbench.models import Leaflet

pytestmark = needs_tico


def kinds_and_texts(leaflet):
    return [(s.kind, s.text) for s in leaflet.current_revision.segments.order_by("position")]


def test_a_word_leaflet_becomes_a_new_leaflet_with_its_structure(personas):
    document = word(
        ("Heading 1", "Chest pain"),
        ("Normal", CHEST),
        ("List Bullet", FEVER),
        ("List Number", COUGH),
        ("Heading 2", "When to seek help"),
        ("List Bullet", TIGHT),
        ("Heading 2", "Family"),
        ("Normal", SISTER),
        title="Chest pain at home",
    )

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, file_name="chest.docx")

    leaflet = Leaflet.objects.get()
    assert result.created and result.leaflet == leaflet and leaflet.title == "Chest pain at home"
    assert kinds_and_texts(leaflet) == [
        ("title", "Chest pain at home"),
        ("heading", "Chest pain"),
        ("paragraph", CHEST),
        ("list_item", FEVER),
        ("list_item", COUGH),
        ("red_flag", TIGHT),
        ("heading", "Family"),
        ("paragraph", SISTER),
    ]
    assert leaflet.source_language_id == "en" and result.language_from == "detected"
    assert leaflet.created_by == personas.author


def test_the_first_heading_is_the_title_when_no_paragraph_has_the_title_style(personas):
    document = word(("Heading 1", "Chest pain"), ("Normal", CHEST))

    leaflet = leaflet_docx_import(data=to_bytes(document), user=personas.author).leaflet

    assert kinds_and_texts(leaflet) == [("title", "Chest pain"), ("paragraph", CHEST)]


def test_a_document_without_any_title_is_refused(personas):
    before = database_state()
    with pytest.raises(ValidationError, match="no title"):
        leaflet_docx_import(data=to_bytes(word(("Normal", CHEST))), user=personas.author)
    assert database_state() == before


@pytest.mark.parametrize(("language", "title"), [("ta", "மார்பு வலி"), ("zh", "胸痛"), ("ms", "Sakit dada")])
def test_the_language_is_detected_from_the_text_when_the_document_does_not_say(personas, language, title):
    rows = [tico(text)[language] for text in (CHEST, FEVER, COUGH, SISTER)]
    document = word(*[("Normal", text) for text in rows], title=title)

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author)

    assert (result.leaflet.source_language_id, result.language_from) == (language, "detected")
    assert [s.text for s in result.leaflet.current_revision.segments.order_by("position")] == [title, *rows]


def test_the_language_the_document_declares_wins_and_a_contrary_choice_is_refused(personas):
    document = word(("Normal", tico(CHEST)["ms"]), title="Sakit dada", language="ms-MY")
    data = to_bytes(document)

    before = database_state()
    with pytest.raises(ValidationError, match="says it is in Malay"):
        leaflet_docx_import(data=data, user=personas.author, language="en")
    assert database_state() == before

    result = leaflet_docx_import(data=data, user=personas.author)
    assert (result.leaflet.source_language_id, result.language_from) == ("ms", "document")


def test_a_chosen_language_is_used_when_the_document_does_not_say(personas):
    document = word(("Normal", "Dengue"), title="Dengue")

    result = leaflet_docx_import(data=to_bytes(document), user=personas.author, language="ms")

    assert (result.leaflet.source_language_id, result.language_from) == ("ms", "chosen")


def test_an_exported_document_becomes_a_new_leaflet_with_keys_of_its_own(personas):
    original = make_word_leaflet(personas.author)
    data = leaflet_docx_export(leaflet=original, language="ta", user=personas.author).data

    result = leaflet_docx_import(data=data, user=personas.author)

    copy = result.leaflet
    assert copy.pk != original.pk and copy.source_language_id == "ta" and result.from_leaflet == original.pk
    old_keys = set(original.current_revision.segments.values_list("key", flat=True))
    new_keys = set(copy.current_revision.segments.values_list("key", flat=True))
    assert not old_keys & new_keys
    assert [s.kind for s in copy.current_revision.segments.order_by("position")] == [
        s.kind for s in original.current_revision.segments.order_by("position")
    ]


def test_the_import_is_audited_with_the_files_hash_and_no_document_text(personas):
    document = word(("Heading 1", "Chest pain"), ("Normal", CHEST))
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Dose table"
    data = to_bytes(document)

    result = leaflet_docx_import(data=data, user=personas.author, file_name="chest.docx")

    event = AuditEvent.objects.get(verb="leaflet.docx_imported")
    assert event.actor == personas.author and event.leaflet_id == result.leaflet.pk
    import hashlib

    assert event.data["file_sha256"] == hashlib.sha256(data).hexdigest()
    assert event.data["created_leaflet"] is True and event.data["segments"] == 2
    assert event.data["not_imported"] == [{"kind": "table", "paragraph": 2}]
    assert CHEST not in str(event.data) and "Dose table" not in str(event.data)
    assert AuditEvent.objects.filter(verb="leaflet.created", leaflet=result.leaflet).exists()


def test_only_those_who_create_leaflets_may_import_one(personas):
    data = to_bytes(word(("Normal", CHEST), title="Chest pain"))
    before = database_state()
    for person in (personas.reviewer("en", "native"), personas.outsider, personas.publisher):
        with pytest.raises(PermissionDenied):
            leaflet_docx_import(data=data, user=person)
    assert database_state() == before


def test_a_document_without_properties_gets_no_made_up_title(personas):
    import re

    from tests.exchange.docx_files import members_of, zip_of

    members = members_of(to_bytes(word(("Normal", CHEST))))
    del members["docProps/core.xml"]
    members["_rels/.rels"] = re.sub(rb"<Relationship [^>]*docProps/core.xml\"/>", b"", members["_rels/.rels"])
    before = database_state()

    with pytest.raises(ValidationError, match="no title"):
        leaflet_docx_import(data=zip_of(members), user=personas.author)

    assert database_state() == before
