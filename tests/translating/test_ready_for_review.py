"""Marking a text ready for review: the reviewers hear of it then, once, and not before."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from review.services import translation_claim, translation_mark_ready
from tests.conftest import make_user
from tests.translating.conftest import segments_of, translate_by
from translations import batches
from translations.edits import target_segment_edit
from translations.models import Job, TextVersion, TranslationClaim


def malay_reviewer_addresses(personas) -> set[str]:
    return {personas.reviewer("ms", "native").email, personas.reviewer("ms", "clinical").email}


def test_marking_ready_notifies_the_languages_reviewers_once(
    malay_text, personas, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    translator = personas.translator("ms")
    malay_text = translate_by(translator, malay_text)
    client = as_user(translator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/translate/{malay_text.pk}/ready/", follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/translate/{malay_text.pk}/ready/")  # a second click: nothing new to announce

    assert "Marked ready for review" in response.content.decode()
    (mail,) = mailoutbox
    assert set(mail.to) == malay_reviewer_addresses(personas)  # not the translators, not other languages
    assert f"/review/{malay_text.pk}/" in mail.body and "ms_translator translated it" in mail.body
    [event] = AuditEvent.objects.filter(verb="text.ready_for_review")
    assert event.actor == translator
    assert (event.data["content_hash"], event.data["generation"]) == (
        malay_text.content_hash,
        malay_text.edit_generation,
    )
    claim = TranslationClaim.objects.get(text_version=malay_text)
    assert claim.claimed_by is None and claim.ready_by == translator  # the claim is released
    assert claim.ready_generation == malay_text.edit_generation


def test_an_edit_after_marking_ready_makes_a_new_text_to_announce(
    malay_text, personas, mailoutbox, django_capture_on_commit_callbacks
):
    translator = personas.translator("ms")
    malay_text = translate_by(translator, malay_text)
    with django_capture_on_commit_callbacks(execute=True):
        translation_mark_ready(text_version=malay_text, translator=translator)
    segment = segments_of(malay_text)[1]
    target_segment_edit(
        segment=segment,
        editor=translator,
        text="Sudah berapa lama simptom ini berlarutan?",
        expected_seq=segment.edit_seq,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert translation_mark_ready(text_version=TextVersion.objects.get(pk=malay_text.pk), translator=translator)

    assert len(mailoutbox) == 2
    assert AuditEvent.objects.filter(verb="text.ready_for_review").count() == 2


def test_it_refuses_to_mark_ready_while_a_segment_is_untranslated(malay_text, personas, mailoutbox, as_user):
    translator = personas.translator("ms")
    malay_text = translate_by(translator, malay_text, only=2)

    with pytest.raises(ValidationError, match="1 segment"):
        translation_mark_ready(text_version=malay_text, translator=translator)
    response = as_user(translator).post(f"/translate/{malay_text.pk}/ready/", follow=True)

    assert "not translated yet" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="text.ready_for_review").exists()
    assert mailoutbox == []


def test_it_refuses_to_mark_ready_while_another_translator_holds_the_claim(malay_text, personas):
    malay_text = translate_by(personas.translator("ms"), malay_text)
    other = make_user("ms_translator_2", "Malay translators")
    translation_claim(text_version=malay_text, translator=other)

    with pytest.raises(ValidationError, match="ms_translator_2 is translating this text now"):
        translation_mark_ready(text_version=malay_text, translator=personas.translator("ms"))
    assert TranslationClaim.objects.get().ready_generation is None


def test_it_refuses_to_mark_ready_for_someone_who_does_not_translate_the_language(malay_text, personas, as_user):
    malay_text = translate_by(personas.translator("ms"), malay_text)
    for user in (personas.reviewer("ms", "native"), personas.translator("ta"), personas.author):
        with pytest.raises(PermissionDenied):
            translation_mark_ready(text_version=malay_text, translator=user)
        assert as_user(user).post(f"/translate/{malay_text.pk}/ready/").status_code == 404
    assert not AuditEvent.objects.filter(verb="text.ready_for_review").exists()


def test_a_job_that_leaves_segments_for_people_does_not_announce_the_text(
    malay_text, personas, mailoutbox, django_capture_on_commit_callbacks
):
    """Without a model a job fills what memory has and leaves the rest for translators: reviewers wait for them."""
    job = Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=Job.State.RUNNING,
        leaflet=malay_text.revision.leaflet,
        revision=malay_text.revision,
        text_version=malay_text,
        language="ms",
        created_by=personas.author,
    )

    with django_capture_on_commit_callbacks(execute=True):
        batches.job_finish_if_done(job_id=job.pk)

    assert Job.objects.get(pk=job.pk).state == Job.State.SUCCEEDED
    assert TextVersion.objects.get(pk=malay_text.pk).state == TextVersion.State.NEEDS_HUMAN
    assert mailoutbox == []

    translator = personas.translator("ms")
    with django_capture_on_commit_callbacks(execute=True):
        translate_by(translator, malay_text)  # saving the last segment announces nothing either
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        translation_mark_ready(text_version=TextVersion.objects.get(pk=malay_text.pk), translator=translator)
    (mail,) = mailoutbox
    assert set(mail.to) == malay_reviewer_addresses(personas)
