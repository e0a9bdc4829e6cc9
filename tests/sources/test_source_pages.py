"""The sources pages: list, add (paste or upload), one source with its passages and citations, retire."""

from django.core.files.uploadedfile import SimpleUploadedFile

from workbench.models import Citation, Source
from workbench.services import SegmentInput, leaflet_create


def test_the_list_shows_sources_filtered_by_language_and_state_to_anyone_with_a_role(add_source, personas, as_user):
    add_source("Dengue is spread by mosquitoes.", title="Dengue guide")
    add_source("Demam denggi disebarkan oleh nyamuk.", title="Panduan denggi", language="ms")

    client = as_user(personas.reviewer("ta", "native"))
    everything = client.get("/sources/").content.decode()
    malay = client.get("/sources/?language=ms&state=active").content.decode()

    assert "Dengue guide" in everything and "Panduan denggi" in everything
    assert "Panduan denggi" in malay and "Dengue guide" not in malay
    assert 'href="/sources/"' in everything  # the nav link


def test_it_refuses_the_pages_to_people_without_a_role(add_source, personas, as_user):
    source = add_source("Dengue is spread by mosquitoes.")
    client = as_user(personas.outsider)

    for url in ("/sources/", f"/sources/{source.pk}/", "/sources/suggest/?q=dengue", "/sources/new/"):
        assert client.get(url).status_code == 404
    assert as_user(None).get("/sources/").status_code == 302  # to the login page


def test_an_author_adds_pasted_text_through_the_page(personas, as_user):
    response = as_user(personas.author).post(
        "/sources/new/",
        {
            "title": "Heat illness",
            "publisher": "Health Promotion Board",
            "language": "en",
            "published_on": "2026-03-01",
            "review_by": "2028-03-01",
            "text": "Drink water often in hot weather.",
        },
    )

    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sources/{source.pk}/"
    assert (source.title, source.state, str(source.review_by)) == ("Heat illness", "active", "2028-03-01")
    assert source.passages.count() == 1


def test_an_uploaded_pdf_leads_to_the_confirmation_page_and_is_used_once_confirmed(personas, as_user):
    from weasyprint import HTML

    pdf = HTML(string="<p>Wash the wound with clean water.</p>").write_pdf()
    client = as_user(personas.author)
    response = client.post(
        "/sources/new/",
        {
            "publisher": "Ministry of Health",
            "language": "en",
            "file": SimpleUploadedFile("wounds.pdf", pdf, content_type="application/pdf"),
        },
    )
    source = Source.objects.get()
    assert response["Location"] == f"/sources/{source.pk}/confirm/"
    assert source.title == "wounds.pdf" and source.state == "awaiting_confirmation"
    page = client.get(f"/sources/{source.pk}/confirm/").content.decode()
    assert "Wash the wound with clean water." in page and "Tamil and Chinese" in page

    client.post(f"/sources/{source.pk}/confirm/", {"text": "Wash the wound with clean running water."})

    source.refresh_from_db()
    assert source.state == "active" and source.passages.get().text == "Wash the wound with clean running water."


def test_it_refuses_a_text_with_an_identifier_on_the_page_and_says_why(personas, as_user):
    response = as_user(personas.author).post(
        "/sources/new/",
        {"title": "Notes", "publisher": "Ward 5", "language": "en", "text": "Patient S1234567D had dengue."},
    )

    assert response.status_code == 200 and "Personal data found" in response.content.decode()
    assert not Source.objects.exists()


def test_a_reviewer_may_read_but_not_add_or_retire(add_source, personas, as_user):
    source = add_source("Dengue is spread by mosquitoes.")
    client = as_user(personas.reviewer("en", "clinical"))

    assert client.get(f"/sources/{source.pk}/").status_code == 200
    assert (
        client.post("/sources/new/", {"title": "x", "publisher": "y", "language": "en", "text": "z"}).status_code == 404
    )
    assert client.post(f"/sources/{source.pk}/retire/", {"reason": "old"}).status_code == 404
    source.refresh_from_db()
    assert source.state == "active" and Source.objects.count() == 1


def test_retiring_needs_a_reason_on_the_page(add_source, personas, as_user):
    source = add_source("Dengue is spread by mosquitoes.")
    client = as_user(personas.author)

    refused = client.post(f"/sources/{source.pk}/retire/", {"reason": " "})
    source.refresh_from_db()
    assert refused.status_code == 200 and source.state == "active"

    client.post(f"/sources/{source.pk}/retire/", {"reason": "Superseded"})
    source.refresh_from_db()
    assert source.state == "retired" and source.retired_reason == "Superseded"


def test_a_sources_page_shows_its_passage_ids_and_where_they_are_cited(add_source, personas, as_user):
    source = add_source("Dengue is spread by mosquitoes.\n\nRest and drink fluids.")
    passage = source.passages.get(position=2)
    leaflet = leaflet_create(
        user=personas.author,
        title="Dengue at home",
        required_languages=["en"],
        segments=[SegmentInput(kind="paragraph", text="Rest and drink plenty of fluids.")],
    )
    segment = leaflet.current_revision.segments.get(kind="paragraph")
    Citation.objects.create(segment=segment, passage=passage, origin=Citation.Origin.AUTHOR, created_by=personas.author)

    page = as_user(personas.author).get(f"/sources/{source.pk}/").content.decode()

    assert f'id="P{passage.pk}"' in page and f"P{passage.pk}" in page
    assert "Dengue at home" in page


def test_the_csrf_token_is_required_to_add(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.author)

    response = client.post("/sources/new/", {"title": "x", "publisher": "y", "language": "en", "text": "Rest."})

    assert response.status_code == 403 and not Source.objects.exists()
