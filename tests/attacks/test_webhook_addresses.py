"""Webhook endpoints: the workbench makes requests to any address staff give it, and keeps the answer."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from review.models import WebhookEndpoint
from review.webhooks import webhook_endpoint_save


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("helpdesk", password=None, is_staff=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",  # cloud metadata
        "http://127.0.0.1:6379/",  # the workbench's own Redis
        "http://localhost:8000/admin/",
        "http://[::1]:5432/",
        "http://10.0.0.5/internal",
    ],
)
def test_it_refuses_a_webhook_endpoint_on_an_internal_address(staff, url):
    # The last 2,000 characters of the answer are stored (last_response) and shown to staff by
    # GET /api/webhooks/deliveries/: an internal address is a read-back SSRF.
    with pytest.raises(ValidationError):
        webhook_endpoint_save(endpoint=WebhookEndpoint(url=url, events=["leaflet.published"]), user=staff)
    assert not WebhookEndpoint.objects.filter(url=url).exists()
