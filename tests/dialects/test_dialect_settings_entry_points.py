"""A dialect setting the endpoint families do not have is refused through every way a provider changes;
one written into the database behind the services' back is healed by the first call it breaks."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from review.models import AuditEvent
from tests.conftest import make_leaflet
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Job, Provider
from translations.provider_services import provider_save, providers_sync, sync_providers_from_settings

ENTRY = {"name": "gpt5", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-5-mini", "family": "openai"}


def test_it_refuses_an_unknown_reasoning_effort_in_the_json_configuration(db):
    with override_settings(
        MODEL_PROVIDERS_JSON='{"providers": [{"name": "gpt5", "base_url": "http://127.0.0.1:9/v1", '
        '"model": "gpt-5-mini", "reasoning_effort": "extreme"}]}'
    ):
        with pytest.raises(ImproperlyConfigured, match="reasoning_effort"):
            sync_providers_from_settings()
    assert not Provider.objects.exists()


def test_it_refuses_an_unknown_reasoning_effort_given_to_the_sync_directly(db):
    with pytest.raises(ImproperlyConfigured, match="reasoning_effort"):
        providers_sync({"providers": [{**ENTRY, "reasoning_effort": "extreme"}]})
    assert not Provider.objects.exists()


def test_it_refuses_an_unknown_reasoning_effort_saved_through_the_admins_service(db):
    providers_sync({"providers": [ENTRY]})
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    provider = Provider.objects.get(name="gpt5")
    provider.reasoning_effort = "extreme"

    with pytest.raises(ValidationError) as refused:
        provider_save(actor=root, provider=provider)

    assert "reasoning_effort" in refused.value.message_dict
    assert Provider.objects.get(name="gpt5").reasoning_effort == ""


def test_one_written_into_the_database_directly_is_healed_by_the_first_refusal(personas, model_server, needs_redis):
    model_server.dialect = "openai-reasoning"
    providers_sync({"providers": [{**ENTRY, "base_url": model_server.base_url, "timeout_s": 5}]})
    Provider.objects.filter(name="gpt5").update(reasoning_effort="extreme")  # behind every service's back
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))

    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author)[0])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert Provider.objects.get(name="gpt5").reasoning_effort == ""
    assert AuditEvent.objects.get(verb="provider.healed").data["refused"] == "reasoning_effort"
