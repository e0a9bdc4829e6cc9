"""The option: which languages of a leaflet are translated twice, set when it is created or edited, audited."""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.conftest import TICO, make_leaflet
from workbench.models import Leaflet
from workbench.services import SegmentInput, leaflet_create, leaflet_update_details


def test_a_new_leaflet_names_its_dual_languages_in_its_own_order(personas):
    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "zh", "ms", "ta"],
        dual_forward_languages=["ta", "ms", "ta"],
        segments=[SegmentInput(kind="paragraph", text=TICO[0]["en"])],
    )

    assert Leaflet.objects.get(pk=leaflet.pk).dual_forward_languages == ["ms", "ta"]
    assert AuditEvent.objects.get(verb="leaflet.created").data["dual_forward_languages"] == ["ms", "ta"]


@pytest.mark.parametrize("codes", [["en"], ["ta"], ["xx"]])
def test_it_refuses_the_source_or_a_language_the_leaflet_does_not_have(personas, codes):
    with pytest.raises(ValidationError):
        leaflet_create(
            user=personas.author,
            title="Symptoms check",
            required_languages=["en", "ms"],
            dual_forward_languages=codes,
            segments=[SegmentInput(kind="paragraph", text=TICO[0]["en"])],
        )

    assert not Leaflet.objects.exists()


def test_changing_the_option_is_audited_and_leaving_it_out_keeps_it(personas):
    leaflet = make_leaflet(personas.author)

    leaflet_update_details(leaflet=leaflet, user=personas.author, topic="", audience="", dual_forward_languages=["zh"])
    leaflet_update_details(leaflet=leaflet, user=personas.author, topic="Triage", audience="")

    leaflet.refresh_from_db()
    assert leaflet.dual_forward_languages == ["zh"]
    first, second = AuditEvent.objects.filter(verb="leaflet.details_changed").order_by("id")
    assert (first.data["before"]["dual_forward_languages"], first.data["after"]["dual_forward_languages"]) == (
        [],
        ["zh"],
    )
    assert "dual_forward_languages" not in second.data["after"]


def test_the_edit_page_sets_it_and_the_leaflet_page_shows_it(personas, as_user):
    leaflet = make_leaflet(personas.author)
    client = as_user(personas.author)
    page = client.get(f"/leaflets/{leaflet.pk}/edit/")
    assert page.status_code == 200 and 'name="dual_forward_languages"' in page.content.decode()
    form = page.context["form"]
    data = {
        "title": "Symptoms check",
        "topic": "",
        "audience": "",
        "review_interval_months": "24",
        "base_revision_number": str(form.initial["base_revision_number"]),
        "note": "",
        "dual_forward_languages": ["ta"],
        "seg_key": [r.key for r in page.context["rows"]],
        "seg_kind": [r.kind for r in page.context["rows"]],
        "seg_text": [r.text for r in page.context["rows"]],
    }

    response = client.post(f"/leaflets/{leaflet.pk}/edit/", data)

    assert response.status_code == 302
    leaflet.refresh_from_db()
    assert leaflet.dual_forward_languages == ["ta"] and leaflet.current_revision.number == 1
    assert "translated twice" in client.get(f"/leaflets/{leaflet.pk}/").content.decode()
