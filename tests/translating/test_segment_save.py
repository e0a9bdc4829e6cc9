"""Saving a segment on the translation screen is an edit like any other: hash, generation, contributions, audit."""

from datetime import timedelta

from django.utils import timezone

from review.models import AuditEvent
from review.services import translation_claim
from tests.conftest import TICO, make_user
from tests.translating.conftest import segments_of
from translations.models import Contribution, SegmentEdit, TargetSegment, TranslationClaim


def test_a_translator_saves_a_segment_and_becomes_its_contributor(malay_text, personas, as_user):
    translator = personas.translator("ms")
    _title, first, _second = segments_of(malay_text)
    hash_before, generation_before = malay_text.content_hash, malay_text.edit_generation

    response = as_user(translator).post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": TICO[0]["ms"], "edit_seq": first.edit_seq}
    )

    assert response.status_code == 302 and response["Location"].endswith(f"/translate/{malay_text.pk}/#seg-{first.key}")
    first.refresh_from_db()
    malay_text.refresh_from_db()
    assert (first.text, first.origin, first.updated_by) == (TICO[0]["ms"], "human", translator)
    assert malay_text.content_hash != hash_before and malay_text.edit_generation > generation_before
    assert Contribution.objects.filter(user=translator, language="ms", key=first.key).exists()
    assert AuditEvent.objects.filter(verb="text.edited", actor=translator).count() == 1
    assert TranslationClaim.objects.get(text_version=malay_text).claimed_by == translator  # saving claims it


def test_each_save_renews_the_claim(malay_text, personas, as_user):
    translator = personas.translator("ms")
    translation_claim(text_version=malay_text, translator=translator)
    TranslationClaim.objects.update(claimed_at=timezone.now() - timedelta(minutes=100))
    _title, first, _second = segments_of(malay_text)

    as_user(translator).post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": TICO[0]["ms"], "edit_seq": first.edit_seq}
    )

    assert TranslationClaim.objects.get().claimed_at > timezone.now() - timedelta(minutes=1)


def test_it_refuses_a_save_while_another_translator_holds_the_claim_and_keeps_the_text_typed(
    malay_text, personas, as_user
):
    translation_claim(text_version=malay_text, translator=personas.translator("ms"))
    other = make_user("ms_translator_2", "Malay translators")
    _title, first, _second = segments_of(malay_text)

    response = as_user(other).post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": TICO[0]["ms"], "edit_seq": first.edit_seq}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "ms_translator is translating this text now" in html and TICO[0]["ms"] in html
    first.refresh_from_db()
    assert first.text == "" and not Contribution.objects.filter(user=other).exists()


def test_it_keeps_a_save_from_a_stale_screen_unapplied(malay_text, personas, as_user):
    translator = personas.translator("ms")
    _title, first, _second = segments_of(malay_text)
    client = as_user(translator)
    client.post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": TICO[0]["ms"], "edit_seq": first.edit_seq}
    )

    response = client.post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": "teks lama", "edit_seq": first.edit_seq}
    )

    assert response.status_code == 409 and "Someone else changed this segment" in response.content.decode()
    assert TargetSegment.objects.get(pk=first.pk).text == TICO[0]["ms"]
    assert SegmentEdit.objects.filter(target_segment=first, applied=False, new_text="teks lama").exists()


def test_it_refuses_a_save_by_a_translator_of_another_language_with_404(malay_text, personas, as_user):
    _title, first, _second = segments_of(malay_text)

    response = as_user(personas.translator("ta")).post(
        f"/translate/{malay_text.pk}/segments/{first.key}/", {"text": "x", "edit_seq": first.edit_seq}
    )

    assert response.status_code == 404
    assert TargetSegment.objects.get(pk=first.pk).text == ""
