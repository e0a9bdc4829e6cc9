"""GET /api/jobs/: the jobs the caller may see, filtered, paginated, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review import permissions
from tests.conftest import make_leaflet
from translations import jobs
from translations.models import Job


def translate(leaflet, user, languages=None):
    return jobs.job_queue_translation(leaflet=leaflet, user=user, languages=languages)


def listed(client, query="") -> list[int]:
    response = client.get(f"/api/jobs/{query}")
    assert response.status_code == 200, response.content
    return [job["id"] for job in response.json()["results"]]


def test_each_caller_sees_the_jobs_they_may_see_newest_first(personas, api_as):
    chinese_only = make_leaflet(personas.author, languages=("en", "zh"))
    tamil_too = make_leaflet(personas.author, languages=("en", "zh", "ta"))
    zh_job = translate(chinese_only, personas.author)[0]
    both = translate(tamil_too, personas.author)
    # A draft of a leaflet that does not exist yet: the authors' work.
    draft = Job.objects.create(kind=Job.Kind.DRAFT, created_by=personas.author, language="en", state="failed")

    everything = sorted(Job.objects.values_list("id", flat=True), reverse=True)
    assert listed(api_as(personas.author)) == everything
    assert sorted(listed(api_as(personas.reviewer("ta", "native")))) == sorted(j.pk for j in both)
    assert sorted(listed(api_as(personas.reviewer("zh", "clinical")))) == sorted([zh_job.pk, *(j.pk for j in both)])
    assert listed(api_as(personas.outsider)) == []
    # The list and the job's own check agree, for every persona.
    for user in (personas.publisher, personas.translator("ta"), personas.reviewer("ms", "native"), personas.author):
        seen = set(listed(api_as(user)))
        assert seen == {job.pk for job in Job.objects.all() if permissions.can_view_job(user, job)}, user
    assert draft.pk not in listed(api_as(personas.publisher))


def test_it_filters_by_leaflet_and_state(personas, api_as):
    first, second = make_leaflet(personas.author), make_leaflet(personas.author, title="Second leaflet")
    translate(first, personas.author, ["ta"])
    cancelled = jobs.job_cancel(job=translate(second, personas.author, ["zh"])[0], user=personas.author)
    running = translate(second, personas.author, ["ms"])[0]
    client = api_as(personas.author)

    assert sorted(listed(client, f"?leaflet={second.pk}")) == sorted([cancelled.pk, running.pk])
    assert listed(client, f"?leaflet={second.pk}&state=cancelled") == [cancelled.pk]
    assert listed(client, "?state=succeeded") == []


def test_a_bad_filter_is_a_400_and_a_leaflet_that_is_not_there_lists_nothing(leaflet, personas, api_as):
    translate(leaflet, personas.author, ["ta"])
    client = api_as(personas.author)

    for query in ("?state=exploded", "?leaflet=abc", "?leaflet=1.5", f"?leaflet={2**63}"):
        response = client.get(f"/api/jobs/{query}")
        assert response.status_code == 400 and "detail" in response.json(), query
    for query in ("?leaflet=-1", f"?leaflet={2**63 - 1}"):
        assert listed(client, query) == [], query


def test_it_is_paginated(personas, api_as):
    leaflet = make_leaflet(personas.author)
    translate(leaflet, personas.author)

    page = api_as(personas.author).get("/api/jobs/?page_size=2").json()

    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert api_as(personas.author).get("/api/jobs/?page=9").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_jobs(personas, api_as):
    def queries(user) -> int:
        client = api_as(user)
        client.get("/api/jobs/")  # the token's first use records it
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/jobs/").status_code == 200
        return len(captured)  # now: a later request empties the log it reads

    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate(leaflet, personas.author)
    few = {"author": queries(personas.author), "reviewer": queries(personas.reviewer("ta", "native"))}
    for n in range(4):
        more = make_leaflet(personas.author, title=f"Race {n}")
        translate(more, personas.author)
    assert Job.objects.count() == 13
    many = {"author": queries(personas.author), "reviewer": queries(personas.reviewer("ta", "native"))}

    assert few == many
