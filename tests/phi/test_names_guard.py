"""People's names under the guard's policies: blocked, redacted to [PERSON_N] and restored from the reply."""

import pickle

import pytest

from tests.conftest import text_of
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Job, TargetSegment
from translations.phi import PhiBlocked, PlaceholderMismatch, guard_outbound, restore
from translations.phi.guard import placeholders_in
from translations.phi.names import NameOverrides, name_digest
from workbench.services import SegmentInput, leaflet_create


def test_block_names_the_piece_and_shows_the_name_masked():
    with pytest.raises(PhiBlocked) as caught:
        guard_outbound(pieces={"segment 2": "Encik Rahim bin Osman perlu berehat."})
    message = str(caught.value)
    assert "person's name in 'segment 2' at characters 6-21" in message
    assert "Rahim" not in message and "Osman" not in message
    assert "Osman" not in str(pickle.dumps(caught.value))


def test_redact_replaces_each_name_once_and_restore_puts_it_back():
    pieces = {"1": "Mdm Tan has diabetes.", "2": "患者王秀兰，女，68岁。", "3": "Mdm Tan must fast."}
    payload = guard_outbound(pieces=pieces, policy="redact")
    assert payload.pieces == {
        "1": "Mdm [PERSON_1] has diabetes.",
        "2": "患者[PERSON_2]，女，68岁。",
        "3": "Mdm [PERSON_1] must fast.",
    }
    reply = "[PERSON_2]女士需要空腹。"
    assert restore(reply, payload.placeholders, expected={"[PERSON_2]"}) == "王秀兰女士需要空腹。"


def test_restore_refuses_a_reply_that_altered_a_name_placeholder():
    payload = guard_outbound(pieces={"1": "Mr Suresh s/o Palaniappan is on insulin."}, policy="redact")
    with pytest.raises(PlaceholderMismatch):
        restore("[person 1] 正在使用胰岛素。", payload.placeholders, expected=placeholders_in(payload.pieces["1"]))


def test_an_override_clears_that_name_in_its_scope_only():
    overrides = NameOverrides(scope="7", digests=frozenset({name_digest("Lim Siew Mei", scope="7")}))
    text = "Patient: Lim Siew Mei. Next of kin: Tan Ah Kow."
    with pytest.raises(PhiBlocked) as caught:
        guard_outbound(pieces={"1": text}, name_overrides=overrides)
    assert [(loc.start, loc.end) for loc in caught.value.locations] == [(36, 46)]
    other_leaflet = NameOverrides(scope="8", digests=overrides.digests)
    with pytest.raises(PhiBlocked) as caught:
        guard_outbound(pieces={"1": text}, name_overrides=other_leaflet)
    assert len(caught.value.locations) == 2


def test_redact_sends_placeholders_for_names_and_the_translation_gets_them_back(personas, provider, model_server):
    provider.phi_policy = "redact"
    provider.save()
    leaflet = leaflet_create(
        user=personas.author,
        title="Case",
        required_languages=["ta"],
        segments=[SegmentInput(kind="paragraph", text="Mr Suresh s/o Palaniappan is on insulin.")],
    )
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert "Palaniappan" not in model_server.text_received()
    assert "[PERSON_1]" in model_server.text_received()
    assert "Suresh s/o Palaniappan" in TargetSegment.objects.get(text_version=text_of(leaflet, "ta"), position=1).text
