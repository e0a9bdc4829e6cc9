"""The home page shows each role its own section; several roles, several sections."""

from review.services import translation_approve
from tests.conftest import make_leaflet, text_of, translate_all
from tests.support.review import seen


def test_an_author_sees_their_leaflets_with_the_state_of_each_language(translated_leaflet, personas, as_user):
    translation_approve(
        text_version=text_of(translated_leaflet, "ta"),
        expected_hash=seen(text_of(translated_leaflet, "ta")),
        reviewer=personas.reviewer("ta", "native"),
        stage="native",
    )

    response = as_user(personas.author).get("/")

    html = response.content.decode()
    (state,) = response.context["sections"].author
    assert state.leaflet == translated_leaflet
    assert "Your leaflets" in html and "Symptoms check" in html
    assert "Tamil: awaiting Clinician review." in html
    assert response.context["sections"].queue is None


def test_a_reviewer_sees_their_queue_oldest_first_with_qa_error_counts(red_flag_leaflet, personas, as_user):
    older = red_flag_leaflet
    newer = make_leaflet(personas.author, title="Second leaflet")
    translate_all(newer)

    response = as_user(personas.reviewer("ta", "native")).get("/")

    queue = response.context["sections"].queue
    assert [item.leaflet for item in queue] == [older, newer]
    assert [item.errors for item in queue] == [1, 0]
    assert response.context["sections"].author is None


def test_a_publisher_sees_ready_and_blocked_leaflets_with_reasons(approved_leaflet, personas, as_user):
    blocked = make_leaflet(personas.author, title="Blocked leaflet")

    response = as_user(personas.publisher).get("/")

    sections = response.context["sections"]
    assert [s.leaflet for s in sections.ready] == [approved_leaflet]
    assert [s.leaflet for s in sections.blocked] == [blocked]
    assert "English: awaiting Native-speaker review." in response.content.decode()


def test_a_person_with_two_roles_sees_two_sections(translated_leaflet, personas, as_user):
    from django.contrib.auth.models import Group

    personas.author.groups.add(Group.objects.get(name="Publishers"))

    sections = as_user(personas.author).get("/").context["sections"]

    assert sections.author is not None and sections.blocked is not None


def test_an_outsider_is_told_they_have_no_role(personas, as_user):
    response = as_user(personas.outsider).get("/")
    assert response.status_code == 200 and "No role yet" in response.content.decode()


def test_the_queue_drops_a_text_once_the_reviewer_decided(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.dual_tamil)
    assert len(client.get("/").context["sections"].queue) == 2  # one per stage
    translation_approve(text_version=tamil, expected_hash=seen(tamil), reviewer=personas.dual_tamil, stage="native")
    assert [i.stage for i in client.get("/").context["sections"].queue] == ["clinical"]
