"""A clinician reviews the source text with its sources: the cited passage opens inline, a dosing sentence
without a source is flagged, the approval records what was shown; the author's editor suggests passages.
axe-core finds no serious violation on either page; var/screenshots/clinician-sources.png shows the review."""

from __future__ import annotations

import pytest

from review.models import Approval, AuditEvent
from tests.browser.conftest import ROOT
from tests.browser.test_accessibility import axe_page, serious_violations  # noqa: F401 - the fixture, shared
from tests.conftest import text_of
from workbench.models import Citation
from workbench.services import SegmentInput, leaflet_create, segment_citations_set
from workbench.sources import source_add

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "var" / "screenshots" / "clinician-sources.png"
FLUIDS = "Drink plenty of fluids such as water and soup."
DOSE = "Take 2 tablets of paracetamol twice a day."
GUIDELINE = (
    "Dengue fever spreads through the bite of an infected Aedes mosquito.\n\n"
    "Drink plenty of fluids such as water, soup and juice to prevent dehydration when you have dengue."
)


def _cited_leaflet(personas):
    source = source_add(
        user=personas.author, title="Dengue fever", publisher="Health Promotion Board", language="en", text=GUIDELINE
    )
    leaflet = leaflet_create(
        user=personas.author,
        title="Dengue at home",
        required_languages=["en"],
        segments=[SegmentInput(kind="paragraph", text=FLUIDS), SegmentInput(kind="list_item", text=DOSE)],
    )
    passage = source.passages.order_by("position")[1]
    fluids = leaflet.current_revision.segments.get(text=FLUIDS)
    segment_citations_set(segment=fluids, user=personas.author, passage_ids=[passage.pk])
    return leaflet, passage


def test_a_clinician_checks_the_sources_and_the_approval_records_them(personas, axe_page):  # noqa: F811
    leaflet, passage = _cited_leaflet(personas)
    source_text = text_of(leaflet, "en")
    page = axe_page(personas.reviewer("en", "clinical"))
    page.goto(f"{page.base_url}/review/{source_text.pk}/")

    fluids = page.locator(".seg").nth(1)
    dose = page.locator(".seg").nth(2)
    assert dose.get_by_text("No source cited").is_visible()
    assert fluids.get_by_text("No source cited").count() == 0
    # The passage opens inline, where the sentence it supports is.
    cited = fluids.locator(f'[data-passage="P{passage.pk}"]')
    assert not cited.get_by_text("prevent dehydration").is_visible()
    cited.locator("summary").click()
    assert cited.get_by_text("prevent dehydration").is_visible()
    assert "Health Promotion Board" in cited.inner_text()
    assert serious_violations(page) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="✓ Approve").click()
    page.wait_for_url(f"**/review/{source_text.pk}/#decisions")

    approval = Approval.objects.get(text_version=source_text, stage="clinical")
    event = AuditEvent.objects.get(verb="text.approved", object_id=str(approval.pk))
    segments = leaflet.current_revision.segments
    assert event.data["citations_shown"] == {str(segments.get(text=FLUIDS).key): [passage.pk]}
    assert event.data["unsupported"] == [str(segments.get(text=DOSE).key)]
    assert event.data["citations_confirmed"] is True


def test_the_editor_suggests_passages_and_attaches_one(personas, axe_page):  # noqa: F811
    leaflet, passage = _cited_leaflet(personas)
    page = axe_page(personas.author)
    page.goto(f"{page.base_url}/leaflets/{leaflet.pk}/edit/")

    page.get_by_label("Text of segment 2").fill("Drink plenty of fluids like water, soup and juice.")
    attach = page.get_by_role("button", name=f"Attach P{passage.pk}").first
    attach.wait_for()
    assert serious_violations(page) == []
    attach.click()
    assert page.get_by_label("Passages cited by segment 2").input_value() == f"P{passage.pk}"
    page.get_by_role("button", name="Save as a new revision").click()
    page.wait_for_url(f"**/leaflets/{leaflet.pk}/")

    leaflet.refresh_from_db()
    cited = Citation.objects.get(segment__revision=leaflet.current_revision, segment__kind="list_item")
    assert (cited.passage_id, cited.origin, cited.created_by) == (passage.pk, "author", personas.author)
