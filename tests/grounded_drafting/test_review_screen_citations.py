"""The source-language review screen shows each segment's cited passages; an approval records what was shown."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval, AuditEvent
from review.selectors import text_citations
from review.services import translation_approve
from tests.conftest import text_of
from tests.grounded_drafting.conftest import passages_of
from tests.support.review import seen
from workbench.services import SegmentInput, leaflet_create, segment_citations_set
from workbench.sources import source_retire

FLUIDS = "Drink plenty of fluids such as water and soup."
DOSE = "Take 2 tablets of paracetamol twice a day."


@pytest.fixture
def cited(personas, add_source):
    source = add_source(published_on=date(2025, 3, 1))
    leaflet = leaflet_create(
        user=personas.author,
        title="Dengue at home",
        required_languages=["en", "zh"],
        segments=[SegmentInput(kind="paragraph", text=FLUIDS), SegmentInput(kind="list_item", text=DOSE)],
    )
    fluids = leaflet.current_revision.segments.get(text=FLUIDS)
    passage = passages_of(source)[1]
    segment_citations_set(segment=fluids, user=personas.author, passage_ids=[passage.pk])
    return leaflet, source, passage


def screen(client, tv) -> str:
    return client.get(f"/review/{tv.pk}/").content.decode()


def test_the_clinician_sees_the_cited_passage_inline_with_its_source(personas, as_user, cited):
    leaflet, source, passage = cited

    page = screen(as_user(personas.reviewer("en", "clinical")), text_of(leaflet, "en"))

    item = page[page.index(f'data-passage="P{passage.pk}"') :]
    item = item[: item.index("</li>")]
    assert "<details>" in item and passage.text in item
    assert source.title in item and "Health Promotion Board" in item and "2025-03-01" in item
    assert "retired source" not in item


def test_a_retired_source_is_still_shown_and_marked_retired(personas, as_user, cited):
    leaflet, source, passage = cited
    source_retire(source=source, user=personas.author, reason="Superseded by the 2026 guideline")

    page = screen(as_user(personas.reviewer("en", "clinical")), text_of(leaflet, "en"))

    item = page[page.index(f'data-passage="P{passage.pk}"') :]
    assert "retired source" in item[: item.index("</li>")]


def test_a_translation_screen_shows_no_sources(personas, as_user, cited):
    leaflet, _source, passage = cited

    page = screen(as_user(personas.reviewer("zh", "clinical")), text_of(leaflet, "zh"))

    assert f"P{passage.pk}" not in page and "No source cited" not in page


def test_the_approval_records_the_citations_and_flags_that_were_shown(personas, as_user, cited):
    leaflet, _source, passage = cited
    tv = text_of(leaflet, "en")
    client = as_user(personas.reviewer("en", "clinical"))
    digest = re.search(r'name="expected_citations" value="([0-9a-f]{64})"', screen(client, tv)).group(1)

    client.post(
        f"/review/{tv.pk}/decision/",
        {"action": "approve", "stage": "clinical", "expected_hash": tv.content_hash, "expected_citations": digest},
    )

    approval = Approval.objects.get(text_version=tv, stage="clinical")
    event = AuditEvent.objects.get(verb="text.approved", object_id=str(approval.pk))
    revision = leaflet.current_revision
    fluids, dose = revision.segments.get(text=FLUIDS), revision.segments.get(text=DOSE)
    assert event.data["citations_shown"] == {str(fluids.key): [passage.pk]}
    assert event.data["unsupported"] == [str(dose.key)]
    assert event.data["citations_confirmed"] is True


def test_it_refuses_an_approval_from_a_screen_showing_other_citations(personas, as_user, cited, add_source):
    leaflet, _source, _passage = cited
    tv = text_of(leaflet, "en")
    client = as_user(personas.reviewer("en", "clinical"))
    digest = re.search(r'name="expected_citations" value="([0-9a-f]{64})"', screen(client, tv)).group(1)
    dose = leaflet.current_revision.segments.get(text=DOSE)
    # Meanwhile an author attaches a passage to the dosing sentence: the text is the same, the evidence is not.
    segment_citations_set(segment=dose, user=personas.author, passage_ids=[passages_of(add_source())[0].pk])

    response = client.post(
        f"/review/{tv.pk}/decision/",
        {"action": "approve", "stage": "clinical", "expected_hash": tv.content_hash, "expected_citations": digest},
        follow=True,
    )

    assert "The citations changed while you were reviewing" in response.content.decode()
    assert not Approval.objects.filter(text_version=tv).exists()


def test_an_approval_without_a_screen_records_the_citations_as_not_confirmed(personas, cited):
    leaflet, _source, passage = cited
    tv = text_of(leaflet, "en")

    approval = translation_approve(
        text_version=tv, reviewer=personas.reviewer("en", "native"), stage="native", expected_hash=seen(tv)
    )

    event = AuditEvent.objects.get(verb="text.approved", object_id=str(approval.pk))
    assert event.data["citations_confirmed"] is False
    assert event.data["citations_shown"] == text_citations(text_version=tv).shown()["citations_shown"]


def test_it_refuses_a_wrong_digest_in_the_service(personas, cited):
    leaflet, _source, _passage = cited
    tv = text_of(leaflet, "en")

    with pytest.raises(ValidationError, match="citations changed"):
        translation_approve(
            text_version=tv,
            reviewer=personas.reviewer("en", "clinical"),
            stage="clinical",
            expected_hash=seen(tv),
            expected_citations="0" * 64,
        )
