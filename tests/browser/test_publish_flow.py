"""From a new leaflet to the patient page: author, translation, eight reviewers, publisher."""

import pytest

from review.models import Approval, Publication
from tests.browser.conftest import shot
from tests.conftest import TICO, text_of
from translations.models import Job
from workbench.models import Leaflet

pytestmark = pytest.mark.browser


def test_a_leaflet_goes_from_the_editor_to_the_tamil_patient_page(personas, open_as, model_server, provider, worker):
    author = open_as(personas.author)
    author.goto(f"{author.base_url}/leaflets/new/")
    author.get_by_label("Title").fill("Symptoms check")
    author.get_by_label("Text of segment 1").fill(TICO[0]["en"])
    author.get_by_label("Kind of segment 1").select_option("paragraph")
    author.get_by_label("Text of segment 2").fill(TICO[1]["en"])
    author.get_by_role("button", name="Create leaflet").click()
    author.wait_for_url("**/leaflets/*/")
    leaflet = Leaflet.objects.get(title="Symptoms check")

    # The author asks the model for every language; a real Celery worker runs the three jobs
    # against the scripted model server, and the panels follow them without a reload.
    model_server.latency = 0.3
    author.get_by_role("button", name="Translate all languages").click()
    author.wait_for_url(f"**/leaflets/{leaflet.pk}/#jobs")
    assert author.locator(".job").count() == 3
    shot(author, "leaflet-detail-jobs-running", "en")
    author.wait_for_function(
        "() => [...document.querySelectorAll('.job')].every(j => j.dataset.state === 'succeeded')", timeout=60_000
    )
    shot(author, "leaflet-detail-jobs-succeeded", "en")
    assert set(Job.objects.values_list("state", flat=True)) == {Job.State.SUCCEEDED}
    title, first = text_of(leaflet, "ta").segments.order_by("position")[:2]
    assert (title.text, first.text) == ("அறிகுறி சோதனை", TICO[0]["ta"])

    # The Tamil native-speaker reviewer first asks for a change; the request blocks the text until
    # it changes or they withdraw it. They check again and withdraw it: the text was right.
    tamil = text_of(leaflet, "ta")
    page = open_as(personas.reviewer("ta", "native"))
    page.goto(f"{page.base_url}/review/{tamil.pk}/")
    page.get_by_label("Comment (optional to approve; required to request changes)").first.fill(
        "Please check the word for symptoms."
    )
    page.get_by_role("button", name="Request changes").first.click()
    page.wait_for_load_state()
    assert Approval.objects.filter(decision="changes_requested", text_version=tamil).count() == 1
    page.get_by_role("button", name="Withdraw my change request").click()
    page.wait_for_load_state()
    assert Approval.objects.filter(decision="request_withdrawn", text_version=tamil).count() == 1
    page.context.close()

    for code in ("en", "zh", "ms", "ta"):
        tv = text_of(leaflet, code)
        for stage in ("native", "clinical"):
            page = open_as(personas.reviewer(code, stage))
            page.goto(f"{page.base_url}/review/{tv.pk}/")
            page.on("dialog", lambda dialog: dialog.accept())
            page.get_by_role("button", name="✓ Approve").click()
            page.wait_for_url("**#decisions")
            page.context.close()
    assert Approval.objects.filter(decision="approved").count() == 8

    publisher = open_as(personas.publisher)
    publisher.goto(f"{publisher.base_url}/")
    publisher.get_by_role("link", name="Symptoms check").click()
    assert publisher.locator("table.matrix .cell-ok").count() == 12  # 4 languages x (text + 2 stages)
    publisher.on("dialog", lambda dialog: dialog.accept())
    publisher.get_by_role("button", name="Publish").click()
    publisher.get_by_text("Patients now see it").wait_for()
    assert Publication.objects.get().state == Publication.State.LIVE
    shot(publisher, "publish-matrix-published", "en")

    publisher.get_by_role("link", name="தமிழ்").first.click()
    assert publisher.locator("html").get_attribute("lang") == "ta"
    assert publisher.get_by_text(TICO[0]["ta"]).is_visible()
