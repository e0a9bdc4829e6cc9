"""A task interrupted by a database error runs its batch again at once, holding the claim it made.

Without this, the retry found its own earlier claim in the way (a RUNNING batch is claimed again only
after the lease) and the batch waited MODEL_BATCH_LEASE_S (15 minutes by default) for the recovery
sweep after every database restart (tests/faults/test_database_restart.py restarts PostgreSQL under
a real worker).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_leaflet
from translations import batches, jobs
from translations.models import JobBatch, TargetSegment

pytestmark = pytest.mark.faults


def claimed_then_interrupted(personas) -> tuple[JobBatch, object]:
    """A batch a task claimed just before the database went away (the claim is all it wrote)."""
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)[0]
    batch = JobBatch.objects.get(job=job)
    batches.claim_forget()
    assert batches._claim(batch.pk) is not None
    held = batches.claim_held()
    assert held is not None and held[0] == batch.pk
    return batch, held[1]


def test_the_retry_holding_its_claim_runs_the_batch_at_once(personas, provider, model_server):
    batch, claimed_at = claimed_then_interrupted(personas)
    assert batches.batch_run(batch_id=batch.pk).send == []  # a plain redelivery waits for the lease
    assert model_server.requests == []

    batches.batch_run(batch_id=batch.pk, reclaim=claimed_at)

    batch.refresh_from_db()
    assert batch.state == JobBatch.State.SUCCEEDED and batch.attempts == 1  # the endpoint never failed
    assert len([r for r in model_server.requests if r.task == "translate"]) == 1
    assert not TargetSegment.objects.filter(text_version__jobs=batch.job_id, text="").exists()


def test_a_claim_taken_over_since_is_not_the_retrys_to_use(personas, provider, model_server):
    batch, claimed_at = claimed_then_interrupted(personas)
    # The lease lapsed and the recovery gave the batch to another worker, which claimed it anew.
    JobBatch.objects.filter(pk=batch.pk).update(claimed_at=timezone.now() - batches.lease() - timedelta(seconds=1))
    assert batches._claim(batch.pk) is not None

    batches.batch_run(batch_id=batch.pk, reclaim=claimed_at)

    batch.refresh_from_db()
    assert batch.state == JobBatch.State.RUNNING  # still the other worker's
    assert model_server.requests == []
