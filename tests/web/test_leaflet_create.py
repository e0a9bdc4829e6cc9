"""Creating a leaflet from the form."""

from review.models import AuditEvent
from tests.web.conftest import once, segments_post
from workbench.models import Leaflet, Segment


def _form(**overrides):
    data = segments_post(
        [
            ("", "heading", "Dengue at home"),
            ("", "paragraph", "Rest and drink water."),
            ("", "red_flag", "Call 995 if you bleed from the gums."),
        ],
        title="Dengue at home",
        topic="Dengue",
        audience="Adults",
        source_language="en",
        required_languages=["en", "ta"],
    )
    data.update(overrides)
    return data


def test_it_creates_a_leaflet_with_its_segments_and_languages(personas, as_user):
    response = as_user(personas.author).post("/leaflets/new/", _form())

    leaflet = Leaflet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/leaflets/{leaflet.pk}/"
    assert leaflet.language_codes() == ["en", "ta"]
    assert [(s.kind, s.text) for s in leaflet.current_revision.segments.all()] == [
        ("title", "Dengue at home"),  # the Title field, first
        ("heading", "Dengue at home"),
        ("paragraph", "Rest and drink water."),
        ("red_flag", "Call 995 if you bleed from the gums."),
    ]
    assert AuditEvent.objects.filter(verb="leaflet.created", leaflet=leaflet).count() == 1


def test_it_refuses_outsiders_and_reviewers_with_403_and_creates_nothing(personas, as_user):
    for person in (personas.outsider, personas.reviewer("ta", "native"), personas.publisher):
        assert as_user(person).get("/leaflets/new/").status_code == 403
        assert as_user(person).post("/leaflets/new/", _form()).status_code == 403
    assert not Leaflet.objects.exists()


def test_it_sends_anonymous_visitors_to_the_login_page(db, as_user):
    response = as_user(None).get("/leaflets/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_refuses_a_leaflet_without_text_and_shows_why(personas, as_user):
    response = as_user(personas.author).post(
        "/leaflets/new/", _form(seg_key=[""], seg_kind=["paragraph"], seg_text=["   "])
    )

    assert response.status_code == 400
    assert "at least one segment" in response.content.decode()
    assert not Leaflet.objects.exists()


def test_it_refuses_a_missing_title_and_keeps_what_was_typed(personas, as_user):
    response = as_user(personas.author).post("/leaflets/new/", _form(title=""))

    assert response.status_code == 400
    assert "Rest and drink water." in response.content.decode()
    assert not Leaflet.objects.exists()


def test_it_creates_one_leaflet_when_the_same_form_is_sent_twice(personas, as_user):
    client = as_user(personas.author)
    data = _form(_once=once())

    first = client.post("/leaflets/new/", data)
    second = client.post("/leaflets/new/", data, follow=True)

    assert Leaflet.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already sent" in second.content.decode()


def test_the_editor_buttons_rearrange_without_saving_when_javascript_is_off(personas, as_user):
    client = as_user(personas.author)

    moved = client.post("/leaflets/new/", _form(op="down-0"))
    added = client.post("/leaflets/new/", _form(op="add-0"))
    deleted = client.post("/leaflets/new/", _form(op="delete-2"))

    assert not Leaflet.objects.exists()
    assert [r.text for r in moved.context["rows"]] == [
        "Rest and drink water.",
        "Dengue at home",
        "Call 995 if you bleed from the gums.",
    ]
    assert [r.text for r in added.context["rows"]][:2] == ["Dengue at home", ""]
    assert len(deleted.context["rows"]) == 2
    assert Segment.objects.count() == 0


def test_the_form_labels_every_input_and_marks_the_source_language(personas, as_user):
    html = as_user(personas.author).get("/leaflets/new/").content.decode()

    assert 'for="seg-text-1"' in html and 'id="seg-text-1"' in html
    assert 'lang="en"' in html
    assert 'name="_once"' in html
