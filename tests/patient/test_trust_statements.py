"""What the patient page says about how the text was made and checked: review date, AI help, next review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from review.models import Approval
from review.services import leaflet_publish
from tests.conftest import TICO, approve_everything, make_leaflet, text_of
from translations.models import TargetSegment
from translations.text_versions import text_version_apply_translations
from workbench.services import leaflet_update_details


def _page(as_user, leaflet, lang="en") -> str:
    response = as_user(None).get(f"/p/{leaflet.pk}/{lang}/")
    assert response.status_code == 200
    return response.content.decode()


def _translate_by_hand(leaflet, personas) -> None:
    """Every target language filled as a human translator would (origin human, no model name)."""
    for code in ("zh", "ms", "ta"):
        tv = text_of(leaflet, code)
        by_en = {row["en"]: row[code] for row in TICO}
        titles = {"zh": "症状检查", "ms": "Semakan simptom", "ta": "அறிகுறி சோதனை"}
        text_version_apply_translations(
            text_version=tv,
            translations={
                s.key: titles[code] if s.source_segment.kind == "title" else by_en[s.source_segment.text]
                for s in TargetSegment.objects.filter(text_version=tv).select_related("source_segment")
            },
            origin=TargetSegment.Origin.HUMAN,
        )


def test_it_says_when_a_native_speaker_and_a_clinician_reviewed_the_language(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    latest = Approval.objects.filter(text_version=text_of(approved_leaflet, "ms")).latest("created_at").created_at
    html = _page(as_user, approved_leaflet, "en")

    assert "Reviewed by a native speaker and a clinician on " + timezone.localdate(latest).strftime("%-d %b %Y") in html
    # Roles by default, never the reviewers' names.
    assert personas.reviewer("en", "native").username not in html
    assert personas.reviewer("en", "clinical").username not in html


@override_settings(PATIENT_PAGE_REVIEWER_NAMES=True)
def test_it_names_the_reviewers_only_where_the_setting_allows(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    html = _page(as_user, approved_leaflet, "ta")

    assert personas.reviewer("ta", "native").username in html
    assert personas.reviewer("ta", "clinical").username in html


def test_it_discloses_a_model_in_the_languages_it_translated_and_not_in_the_source_people_wrote(
    approved_leaflet, personas, as_user
):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    statement = (
        "A computer language model helped to draft or translate this leaflet. "
        "People checked every word before it was published."
    )
    with translation.override("ms"):
        in_malay = translation.gettext(statement)

    assert in_malay != statement  # the Malay page says it in Malay
    assert in_malay in _page(as_user, approved_leaflet, "ms")
    assert "language model" not in _page(as_user, approved_leaflet, "en")


def test_it_says_nothing_of_a_model_when_people_wrote_every_word(personas, as_user):
    leaflet = make_leaflet(personas.author)
    _translate_by_hand(leaflet, personas)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    for lang in ("en", "zh", "ms", "ta"):
        assert "language model" not in _page(as_user, leaflet, lang)


def test_a_model_drafted_source_is_disclosed_in_every_language(personas, as_user):
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        segments=[SegmentInput(kind="paragraph", text=row["en"]) for row in TICO],
        drafted_by_model="scripted-model-1",
        prompt_version="draft-v3",
    )
    _translate_by_hand(leaflet, personas)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    assert "A computer language model helped" in _page(as_user, leaflet, "en")
    # The Tamil page says it in Tamil (the catalogue's wording), not in English.
    tamil = _page(as_user, leaflet, "ta")
    assert "A computer language model helped" not in tamil
    assert "மொழி மாதிரி" in tamil


CONFIGURED = "Disediakan dengan bantuan alat AI; disemak oleh pasukan kami."


@override_settings(AI_ASSISTANCE_STATEMENTS={"en": "", "zh": "", "ms": CONFIGURED, "ta": ""})
def test_the_ai_statement_can_be_configured_per_language(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert CONFIGURED in _page(as_user, approved_leaflet, "ms")
    assert CONFIGURED not in _page(as_user, approved_leaflet, "zh")


def test_next_review_is_due_the_interval_after_the_later_approval(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    latest = timezone.localdate(
        Approval.objects.filter(text_version=text_of(approved_leaflet, "en")).latest("created_at").created_at
    )
    due = latest.replace(year=latest.year + 2) if not (latest.month == 2 and latest.day == 29) else None
    html = _page(as_user, approved_leaflet, "en")

    assert due is not None
    assert f"Next review due: {due.strftime('%-d %b %Y')}." in html


@pytest.mark.usefixtures("cache_in_redis")
def test_changing_the_review_interval_shows_on_the_cached_page_at_once(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(None)
    before = client.get(f"/p/{approved_leaflet.pk}/en/").content.decode()
    latest = timezone.localdate(
        Approval.objects.filter(text_version=text_of(approved_leaflet, "en")).latest("created_at").created_at
    )

    leaflet_update_details(
        leaflet=approved_leaflet, user=personas.author, topic="", audience="", review_interval_months=6
    )
    after = client.get(f"/p/{approved_leaflet.pk}/en/").content.decode()

    assert before != after
    six_months = (latest.replace(day=1) + timedelta(days=31 * 6)).replace(day=1)
    assert six_months.strftime("%b %Y") in after


def test_the_interval_is_refused_outside_one_to_one_hundred_and_twenty_months(leaflet, personas):
    from django.core.exceptions import ValidationError

    for bad in (0, 121, -3):
        with pytest.raises(ValidationError):
            leaflet_update_details(
                leaflet=leaflet, user=personas.author, topic="", audience="", review_interval_months=bad
            )
    leaflet.refresh_from_db()
    assert leaflet.review_interval_months == 24


@override_settings(
    ORGANISATION_NAME="Tan Tock Seng Demo Hospital",
    ORGANISATION_CONTACT="Patient Education Office, Level 2",
    ORGANISATION_WEB="https://hospital.example/leaflets",
)
def test_the_page_says_whose_leaflet_it_is_and_takes_its_title_from_the_approved_text(
    approved_leaflet, personas, as_user
):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    html = _page(as_user, approved_leaflet, "zh")

    assert "<title>症状检查 · Tan Tock Seng Demo Hospital</title>" in html
    assert "<h1>症状检查</h1>" in html
    assert "Patient Education Office, Level 2" in html
    assert 'href="https://hospital.example/leaflets"' in html
    assert '<html lang="zh-Hans">' in html


@pytest.mark.parametrize("bad", [0, 121])
def test_the_database_refuses_an_interval_out_of_range_written_behind_the_services(leaflet, bad):
    from django.db import IntegrityError, transaction

    from workbench.models import Leaflet

    with pytest.raises(IntegrityError), transaction.atomic():
        Leaflet.objects.filter(pk=leaflet.pk).update(review_interval_months=bad)
    leaflet.refresh_from_db()
    assert leaflet.review_interval_months == 24
