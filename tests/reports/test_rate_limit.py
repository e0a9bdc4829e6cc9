"""Reports are limited per sender and per leaflet, counted in the database (no cache needed, no address kept)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from review.models import ProblemReport
from review.reports import RateLimited, client_hash
from tests.reports.conftest import post_report, submit


def test_it_refuses_the_sixth_report_from_one_sender_within_ten_minutes(published, as_user):
    client = as_user(None)
    for _ in range(5):
        assert post_report(client, published, address="203.0.113.7").status_code == 201

    response = post_report(client, published, address="203.0.113.7")

    assert response.status_code == 429
    assert "try again in a few minutes" in response.content.decode()
    assert "care team" in response.content.decode()
    assert ProblemReport.objects.count() == 5
    # Another reader is not held up by the first one.
    assert post_report(client, published, address="203.0.113.8").status_code == 201
    assert ProblemReport.objects.count() == 6


def test_it_counts_a_sender_across_leaflets_and_languages(published, as_user):
    for lang in ("en", "zh", "ms", "ta", "en"):
        submit(published, lang=lang, address="203.0.113.7")

    with pytest.raises(RateLimited):
        submit(published, lang="zh", address="203.0.113.7")
    assert ProblemReport.objects.count() == 5


def test_reports_older_than_the_window_no_longer_count(published):
    for _ in range(5):
        submit(published, address="203.0.113.7")
    ProblemReport.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    submit(published, address="203.0.113.7")

    assert ProblemReport.objects.count() == 6


def test_it_caps_the_reports_about_one_leaflet_per_hour_from_anyone(published, settings):
    settings.PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR = 3
    for n in range(3):
        submit(published, address=f"198.51.100.{n}")

    with pytest.raises(RateLimited):
        submit(published, address="198.51.100.99")
    assert ProblemReport.objects.count() == 3


def test_it_keeps_a_keyed_hash_of_the_address_never_the_address(published):
    report = submit(published, address="203.0.113.7")

    assert report.client_hash == client_hash("203.0.113.7") != client_hash("203.0.113.8")
    assert "203.0.113.7" not in report.client_hash
    assert ProblemReport.objects.filter(client_hash__contains="203.0.113").count() == 0


def test_the_limit_for_one_sender_comes_from_settings(published, settings):
    settings.PROBLEM_REPORTS_PER_CLIENT = 2
    submit(published, address="203.0.113.7")
    submit(published, address="203.0.113.7")

    with pytest.raises(RateLimited):
        submit(published, address="203.0.113.7")
