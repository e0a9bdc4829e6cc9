"""An approval's audit event says what was approved and where each segment's text came from."""

from review.models import AuditEvent
from review.selectors import unresolved_errors
from review.services import finding_override, translation_approve
from tests.conftest import make_leaflet, text_of
from tests.support.review import seen
from translations.models import Job, Provider, TargetSegment
from translations.text_versions import text_version_apply_translations

ROWS = [{"en": "Call 995 if you have chest pain.", "ta": "நெஞ்சு வலி இருந்தால் உடனே அழைக்கவும்."}]


def test_the_approval_event_names_model_prompt_provider_and_overridden_findings(personas):
    leaflet = make_leaflet(personas.author, languages=["ta"], rows=ROWS, title="Symptoms check")
    tamil = text_of(leaflet, "ta")
    provider = Provider.objects.create(name="scripted", base_url="http://127.0.0.1:9/v1", model="m")
    Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=Job.State.SUCCEEDED,
        leaflet=leaflet,
        text_version=tamil,
        language="ta",
        provider=provider,
        reported_model="scripted-model-1",
        prompt_version="translate-v3",
        created_by=personas.author,
    )
    keys = list(TargetSegment.objects.filter(text_version=tamil).order_by("position").values_list("key", flat=True))
    text_version_apply_translations(
        text_version=tamil,
        origin="model",
        model_name="scripted-model-1",
        translations={keys[0]: "அறிகுறி சோதனை", keys[1]: ROWS[0]["ta"]},
    )
    tamil = text_of(leaflet, "ta")
    (error,) = unresolved_errors(tamil)
    finding_override(
        finding=error,
        reviewer=personas.reviewer("ta", "clinical"),
        reason="The number is printed in the red box beside this sentence.",
    )

    approval = translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "clinical"), stage="clinical"
    )

    data = AuditEvent.objects.get(verb="text.approved", object_id=str(approval.pk)).data
    assert (data["content_hash"], data["generation"]) == (tamil.content_hash, tamil.edit_generation)
    assert [s["key"] for s in data["segments"]] == [str(k) for k in keys]
    assert {(s["origin"], s["model"], s["provider"], s["prompt_version"]) for s in data["segments"]} == {
        ("model", "scripted-model-1", "scripted", "translate-v3")
    }
    assert data["jobs"][0]["prompt_version"] == "translate-v3"
    assert data["overridden_findings"] == [
        {
            "check": "numbers",
            "segment": str(keys[1]),
            "by": "ta_clinical",
            "reason": "The number is printed in the red box beside this sentence.",
        }
    ]
