"""POST /api/leaflets/{id}/jobs/: the leaflet page's "Translate" button (no model endpoint runs here: the rows)."""

from review.models import AuditEvent
from tests.conftest import make_leaflet
from translations.models import Job


def queue(client, leaflet, body):
    return client.post(f"/api/leaflets/{leaflet.pk}/jobs/", body, format="json")


def test_an_author_queues_the_languages_asked_for(leaflet, personas, api_as):
    response = queue(api_as(personas.author), leaflet, {"languages": ["ta", "zh"]})

    assert response.status_code == 202, response.content
    assert sorted(Job.objects.values_list("language", "kind", "leaflet_id", "created_by")) == [
        ("ta", "translate", leaflet.pk, personas.author.pk),
        ("zh", "translate", leaflet.pk, personas.author.pk),
    ]
    listed = response.json()["jobs"]
    assert sorted(j["id"] for j in listed) == sorted(Job.objects.values_list("id", flat=True))
    assert all(j["state"] in ("queued", "running") and j["finished"] is False for j in listed)
    assert AuditEvent.objects.filter(verb="jobs.queued", actor=personas.author).count() == 1


def test_all_queues_every_target_language_once_even_when_sent_twice(leaflet, personas, api_as):
    client = api_as(personas.author)

    first = queue(client, leaflet, {"all": True})
    second = queue(client, leaflet, {"all": True})

    assert sorted(Job.objects.values_list("language", flat=True)) == ["ms", "ta", "zh"]
    assert sorted(j["id"] for j in second.json()["jobs"]) == sorted(j["id"] for j in first.json()["jobs"])


def test_no_language_or_an_unknown_one_is_a_400_and_queues_nothing(personas, api_as):
    chinese_only = make_leaflet(personas.author, languages=("en", "zh"))
    client = api_as(personas.author)

    nothing = queue(client, chinese_only, {})
    not_this_leaflets = queue(client, chinese_only, {"languages": ["ta"]})
    not_a_language = queue(client, chinese_only, {"languages": ["xx"]})
    wrong_type = queue(client, chinese_only, {"languages": "zh"})

    assert nothing.status_code == 400 and "Tick at least one language" in nothing.json()["detail"]
    assert not_this_leaflets.status_code == 400 and "not translated into ta" in not_this_leaflets.json()["detail"]
    assert not_a_language.status_code == 400 and wrong_type.status_code == 400
    assert not Job.objects.exists()


def test_reviewers_and_publishers_get_403_and_outsiders_404(leaflet, personas, api_as):
    assert queue(api_as(personas.reviewer("ta", "native")), leaflet, {"all": True}).status_code == 403
    assert queue(api_as(personas.publisher), leaflet, {"all": True}).status_code == 403
    assert queue(api_as(personas.translator("ta")), leaflet, {"all": True}).status_code == 403
    refused = queue(api_as(personas.outsider), leaflet, {"all": True})
    assert refused.status_code == 404 and refused.json() == {"detail": "Not found."}
    assert queue(api_as(personas.author), type(leaflet)(pk=10**9), {"all": True}).status_code == 404
    assert not Job.objects.exists()
