"""Attacks on trusted sources and retrieval (issue 18): what may be cited, what may be read, what may be asked.

Each test is one hole that was open when the feature landed; the fix is in the
service the test names.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PageObject, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from review.models import AuditEvent
from review.services import leaflet_publish, publication_withdraw
from workbench.models import Citation, Source
from workbench.retrieval import search
from workbench.services import SegmentInput, leaflet_create, segment_citations_set
from workbench.sources import source_add

DENGUE = "Drink plenty of fluids such as water, soup and juice when you have dengue fever."
DOSE = "Take 2 tablets of paracetamol every 6 hours for fever."


@pytest.fixture
def dose_leaflet(personas):
    return leaflet_create(
        user=personas.author,
        title="Fever at home",
        required_languages=["en"],
        segments=[SegmentInput(kind="list_item", text=DOSE)],
    )


def _dose_segment(leaflet):
    leaflet.refresh_from_db()
    return leaflet.current_revision.segments.get(text=DOSE)


# --- What an author may cite by hand: no more than retrieval would offer -------------------------------
def test_it_refuses_a_hand_citation_of_a_withdrawn_publications_passage(approved_leaflet, personas, dose_leaflet):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    withdrawn = Source.objects.get(kind=Source.Kind.LEAFLET, language_id="en").passages.first()
    publication_withdraw(publication=publication, user=personas.publisher, reason="Wrong advice on fluids")
    assert search(withdrawn.text, language="en") == []  # retrieval no longer offers it

    with pytest.raises(ValidationError, match="publication was withdrawn"):
        segment_citations_set(segment=_dose_segment(dose_leaflet), user=personas.author, passage_ids=[withdrawn.pk])

    assert not Citation.objects.exists()
    assert not AuditEvent.objects.filter(verb="citations.changed").exists()


def test_it_refuses_a_hand_citation_of_a_source_past_its_review_by_date(personas, dose_leaflet):
    today = timezone.localdate()
    source = source_add(
        user=personas.author,
        title="Fever guideline 2019",
        publisher="Health Promotion Board",
        language="en",
        text=DOSE,
        published_on=date(2019, 1, 1),
        review_by=today - timedelta(days=1),
    )
    expired = source.passages.get()
    assert search("paracetamol tablets", language="en") == []  # retrieval no longer offers it

    with pytest.raises(ValidationError, match="review-by"):
        segment_citations_set(segment=_dose_segment(dose_leaflet), user=personas.author, passage_ids=[expired.pk])

    assert not Citation.objects.exists()


# --- Hostile files: refused before they cost the server minutes and gigabytes ------------------------
def _docx_with_empty_paragraphs(count: int) -> bytes:
    from docx import Document

    plain = io.BytesIO()
    document = Document()
    document.add_paragraph(DENGUE)
    document.save(plain)
    original = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            part = original.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * count)
            archive.writestr(info.filename, part)
    return bomb.getvalue()


def test_it_refuses_a_word_document_that_unpacks_far_beyond_the_size_limit(personas, settings):
    # 300,000 empty paragraphs: 40 kB zipped, 1.8 MB of XML. At the real limit (5 MB) the same trick is a
    # million paragraphs per 45 kB: 110 million (40 GB of memory, minutes of CPU) in one upload.
    settings.SOURCE_MAX_BYTES = 1024 * 1024
    data = _docx_with_empty_paragraphs(300_000)
    assert len(data) < 60_000

    with pytest.raises(ValidationError, match="unpacks"):
        source_add(
            user=personas.author,
            title="Dengue",
            publisher="Health Promotion Board",
            language="en",
            file_name="dengue.docx",
            data=data,
        )

    assert not Source.objects.exists()
    assert not AuditEvent.objects.filter(verb="source.added").exists()


def _pdf_of_one_shared_page(pages: int, lines: int) -> bytes:
    writer = PdfWriter()
    page: PageObject = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 700 Td " + b"(Drink water.) Tj 0 -1 Td " * lines + b"ET")
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    for _ in range(pages - 1):
        writer.add_page(page)  # every page the same content stream: the file stays small
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_refuses_a_pdf_whose_text_runs_past_the_limit_without_extracting_every_page(personas, settings, monkeypatch):
    # 2,000 pages of one shared stream are 13 kB of PDF and took two minutes to extract whole, to be
    # refused afterwards for being over SOURCE_MAX_CHARS. Here: 300 pages of 2,400 characters, limit 5,000.
    settings.SOURCE_MAX_CHARS = 5_000
    data = _pdf_of_one_shared_page(pages=300, lines=200)
    read = []
    extract = PageObject.extract_text

    def counting(self, *args, **kwargs):
        read.append(1)
        return extract(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counting)

    with pytest.raises(ValidationError, match="longer than"):
        source_add(
            user=personas.author,
            title="Dengue",
            publisher="Health Promotion Board",
            language="en",
            file_name="dengue.pdf",
            data=data,
        )

    assert not Source.objects.exists()
    assert len(read) < 10  # refused as soon as the text was over the limit, not after 300 pages


# --- What a query may cost ---------------------------------------------------------------------------
def test_it_refuses_to_let_a_long_query_fail_or_swamp_the_search(personas, client):
    source_add(user=personas.author, title="Dengue", publisher="Health Promotion Board", language="en", text=DENGUE)
    # A brief's "actions" field has no length limit and is one query of a draft job; sources_search takes
    # any query. On PostgreSQL, ts_rank_cd over 18,000 words failed ("invalid memory alloc request size
    # 1179903224"), and its cost grows with the square of the words: 2,000 Chinese characters, what the
    # editor's suggestions send, took 40 seconds over 200 passages.
    long_brief = " ".join(f"w{i}" for i in range(20_000)) + " dengue"

    with CaptureQueriesContext(connection) as queries:
        hits = search(long_brief, language="en")

    assert len(queries) == 1
    assert len(queries[0]["sql"]) < 10_000  # the query sent is bounded, whatever was typed
    assert hits == [] or all(hit.language == "en" for hit in hits)

    client.force_login(personas.author)
    han = "".join(chr(0x4E00 + i) for i in range(2000))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sources/suggest/", {"q": han, "language": "zh"})
    assert response.status_code == 200
    searched = [q["sql"] for q in queries if "passage" in q["sql"]]
    assert len(searched) == 1 and len(searched[0]) < 10_000


# --- Accountability: every refusal on the record, whichever door it came through -----------------------
def test_it_refuses_to_lose_the_audit_of_a_phi_refusal_made_by_the_sources_add_command(tmp_path, personas):
    # The web page and the service record a PHI refusal as phi.blocked (its own savepoint); the command
    # adds its files all or nothing in one transaction, whose rollback took that record back with it.
    clean = tmp_path / "dengue.txt"
    clean.write_text(DENGUE, encoding="utf-8")
    story = tmp_path / "case-notes.txt"
    story.write_text("Patient S1234567D was seen for dengue.\n\nRest and drink fluids.", encoding="utf-8")

    with pytest.raises(CommandError, match="Personal data found"):
        call_command("sources_add", str(clean), str(story), "--user", personas.author.username, "--publisher", "Ward 5")

    assert not Source.objects.exists()
    refusal = AuditEvent.objects.get(verb="phi.blocked")
    assert refusal.data["kind"] == "source" and refusal.actor == personas.author
    assert "S1234567D" not in str(refusal.data)


# --- Cost: a page whose queries grow with the data -----------------------------------------------------
def _cited_by(personas, passage, count: int) -> None:
    for n in range(count):
        leaflet = leaflet_create(
            user=personas.author,
            title=f"Fever at home {n}",
            required_languages=["en", "zh"],
            segments=[SegmentInput(kind="list_item", text=DOSE)],
        )
        segment_citations_set(segment=_dose_segment(leaflet), user=personas.author, passage_ids=[passage.pk])


def test_it_refuses_to_let_a_sources_page_cost_a_query_per_citing_segment(personas, client):
    source = source_add(
        user=personas.author, title="Fever", publisher="Health Promotion Board", language="en", text=DOSE
    )
    passage = source.passages.get()
    reviewer = personas.reviewer("zh", "native")  # sees leaflets through their language, not a blanket permission
    client.force_login(reviewer)
    url = f"/sources/{source.pk}/"

    _cited_by(personas, passage, 2)
    client.get(url)  # the first page after logging in does a little more, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _cited_by(personas, passage, 8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200 and response.content.count(b"Fever at home") >= 10
    assert len(many) == len(few)
