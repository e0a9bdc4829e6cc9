"""Drive translation jobs in-process, one step at a time, against the scripted model server.

The Celery tasks are one-liners around these same service calls; running the
steps here makes every failure kind deterministic. The end-to-end tests in
test_worker_end_to_end.py run the same jobs through a real worker.
"""

from __future__ import annotations

from translations import batches, jobs
from translations.models import Job, JobBatch


def run_job_inline(job: Job, *, max_rounds: int = 20) -> Job:
    """Do what the worker would do with the messages the job queued."""
    jobs.translation_job_start(job_id=job.pk)  # a no-op when queueing already planned it
    job.refresh_from_db()
    if job.state == Job.State.RUNNING and not JobBatch.objects.filter(job=job).exists():
        batches.job_finish_if_done(job_id=job.pk)  # what the finish_job message does
    for _ in range(max_rounds):
        pending = list(JobBatch.objects.filter(job=job, state=JobBatch.State.QUEUED).order_by("id"))
        if not pending:
            break
        for batch in pending:
            batches.batch_run(batch_id=batch.pk)
    job.refresh_from_db()
    return job
