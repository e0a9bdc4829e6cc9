"""Editing a leaflet: new revisions, identity of segments, stale screens, double submit."""

from review.models import AuditEvent
from tests.web.conftest import once, revision_rows, segments_post
from workbench.models import Revision


def _post(leaflet, rows, base=None, **extra):
    data = segments_post(
        rows,
        title=leaflet.title,
        topic=leaflet.topic,
        audience=leaflet.audience,
        base_revision_number=base or leaflet.current_revision.number,
        note="",
    )
    data.update(extra)
    return data


def test_it_saves_an_edit_as_a_new_revision_and_keeps_segment_keys(leaflet, personas, as_user):
    rows = revision_rows(leaflet.current_revision)
    rows = [rows[1], (rows[0][0], rows[0][1], "about how long have you had these symptoms?")]  # reorder + edit

    response = as_user(personas.author).post(f"/leaflets/{leaflet.pk}/edit/", _post(leaflet, rows))

    leaflet.refresh_from_db()
    assert response.status_code == 302
    assert leaflet.current_revision.number == 2
    saved = revision_rows(leaflet.current_revision)
    assert [r[0] for r in saved] == [rows[0][0], rows[1][0]]  # identity survived the move and the edit
    assert saved[1][2] == "about how long have you had these symptoms?"


def test_it_makes_no_revision_when_nothing_changed(leaflet, personas, as_user):
    response = as_user(personas.author).post(
        f"/leaflets/{leaflet.pk}/edit/", _post(leaflet, revision_rows(leaflet.current_revision)), follow=True
    )

    assert Revision.objects.filter(leaflet=leaflet).count() == 1
    assert "Nothing changed" in response.content.decode()


def test_it_makes_one_revision_when_the_same_edit_is_sent_twice(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    rows[0] = (rows[0][0], rows[0][1], "how long have these symptoms been going on?")
    data = _post(leaflet, rows, _once=once())

    first = client.post(f"/leaflets/{leaflet.pk}/edit/", data)
    second = client.post(f"/leaflets/{leaflet.pk}/edit/", data, follow=True)

    assert Revision.objects.filter(leaflet=leaflet).count() == 2
    assert not Revision.objects.filter(leaflet=leaflet, is_conflict=True).exists()
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already sent" in second.content.decode()


def test_a_repeated_edit_without_the_form_token_makes_no_conflict_revision(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    rows[0] = (rows[0][0], rows[0][1], "how long have these symptoms been going on?")
    data = _post(leaflet, rows)

    client.post(f"/leaflets/{leaflet.pk}/edit/", data)
    client.post(f"/leaflets/{leaflet.pk}/edit/", data)

    assert Revision.objects.filter(leaflet=leaflet).count() == 2


def test_it_keeps_an_edit_from_a_stale_screen_as_a_conflict_and_shows_the_comparison(leaflet, personas, as_user):
    base_rows = revision_rows(leaflet.current_revision)
    theirs = list(base_rows)
    theirs[0] = (theirs[0][0], theirs[0][1], "how long have the symptoms lasted?")
    as_user(personas.second_author).post(f"/leaflets/{leaflet.pk}/edit/", _post(leaflet, theirs, base=1))
    mine = list(base_rows)
    mine[1] = (mine[1][0], mine[1][1], "i will send you a photo")

    response = as_user(personas.author).post(f"/leaflets/{leaflet.pk}/edit/", _post(leaflet, mine, base=1))

    leaflet.refresh_from_db()
    conflict = Revision.objects.get(leaflet=leaflet, is_conflict=True)
    assert response.status_code == 302
    assert response["Location"] == f"/leaflets/{leaflet.pk}/conflict/{conflict.number}/"
    assert leaflet.current_revision.number == 2  # theirs stays current
    assert revision_rows(conflict)[1][2] == "i will send you a photo"  # mine is kept

    page = as_user(personas.author).get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "nothing was lost" in html
    assert "<ins>a photo</ins>" in html
    editor = as_user(personas.author).get(f"/leaflets/{leaflet.pk}/edit/?from={conflict.number}")
    assert [r.text for r in editor.context["rows"]][1] == "i will send you a photo"
    assert editor.context["form"].initial["base_revision_number"] == 2


def test_it_updates_title_topic_and_audience(leaflet, personas, as_user):
    data = _post(leaflet, revision_rows(leaflet.current_revision))
    data.update(title="Symptom questions", topic="Triage", audience="Clinic patients")

    as_user(personas.author).post(f"/leaflets/{leaflet.pk}/edit/", data)

    leaflet.refresh_from_db()
    assert (leaflet.title, leaflet.topic, leaflet.audience) == ("Symptom questions", "Triage", "Clinic patients")
    assert AuditEvent.objects.filter(verb="leaflet.details_changed").count() == 1


def test_it_refuses_a_segment_over_the_length_limit_with_a_message(leaflet, personas, as_user, settings):
    rows = revision_rows(leaflet.current_revision)
    rows[0] = (rows[0][0], rows[0][1], "x" * 25_000)

    response = as_user(personas.author).post(f"/leaflets/{leaflet.pk}/edit/", _post(leaflet, rows))

    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_it_refuses_reviewers_with_403_and_outsiders_with_404(leaflet, personas, as_user):
    data = _post(leaflet, [("", "paragraph", "replaced")])
    assert as_user(personas.reviewer("ta", "native")).post(f"/leaflets/{leaflet.pk}/edit/", data).status_code == 403
    assert as_user(personas.outsider).post(f"/leaflets/{leaflet.pk}/edit/", data).status_code == 404
    assert as_user(personas.outsider).get(f"/leaflets/{leaflet.pk}/edit/").status_code == 404
    assert Revision.objects.filter(leaflet=leaflet).count() == 1
