"""Changing the title in the editor's details: a new revision, every language back to review."""

from review.models import Approval, Publication
from review.selectors import gate_evaluate
from review.services import leaflet_publish
from tests.web.conftest import revision_rows, segments_post, title_segment
from translations.models import TargetSegment, TextVersion
from workbench.models import Revision


def _details_post(leaflet, **details):
    data = segments_post(
        revision_rows(leaflet.current_revision),
        title=leaflet.title,
        topic=leaflet.topic,
        audience=leaflet.audience,
        base_revision_number=leaflet.current_revision.number,
        note="",
    )
    data.update(details)
    return data


def test_changing_the_title_through_the_details_form_saves_a_new_revision_and_voids_every_approval(
    approved_leaflet, personas, as_user
):
    leaflet = approved_leaflet
    assert gate_evaluate(leaflet=leaflet).open
    old_title = title_segment(leaflet.current_revision)

    response = as_user(personas.author).post(
        f"/leaflets/{leaflet.pk}/edit/", _details_post(leaflet, title="Fever at home")
    )

    leaflet.refresh_from_db()
    assert response.status_code == 302
    current = leaflet.current_revision
    assert current.number == 2 and Revision.objects.filter(leaflet=leaflet).count() == 2
    new_title = title_segment(current)
    assert (new_title.key, new_title.text) == (old_title.key, "Fever at home")
    assert leaflet.title == "Fever at home"
    # Every language of the current revision is a fresh text with no approval, and the gate is shut.
    texts = TextVersion.objects.filter(revision=current)
    assert sorted(texts.values_list("language_id", flat=True)) == ["en", "ms", "ta", "zh"]
    assert not Approval.objects.filter(text_version__in=texts).exists()
    assert Approval.objects.filter(text_version__revision__number=1, decision="approved").count() == 8
    gate = gate_evaluate(leaflet=leaflet)
    assert not gate.open and not any(row.ready for row in gate.rows)
    # The translated titles wait for translation again; the unchanged paragraphs carried over.
    for code in ("zh", "ms", "ta"):
        title = TargetSegment.objects.get(text_version=texts.get(language_id=code), key=old_title.key)
        assert title.text == "" and title.previous_text
        assert not TargetSegment.objects.filter(
            text_version=texts.get(language_id=code), position__gt=0, text=""
        ).exists()
    assert Publication.objects.filter(leaflet=leaflet).count() == 0


def test_a_changed_title_takes_the_live_page_nowhere_until_it_is_approved(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    as_user(personas.author).post(
        f"/leaflets/{approved_leaflet.pk}/edit/", _details_post(approved_leaflet, title="Fever at home")
    )

    html = as_user(None).get(f"/p/{approved_leaflet.pk}/en/").content.decode()
    assert "Fever at home" not in html and "<h1>Symptoms check</h1>" in html


def test_changing_only_topic_and_audience_makes_no_revision(approved_leaflet, personas, as_user):
    response = as_user(personas.author).post(
        f"/leaflets/{approved_leaflet.pk}/edit/",
        _details_post(approved_leaflet, topic="Triage", audience="Adults"),
        follow=True,
    )

    approved_leaflet.refresh_from_db()
    assert (approved_leaflet.topic, approved_leaflet.audience) == ("Triage", "Adults")
    assert approved_leaflet.current_revision.number == 1 and gate_evaluate(leaflet=approved_leaflet).open
    assert "no new revision was made" in response.content.decode()


def test_the_editor_shows_the_title_in_its_own_field_and_not_as_a_segment(leaflet, personas, as_user):
    response = as_user(personas.author).get(f"/leaflets/{leaflet.pk}/edit/")

    html = response.content.decode()
    assert response.context["form"].initial["title"] == "Symptoms check"
    assert [r.kind for r in response.context["rows"]] == ["paragraph", "paragraph"]
    assert 'value="title"' not in html  # not a kind the author can pick


def test_the_editor_refuses_a_segment_posted_as_a_title(leaflet, personas, as_user):
    rows = revision_rows(leaflet.current_revision) + [("", "title", "Another title")]

    response = as_user(personas.author).post(
        f"/leaflets/{leaflet.pk}/edit/", _details_post(leaflet) | segments_post(rows)
    )

    assert response.status_code == 400
    assert "Segment 3 cannot be a title" in response.content.decode()
    assert Revision.objects.filter(leaflet=leaflet).count() == 1
    created = as_user(personas.author).post(
        "/leaflets/new/",
        segments_post(
            [("", "title", "Fever"), ("", "paragraph", "Rest.")],
            title="Fever",
            source_language="en",
            required_languages=["en"],
        ),
    )
    assert created.status_code == 400 and "Segment 1 cannot be a title" in created.content.decode()


def test_the_history_compares_the_title_like_any_segment(leaflet, personas, as_user):
    client = as_user(personas.author)
    client.post(f"/leaflets/{leaflet.pk}/edit/", _details_post(leaflet, title="Symptoms: a check"))

    response = client.get(f"/leaflets/{leaflet.pk}/compare/?old=1&new=2")

    title_row = response.context["rows"][0]
    assert (title_row.status, title_row.new_label, title_row.kind_new) == ("changed", "Title", "title")
    assert "<ins>" in title_row.new_html and "Title</small>" in response.content.decode()
