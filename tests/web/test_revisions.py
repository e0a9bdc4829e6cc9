"""Revision history and the side-by-side diff."""

from tests.web.conftest import revision_rows, segments_post


def _save(client, leaflet, rows):
    leaflet.refresh_from_db()
    return client.post(
        f"/leaflets/{leaflet.pk}/edit/",
        segments_post(
            rows, title=leaflet.title, topic="", audience="", base_revision_number=leaflet.current_revision.number
        ),
    )


def test_the_history_lists_every_revision_newest_first(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    _save(client, leaflet, [rows[0], (rows[1][0], rows[1][1], "i will send you a photo")])

    page = client.get(f"/leaflets/{leaflet.pk}/revisions/")

    assert [r.number for r in page.context["page"]] == [2, 1]


def test_the_diff_marks_changed_words_and_escapes_the_text(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    _save(client, leaflet, [rows[0], (rows[1][0], rows[1][1], "i will send you an <b>image</b> & a video")])

    html = client.get(f"/leaflets/{leaflet.pk}/compare/?old=1&new=2").content.decode()

    assert "<ins>&lt;b&gt;image&lt;/b&gt; &amp; a video</ins>" in html
    assert "<del>image</del>" in html
    assert "<b>image</b>" not in html


def test_the_diff_shows_added_and_removed_segments(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    _save(client, leaflet, [rows[0], ("", "red_flag", "Call 995 if you faint.")])

    response = client.get(f"/leaflets/{leaflet.pk}/compare/?old=1&new=2")

    assert [r.status for r in response.context["rows"]] == ["same", "same", "added", "removed"]  # title first


def test_the_diff_marks_a_moved_segment(leaflet, personas, as_user):
    client = as_user(personas.author)
    rows = revision_rows(leaflet.current_revision)
    _save(client, leaflet, [rows[1], rows[0]])

    response = client.get(f"/leaflets/{leaflet.pk}/compare/?old=1&new=2")

    # Of two swapped paragraphs one moved relative to the other: one row says so. The title stays put.
    rows = response.context["rows"]
    assert rows[0].status == "same" and rows[0].new_label == "Title"
    assert sorted(r.status for r in rows[1:]) == ["moved", "same"]


def test_an_unknown_revision_number_is_404(leaflet, personas, as_user):
    client = as_user(personas.author)
    assert client.get(f"/leaflets/{leaflet.pk}/compare/?old=1&new=9").status_code == 404
    assert client.get(f"/leaflets/{leaflet.pk}/compare/?old=x&new=1").status_code == 404
    assert client.get(f"/leaflets/{leaflet.pk}/conflict/1/").status_code == 404  # not a conflict revision
