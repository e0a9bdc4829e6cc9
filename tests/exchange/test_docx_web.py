"""The Word buttons on the leaflet's files page, the import pages, and who may use them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from review.models import AuditEvent
from tests.conftest import text_of
from tests.exchange.docx_files import (
    CHEST,
    COUGH,
    FEVER,
    database_state,
    make_word_leaflet,
    needs_tico,
    tico,
    to_bytes,
    word,
)
from translations.exchange import docx
from workbench.models import Leaflet

pytestmark = needs_tico
NEW_URL = "/leaflets/from-word/"


def upload(data: bytes, name: str = "leaflet.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=docx.CONTENT_TYPE)


def with_table() -> bytes:
    document = word(("Heading 1", "Chest pain"), ("Normal", CHEST))
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Dose"
    return to_bytes(document)


def test_the_files_page_offers_a_word_download_per_readable_language(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    url = f"/leaflets/{leaflet.pk}/files/"

    author_page = as_user(personas.author).get(url).content.decode()
    tamil_page = as_user(personas.reviewer("ta", "native")).get(url).content.decode()

    section = author_page.split('id="word-documents"', 1)[1].split("</section>", 1)[0]
    assert all(f'name="language" value="{code}"' in section for code in ("en", "zh", "ms", "ta"))
    assert f"/leaflets/{leaflet.pk}/files/word/import/" in section
    tamil_section = tamil_page.split('id="word-documents"', 1)[1].split("</section>", 1)[0]
    assert 'value="ta"' in tamil_section and 'value="ms"' not in tamil_section
    assert "/files/word/import/" not in tamil_section


def test_a_reviewer_downloads_their_languages_document(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    client = as_user(personas.reviewer("zh", "clinical"))

    response = client.post(f"/leaflets/{leaflet.pk}/files/word/", {"language": "zh"})

    assert response.status_code == 200 and response["Content-Type"] == docx.CONTENT_TYPE
    assert f'filename="leaflet-{leaflet.pk}-r1-zh.docx"' in response["Content-Disposition"]
    assert docx.read_docx(response.content, limit=10 * 1024 * 1024).blocks[2].text == tico(CHEST)["zh"]
    event = AuditEvent.objects.get(verb="leaflet.docx_exported")
    assert event.actor == personas.reviewer("zh", "clinical") and event.data["language"] == "zh"


def test_outsiders_and_other_languages_reviewers_are_refused_the_download(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    url = f"/leaflets/{leaflet.pk}/files/word/"

    assert as_user(personas.outsider).post(url, {"language": "ta"}).status_code == 404
    assert as_user(personas.reviewer("zh", "native")).post(url, {"language": "ta"}).status_code == 403
    assert as_user(None).post(url, {"language": "ta"}).status_code == 302  # to the login page
    assert not AuditEvent.objects.filter(verb="leaflet.docx_exported").exists()


def test_an_author_makes_a_new_leaflet_from_a_word_document_and_sees_the_report(personas, as_user):
    client = as_user(personas.author)
    assert client.get(NEW_URL).status_code == 200

    response = client.post(NEW_URL, {"file": upload(with_table()), "language": ""})

    leaflet = Leaflet.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and f'href="/leaflets/{leaflet.pk}/"' in html
    assert 'class="not-imported-table"' in html and "Dose" in html and "after paragraph 2" in html
    assert [(s.kind, s.text) for s in leaflet.current_revision.segments.order_by("position")] == [
        ("title", "Chest pain"),
        ("paragraph", CHEST),
    ]
    assert leaflet.created_by == personas.author


def test_sending_the_same_form_twice_imports_once(personas, as_user):
    client = as_user(personas.author)
    form = {"file": upload(with_table()), "_once": "token-1"}
    client.post(NEW_URL, form)

    again = client.post(NEW_URL, {"file": upload(with_table()), "_once": "token-1"})

    assert again.status_code == 302 and Leaflet.objects.count() == 1


def test_an_author_imports_a_new_source_revision_keeping_translations(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    client = as_user(personas.author)
    exported = client.post(f"/leaflets/{leaflet.pk}/files/word/", {"language": "en"}).content
    document = docx.read_docx(exported, limit=10 * 1024 * 1024)
    import io

    from docx import Document

    edited = Document(io.BytesIO(exported))
    next(p for p in edited.paragraphs if p.text == COUGH).runs[0].text = "and a dry cough"

    response = client.post(f"/leaflets/{leaflet.pk}/files/word/import/", {"file": upload(to_bytes(edited))})

    leaflet.refresh_from_db()
    assert response.status_code == 200 and leaflet.current_revision.number == 2
    assert f"/leaflets/{leaflet.pk}/compare/?new=2" in response.content.decode()
    fever_key = next(b.key for b in document.blocks if b.text == FEVER)
    assert text_of(leaflet, "ta").segments.get(key=fever_key).text == tico(FEVER)["ta"]
    assert leaflet.current_revision.segments.filter(text="and a dry cough").exists()


def test_a_refused_import_shows_why_and_changes_nothing(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    client = as_user(personas.author)
    tamil = client.post(f"/leaflets/{leaflet.pk}/files/word/", {"language": "ta"}).content
    before = database_state()

    response = client.post(f"/leaflets/{leaflet.pk}/files/word/import/", {"file": upload(tamil)})
    bad = client.post(NEW_URL, {"file": upload(b"%PDF-1.4 a pdf", "leaflet.docx")})

    assert response.status_code == 400 and "this leaflet is written in English" in response.content.decode()
    assert bad.status_code == 400 and "looks like a PDF" in bad.content.decode()
    assert database_state() == before


def test_reviewers_cannot_import_and_outsiders_cannot_see_the_leaflet(personas, as_user):
    leaflet = make_word_leaflet(personas.author)
    revision_url = f"/leaflets/{leaflet.pk}/files/word/import/"
    data = to_bytes(word(("Normal", CHEST), title="Chest pain"))
    before = database_state()

    reviewer = as_user(personas.reviewer("en", "native"))
    assert reviewer.get(revision_url).status_code == 403
    assert reviewer.post(revision_url, {"file": upload(data)}).status_code == 403
    assert reviewer.get(NEW_URL).status_code == 403
    assert reviewer.post(NEW_URL, {"file": upload(data)}).status_code == 403
    outsider = as_user(personas.outsider)
    assert outsider.post(revision_url, {"file": upload(data)}).status_code == 404
    assert outsider.post(NEW_URL, {"file": upload(data)}).status_code == 403
    assert database_state() == before
