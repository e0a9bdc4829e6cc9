"""GET /api/texts/{id}/: the text with its segments in order and its unresolved QA findings, and its ETag."""

from review.models import FindingOverride
from review.services import finding_override
from tests.conftest import RED_FLAG, TICO, text_of
from translations.models import Finding, TargetSegment
from workbench.api_base import text_etag
from workbench.models import UserPreference


def test_it_answers_the_segments_in_order_with_the_etag(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = api_as(personas.reviewer("ta", "native")).get(f"/api/texts/{tamil.pk}/")

    assert response.status_code == 200, response.content
    assert response["ETag"] == text_etag(tamil) == f'"{tamil.content_hash}.{tamil.edit_generation}"'
    body = response.json()
    assert body["id"] == tamil.pk and body["language"] == "ta" and body["leaflet"] == translated_leaflet.pk
    assert body["is_current"] is True and body["etag"] == response["ETag"]
    stored = list(
        TargetSegment.objects.filter(text_version=tamil).select_related("source_segment").order_by("position")
    )
    assert [s["key"] for s in body["segments"]] == [str(s.key) for s in stored]
    title, *rows = body["segments"]
    assert title["kind"] == "title" and [r["kind"] for r in rows] == ["paragraph", "paragraph"]
    assert [r["source_text"] for r in rows] == [row["en"] for row in TICO]
    assert [r["target_text"] for r in rows] == [row["ta"] for row in TICO]
    first = rows[0]
    assert first["origin"] == "model" and first["model_name"] == "scripted-model-1"
    assert first["edit_seq"] == stored[1].edit_seq and first["back_translation"] == stored[1].back_translation
    assert "back_translation_chrf" in first


def test_it_renders_the_unresolved_findings_in_the_callers_language(red_flag_leaflet, personas, api_as):
    tamil = text_of(red_flag_leaflet, "ta")
    reviewer = personas.reviewer("ta", "clinical")
    red_flag = TargetSegment.objects.get(text_version=tamil, source_segment__text=RED_FLAG["en"])

    english = api_as(reviewer).get(f"/api/texts/{tamil.pk}/").json()
    UserPreference.objects.create(user=reviewer, ui_language="zh-hans")
    chinese = api_as(reviewer).get(f"/api/texts/{tamil.pk}/").json()

    def messages(body):
        segment = next(s for s in body["segments"] if s["key"] == str(red_flag.key))
        return [(f["check_id"], f["severity"], f["message"]) for f in segment["findings"]]

    assert ("numbers", "error", "The source has 995 (emergency number) but the target does not.") in messages(english)
    assert ("numbers", "error", "原文有 995（紧急电话号码），但译文没有。") in messages(chinese)


def test_an_overridden_finding_is_no_longer_listed(red_flag_leaflet, personas, api_as):
    tamil = text_of(red_flag_leaflet, "ta")
    reviewer = personas.reviewer("ta", "clinical")
    error = Finding.objects.get(text_version=tamil, content_hash=tamil.content_hash, check_id="numbers")
    finding_override(finding=error, reviewer=reviewer, reason="The clinic's own number is given on the back.")
    assert FindingOverride.objects.filter(finding=error).exists()

    body = api_as(reviewer).get(f"/api/texts/{tamil.pk}/").json()

    listed = [f["id"] for s in body["segments"] for f in s["findings"]] + [f["id"] for f in body["findings"]]
    assert error.pk not in listed


def test_people_who_may_not_see_the_text_get_404(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    for caller in (personas.outsider, personas.reviewer("ms", "native"), personas.translator("ms")):
        refused = api_as(caller).get(f"/api/texts/{tamil.pk}/")
        assert refused.status_code == 404 and refused.json() == {"detail": "Not found."}
        assert "ETag" not in refused
    assert api_as(personas.author).get("/api/texts/999999999/").status_code == 404
