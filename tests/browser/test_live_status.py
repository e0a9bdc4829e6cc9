"""A status changes on the leaflet page without a reload: a real worker translates with the scripted model
while the page, opened before the job ended, follows it (workbench/static/workbench/live_status.js)."""

import pytest

from tests.conftest import make_leaflet
from translations.models import Job

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def tamil_status(page):
    return page.locator("#languages tr", has_text="Tamil").locator("[data-text-status]")


def test_the_leaflet_page_follows_a_translation_to_its_end_without_a_reload(
    personas, open_as, provider, model_server, worker
):
    model_server.latency = 1.0  # long enough to see the job running on the page
    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    page = open_as(personas.author)
    page.goto(f"{page.base_url}/leaflets/{leaflet.pk}/")
    assert tamil_status(page).inner_text() == "Awaiting translation"

    page.get_by_role("button", name="Translate all languages").click()
    page.wait_for_load_state()
    job = Job.objects.get(leaflet=leaflet, language="ta")
    assert tamil_status(page).inner_text() == "translating now"
    page.evaluate("() => { window.notReloaded = true; }")

    tamil_status(page).get_by_text("translated", exact=True).wait_for(timeout=60000)

    assert page.evaluate("() => window.notReloaded") is True  # the same page, not a reload
    assert Job.objects.get(pk=job.pk).state == Job.State.SUCCEEDED
    panel = page.locator(f"#job-{job.pk}")
    assert panel.locator("[data-state-label]").inner_text() == "Succeeded"
    row = page.locator("#languages tr", has_text="Tamil")
    assert row.get_attribute("data-live-job") is None  # nothing runs: nothing is followed any more
    assert "waiting for a Tamil native speaker" in page.locator("#languages").inner_text()
    assert page.js_errors == []
