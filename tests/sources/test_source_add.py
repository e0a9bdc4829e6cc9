"""Adding a source: pasted text or a file becomes passages at once (a PDF waits for confirmation)."""

import codecs
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from review.models import AuditEvent
from workbench.models import Passage, Source
from workbench.retrieval import index_terms
from workbench.sources import source_add


def _add(personas, **more):
    values = {"user": personas.author, "title": "Dengue", "publisher": "Health Promotion Board", "language": "en"}
    return source_add(**{**values, **more})


def test_pasted_text_becomes_an_active_source_with_passages_in_order_and_is_audited(personas):
    source = _add(personas, text="Dengue\nDengue is spread by mosquitoes.\nRest and drink fluids.")

    source.refresh_from_db()
    assert (source.kind, source.state, source.version, source.created_by) == ("text", "active", 1, personas.author)
    passages = list(source.passages.order_by("position"))
    # The heading stays with the paragraph it introduces.
    assert [(p.position, p.text) for p in passages] == [
        (1, "Dengue\nDengue is spread by mosquitoes."),
        (2, "Rest and drink fluids."),
    ]
    assert all(p.language == "en" and p.source_version == 1 for p in passages)
    assert passages[0].indexed_text == index_terms(passages[0].text, "en") == "dengue dengue is spread by mosquitoes"
    event = AuditEvent.objects.get(verb="source.added")
    assert event.actor == personas.author and event.object_id == str(source.pk)
    assert event.data["passages"] == 2 and event.data["kind"] == "text"


def test_a_long_chinese_paragraph_is_cut_at_sentence_ends(personas):
    sentence = "发烧时要多喝水并注意休息，如果症状持续三天以上，请尽快去看医生。"
    source = _add(personas, language="zh", text=sentence * 40)

    passages = list(source.passages.order_by("position"))
    assert len(passages) > 1
    assert all(len(p.text) <= 600 and p.text.endswith("。") for p in passages)
    assert "".join(p.text for p in passages) == sentence * 40


def test_a_utf16_text_file_with_a_byte_order_mark_is_read(personas):
    data = codecs.BOM_UTF16_LE + "Demam denggi\n\nMinum banyak air.".encode("utf-16-le")

    source = _add(personas, language="ms", file_name="denggi.txt", data=data)

    assert source.kind == "plain" and source.file_name == "denggi.txt"
    assert [p.text for p in source.passages.order_by("position")] == ["Demam denggi\nMinum banyak air."]


def test_a_word_document_is_read_paragraph_by_paragraph(personas):
    document = Document()
    document.add_heading("Asthma inhalers", level=1)
    document.add_paragraph("Shake the inhaler before each puff.")
    document.add_paragraph("Use a spacer if your doctor gave you one.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)

    source = _add(personas, title="Inhalers", file_name="inhalers.docx", data=buffer.getvalue())

    assert source.kind == "docx" and source.state == "active"
    assert [p.text for p in source.passages.order_by("position")] == [
        "Asthma inhalers\nShake the inhaler before each puff.",
        "Use a spacer if your doctor gave you one.",
    ]


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("notes.txt", "Démam".encode("latin-1"), "not UTF-8"),
        ("notes.rtf", b"{\\rtf1 hello}", ".txt, .md, .docx or .pdf"),
        ("notes.docx", b"not a zip", "not a Word document"),
        ("notes.pdf", b"not a pdf", "not a PDF"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_clearly_and_adds_nothing(personas, file_name, data, message):
    with pytest.raises(ValidationError) as refused:
        _add(personas, file_name=file_name, data=data)

    assert message in " ".join(refused.value.messages)
    assert not Source.objects.exists() and not Passage.objects.exists()


def test_it_refuses_files_and_texts_over_the_limits(personas, settings):
    settings.SOURCE_MAX_BYTES = 100
    settings.SOURCE_MAX_CHARS = 50

    with pytest.raises(ValidationError, match="larger than"):
        _add(personas, file_name="big.txt", data=b"x " * 100)
    with pytest.raises(ValidationError, match="longer than 50 characters"):
        _add(personas, text="word " * 20)
    assert not Source.objects.exists()


def test_it_refuses_a_text_carrying_a_personal_identifier_with_the_guards_message(personas):
    with pytest.raises(ValidationError) as refused:
        _add(personas, text="Patient S1234567D was seen for dengue.\n\nRest and drink fluids.")

    assert "Personal data found" in refused.value.messages[0]
    assert "paragraph 1" in refused.value.messages[0]
    assert "S1234567D" not in refused.value.messages[0]
    assert not Source.objects.exists()
    assert AuditEvent.objects.get(verb="phi.blocked").data["kind"] == "source"


def test_it_refuses_people_who_may_not_manage_sources(personas):
    for user in (personas.outsider, personas.reviewer("zh", "native"), personas.publisher):
        with pytest.raises(PermissionDenied):
            _add(personas, user=user, text="Rest and drink fluids.")
    assert not Source.objects.exists()


def test_it_refuses_a_source_without_title_or_publisher_or_text(personas):
    for more in ({"title": " "}, {"publisher": ""}, {"text": "  \n "}, {}):
        with pytest.raises(ValidationError):
            _add(personas, **({"text": "Rest."} | more) if more else {})
    assert not Source.objects.exists()
