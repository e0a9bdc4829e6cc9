"""Claiming a text: one translator at a time, the claim lapses, two clicks at once make one claim."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from review.models import AuditEvent
from review.services import translation_claim, translation_claim_release
from tests.conftest import make_leaflet, make_user, text_of
from translations.models import TranslationClaim


def claimer(text_version):
    return (
        TranslationClaim.objects.filter(text_version=text_version)
        .values_list("claimed_by__username", flat=True)
        .first()
    )


def second_malay_translator():
    return make_user("ms_translator_2", "Malay translators")


def test_a_translator_claims_a_text_and_the_claim_is_audited(malay_text, personas, as_user):
    translator = personas.translator("ms")

    response = as_user(translator).post(f"/translate/{malay_text.pk}/claim/", follow=True)

    assert response.status_code == 200
    assert claimer(malay_text) == "ms_translator"
    [event] = AuditEvent.objects.filter(verb="text.claimed")
    assert event.actor == translator and event.data["language"] == "ms" and event.data["took_over"] is None


def test_claiming_again_renews_the_claim_without_a_new_event(malay_text, personas):
    translator = personas.translator("ms")
    first = translation_claim(text_version=malay_text, translator=translator)
    TranslationClaim.objects.filter(pk=first.claim.pk).update(claimed_at=timezone.now() - timedelta(minutes=30))

    again = translation_claim(text_version=malay_text, translator=translator)

    assert first.taken and not again.taken
    assert again.claim.claimed_at > timezone.now() - timedelta(minutes=1)
    assert AuditEvent.objects.filter(verb="text.claimed").count() == 1


def test_it_refuses_a_second_translator_while_the_claim_is_live(malay_text, personas, as_user):
    translation_claim(text_version=malay_text, translator=personas.translator("ms"))
    other = second_malay_translator()

    with pytest.raises(ValidationError, match="ms_translator is translating this text now"):
        translation_claim(text_version=malay_text, translator=other)
    response = as_user(other).post(f"/translate/{malay_text.pk}/claim/", follow=True)

    assert "ms_translator is translating this text now" in response.content.decode()
    assert claimer(malay_text) == "ms_translator"
    assert AuditEvent.objects.filter(verb="text.claimed").count() == 1


def test_a_lapsed_claim_is_taken_over_and_the_event_names_the_earlier_claimer(malay_text, personas, settings):
    settings.TRANSLATION_CLAIM_MINUTES = 45
    translation_claim(text_version=malay_text, translator=personas.translator("ms"))
    other = second_malay_translator()
    TranslationClaim.objects.update(claimed_at=timezone.now() - timedelta(minutes=44))
    with pytest.raises(ValidationError):
        translation_claim(text_version=malay_text, translator=other)

    TranslationClaim.objects.update(claimed_at=timezone.now() - timedelta(minutes=46))
    result = translation_claim(text_version=malay_text, translator=other)

    assert result.taken and claimer(malay_text) == "ms_translator_2"
    assert AuditEvent.objects.filter(verb="text.claimed").last().data["took_over"] == "ms_translator"


def test_a_released_claim_can_be_taken_by_another_translator(malay_text, personas, as_user):
    translation_claim(text_version=malay_text, translator=personas.translator("ms"))
    other = second_malay_translator()

    assert not translation_claim_release(text_version=malay_text, translator=other)  # not theirs to release
    as_user(personas.translator("ms")).post(f"/translate/{malay_text.pk}/release/")

    assert claimer(malay_text) is None
    assert translation_claim(text_version=malay_text, translator=other).taken
    assert AuditEvent.objects.filter(verb="text.claim_released").count() == 1


def test_it_refuses_a_claim_by_someone_who_does_not_translate_the_language(malay_text, personas, as_user):
    for user in (personas.translator("ta"), personas.reviewer("ms", "native"), personas.author):
        with pytest.raises(PermissionDenied):
            translation_claim(text_version=malay_text, translator=user)
        assert as_user(user).post(f"/translate/{malay_text.pk}/claim/").status_code == 404
    assert not TranslationClaim.objects.exists()


def test_the_claim_lapse_is_read_from_the_environment_and_a_bad_value_stops_startup(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from workbench.env import env_int

    monkeypatch.setenv("WORKBENCH_TRANSLATION_CLAIM_MINUTES", "two hours")
    with pytest.raises(ImproperlyConfigured, match="WORKBENCH_TRANSLATION_CLAIM_MINUTES"):
        env_int("WORKBENCH_TRANSLATION_CLAIM_MINUTES", 120, minimum=1)
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "workbench.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "WORKBENCH_TRANSLATION_CLAIM_MINUTES='two hours'" in result.stderr


@pytest.mark.postgres
def test_two_translators_claiming_at_once_end_with_one_claim(postgres_only, personas):
    other = second_malay_translator()
    for round_ in range(10):
        text = text_of(make_leaflet(personas.author, languages=("en", "ms"), title=f"Race {round_}"), "ms")
        barrier = threading.Barrier(2)
        outcomes, errors = [], []

        def claim(user, text=text, barrier=barrier, outcomes=outcomes, errors=errors):
            try:
                barrier.wait()
                translation_claim(text_version=text, translator=user)
                outcomes.append(user.username)
            except ValidationError:
                outcomes.append("refused")
            except Exception as exc:  # anything else is a bug
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(u,)) for u in (personas.translator("ms"), other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        assert len(outcomes) == 2 and outcomes.count("refused") == 1, outcomes
        winner = next(o for o in outcomes if o != "refused")
        assert claimer(text) == winner
        assert AuditEvent.objects.filter(verb="text.claimed", object_id=str(text.pk)).count() == 1
