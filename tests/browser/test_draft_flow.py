"""An author drafts a leaflet from a brief: a real worker calls the scripted model server."""

import pytest

from tests.browser.conftest import shot
from translations.models import Job
from workbench.models import Leaflet

pytestmark = pytest.mark.browser


def test_an_author_drafts_a_leaflet_from_a_brief(personas, open_as, model_server, provider, worker):
    author = open_as(personas.author)
    author.goto(f"{author.base_url}/leaflets/draft/")
    author.get_by_label("Working title").fill("Dengue at home")
    author.get_by_label("Topic").fill("Dengue fever")
    author.get_by_label("Audience").fill("Adult patients and caregivers")
    author.get_by_label("Key messages").fill("Drink plenty of fluids.\nRest at home.")
    author.get_by_label("What the patient should do").fill("Take paracetamol for fever.")
    author.get_by_label("When to seek help").fill("bleeding gums or drowsiness")
    author.get_by_label("Emergency contacts").fill("995")
    shot(author, "draft-form-filled", "en")
    author.get_by_role("button", name="Start drafting").click()

    # The progress page polls the job and offers the draft when it is there, without a reload.
    author.get_by_role("link", name="Open the draft in the editor").wait_for(timeout=30_000)
    job = Job.objects.get(kind="draft")
    assert job.state == Job.State.SUCCEEDED
    shot(author, "draft-job-succeeded", "en")
    author.get_by_role("link", name="Open the draft in the editor").click()
    author.wait_for_url("**/edit/")
    leaflet = Leaflet.objects.get()
    author.goto(f"{author.base_url}/leaflets/{leaflet.pk}/")
    author.get_by_text("drafted by scripted-model-1").first.wait_for()
    shot(author, "leaflet-drafted-by-model", "en")

    assert leaflet.current_revision.prompt_version == "draft-v2"
    assert leaflet.current_revision.segments.filter(kind="red_flag", text__contains="995").exists()
    sent = model_server.requests[0].payload
    assert sent["task"] == "draft" and sent["brief"]["topic"] == "Dengue fever"
