"""The job panels follow their job without a reload (polling /jobs/<id>/progress/ every 1.5 s).

No model runs here: the test moves the job row the way a worker does (progress, then failure) and
watches the panel. The real worker and model server drive the same panel in tests/jobs.
"""

import pytest

from tests.browser.conftest import shot
from tests.conftest import make_leaflet
from translations.jobs import job_queue_translation
from translations.models import Job

pytestmark = pytest.mark.browser


def test_the_panel_shows_progress_then_the_failure_with_retry(personas, open_as):
    leaflet = make_leaflet(personas.author)
    (job,) = job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])
    page = open_as(personas.author)
    page.goto(f"{page.base_url}/leaflets/{leaflet.pk}/")
    panel = page.locator(f"#job-{job.pk}")
    # Queueing plans the job at once; no worker runs here, so it stays running
    # while this test moves its row along to watch the panel follow.
    assert panel.locator("[data-state-label]").inner_text() == "Running"

    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, progress_done=1)
    page.wait_for_function(
        f"() => document.querySelector('#job-{job.pk} [data-done]').textContent === '1'", timeout=5000
    )
    assert panel.locator("progress").evaluate("p => [p.value, p.max]") == [1, 3]  # the title and two paragraphs
    assert panel.locator("[data-state-label]").inner_text() == "Running"

    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="The model endpoint did not answer in time.")
    panel.get_by_text("The model endpoint did not answer in time.").wait_for(timeout=5000)
    assert panel.get_by_role("button", name="Retry").is_visible()
    assert not panel.get_by_role("button", name="Cancel").is_visible()
    shot(page, "job-failed", "en")

    panel.get_by_role("button", name="Retry").click()
    page.wait_for_load_state()
    assert (
        Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING], language="ta").exclude(pk=job.pk).count()
        == 1
    )
