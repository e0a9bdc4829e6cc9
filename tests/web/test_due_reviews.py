"""Leaflets past or near their next review date are listed for authors and publishers."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from review.selectors import leaflets_due_for_review
from review.services import leaflet_publish
from tests.conftest import approve_everything, make_leaflet, translate_all
from workbench.models import Leaflet
from workbench.services import leaflet_update_details


def _published(personas, title="Symptoms check", interval=24) -> Leaflet:
    leaflet = make_leaflet(personas.author, title=title)
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    if interval != 24:
        leaflet_update_details(
            leaflet=leaflet, user=personas.author, topic="", audience="", review_interval_months=interval
        )
    return leaflet


def test_a_leaflet_is_due_when_its_interval_has_passed_and_near_within_the_window(personas):
    yearly = _published(personas, interval=12)
    today = timezone.localdate()

    assert leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=30, today=today) == []
    near = leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=30, today=today + timedelta(days=340))
    assert [(d.leaflet, d.overdue) for d in near] == [(yearly, False)]
    late = leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=0, today=today + timedelta(days=400))
    assert [(d.leaflet, d.overdue) for d in late] == [(yearly, True)]
    assert late[0].due.year == today.year + 1


def test_each_leaflets_own_interval_counts(personas):
    six_months = _published(personas, interval=6)
    _published(personas, title="Symptoms check 2", interval=36)

    due = leaflets_due_for_review(
        leaflets=Leaflet.objects.all(), within_days=0, today=timezone.localdate() + timedelta(days=200)
    )

    assert [d.leaflet for d in due] == [six_months]


def test_a_withdrawn_or_unpublished_leaflet_is_not_listed(personas):
    from review.models import Publication
    from review.services import publication_withdraw

    leaflet = _published(personas, interval=1)
    make_leaflet(personas.author, title="Symptoms check 2")
    publication_withdraw(
        publication=Publication.objects.get(leaflet=leaflet), user=personas.publisher, reason="Outdated."
    )

    later = timezone.localdate() + timedelta(days=400)
    assert leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=0, today=later) == []


@override_settings(REVIEW_DUE_SOON_DAYS=60)
def test_authors_and_publishers_see_due_leaflets_on_their_home_page_and_reviewers_do_not(personas, as_user):
    leaflet = _published(personas, interval=1)

    for person in (personas.author, personas.publisher):
        html = as_user(person).get("/").content.decode()
        assert "Due for review" in html and f'href="/leaflets/{leaflet.pk}/"' in html
    assert "Due for review" not in as_user(personas.reviewer("ta", "native")).get("/").content.decode()


def test_the_query_count_does_not_grow_with_the_due_leaflets(personas, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _published(personas, interval=1)
    later = timezone.localdate() + timedelta(days=400)
    with CaptureQueriesContext(connection) as one:
        leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=0, today=later)
    for n in range(2, 6):
        _published(personas, title=f"Symptoms check {n}", interval=1 if n % 2 else 6)
    with CaptureQueriesContext(connection) as five:
        assert len(leaflets_due_for_review(leaflets=Leaflet.objects.all(), within_days=0, today=later)) == 5
    assert len(five) == len(one) == 2
