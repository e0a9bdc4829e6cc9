"""A reverted edit never revives the approvals the edit withdrew."""

from functools import partial

import pytest

from review.models import Approval, Publication, PublicationText
from review.roles import stage_group_name
from review.selectors import gate_evaluate
from review.services import GateClosed, leaflet_publish, translation_approve
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_user, text_of
from tests.web.conftest import once, target_segments
from translations.edits import target_segment_edit
from translations.models import TargetSegment, TextVersion
from translations.text_versions import text_version_rehash
from workbench.models import Language


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


CORRECTED = "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?"


def _edit(tv, segment, editor, text):
    segment.refresh_from_db()
    target_segment_edit(segment=segment, editor=editor, text=text, expected_seq=segment.edit_seq)


def test_it_refuses_to_publish_after_the_old_wording_is_put_back_through_the_services(
    approved_leaflet, personas, third_tamil_reviewer
):
    tamil = text_of(approved_leaflet, "ta")
    approved_hash = tamil.content_hash
    segment = target_segments(tamil)[-1]
    original = segment.text

    _edit(tamil, segment, personas.reviewer("ta", "clinical"), CORRECTED)
    _edit(tamil, segment, third_tamil_reviewer, original)

    tamil.refresh_from_db()
    assert tamil.content_hash == approved_hash  # the same words again...
    row = next(r for r in gate_evaluate(leaflet=approved_leaflet).rows if r.language == "ta")
    assert not row.cells["native"].approved and not row.cells["clinical"].approved  # ...but no approval stands
    with pytest.raises(GateClosed, match="approved an earlier version"):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    assert not Publication.objects.exists()


def test_it_refuses_to_publish_after_the_old_wording_is_put_back_through_the_pages(
    approved_leaflet, personas, third_tamil_reviewer, as_user
):
    tamil = text_of(approved_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    original = segment.text
    url = f"/review/{tamil.pk}/segments/{segment.key}/"

    as_user(personas.reviewer("ta", "clinical")).post(url, {"text": CORRECTED, "edit_seq": segment.edit_seq})
    segment.refresh_from_db()
    as_user(third_tamil_reviewer).post(url, {"text": original, "edit_seq": segment.edit_seq})
    response = as_user(personas.publisher).post(
        f"/leaflets/{approved_leaflet.pk}/publish/", {"_once": once()}, follow=True
    )

    assert TargetSegment.objects.get(pk=segment.pk).text == original
    assert not Publication.objects.exists()
    assert "approved an earlier version" in response.content.decode()
    assert as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").status_code == 404


def test_the_old_approvals_stay_withdrawn_when_a_shell_reverts_the_text_and_its_hash(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    approved_hash, approved_generation = tamil.content_hash, tamil.edit_generation
    segment = target_segments(tamil)[-1]
    original = segment.text

    TargetSegment.objects.filter(pk=segment.pk).update(text=CORRECTED)
    TargetSegment.objects.filter(pk=segment.pk).update(text=original)
    TextVersion.objects.filter(pk=tamil.pk).update(content_hash=approved_hash)  # the old hash written back

    tamil.refresh_from_db()
    assert tamil.content_hash == approved_hash and tamil.edit_generation > approved_generation
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    refused_by_the_database(
        lambda: TextVersion.objects.filter(pk=tamil.pk).update(edit_generation=approved_generation), "never goes back"
    )
    # Attaching the old approvals by hand is refused by the database too.
    publication = Publication.objects.create(
        leaflet=approved_leaflet, revision=approved_leaflet.current_revision, published_by=personas.publisher
    )
    native = Approval.objects.get(text_version=tamil, stage="native")
    clinical = Approval.objects.get(text_version=tamil, stage="clinical")
    for generation in (approved_generation, tamil.edit_generation):
        refused_by_the_database(
            partial(
                PublicationText.objects.create,
                publication=publication,
                language_id="ta",
                text_version=tamil,
                content_hash=approved_hash,
                edit_generation=generation,
                native_approval=native,
                clinical_approval=clinical,
                title="x",
                body=[],
            ),
            "changed since it was approved|no native-speaker approval",
        )


def test_approving_again_after_a_revert_is_possible_and_counts(approved_leaflet, personas, third_tamil_reviewer):
    tamil = text_of(approved_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    original = segment.text
    _edit(tamil, segment, personas.reviewer("ta", "clinical"), CORRECTED)
    _edit(tamil, segment, third_tamil_reviewer, original)
    tamil.refresh_from_db()
    second_clinician = make_user("ta_clinical_2", stage_group_name(Language.objects.get(code="ta"), "clinical"))

    translation_approve(
        text_version=tamil,
        reviewer=personas.reviewer("ta", "native"),
        stage="native",
        expected_hash=tamil.content_hash,
        expected_generation=tamil.edit_generation,
    )
    translation_approve(
        text_version=tamil, reviewer=second_clinician, stage="clinical", expected_hash=tamil.content_hash
    )

    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    text = publication.texts.get(language_id="ta")
    assert text.edit_generation == TextVersion.objects.get(pk=tamil.pk).edit_generation
    assert text.native_approval.generation == text.edit_generation


def test_a_rehash_after_a_shell_edit_does_not_revive_approvals(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    original = segment.text
    TargetSegment.objects.filter(pk=segment.pk).update(text=CORRECTED)
    TargetSegment.objects.filter(pk=segment.pk).update(text=original)
    text_version_rehash(text_version=tamil)

    assert not gate_evaluate(leaflet=approved_leaflet).open
