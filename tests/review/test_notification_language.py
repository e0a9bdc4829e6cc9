"""Each e-mail speaks its recipient's interface language (their saved preference; English without one)."""

import pytest

from review.notifications import notify_reviewers
from review.services import translation_approve, translation_request_changes
from tests.conftest import text_of
from tests.support.review import seen
from workbench.models import UserPreference


@pytest.fixture
def compiled():
    from tests.web.test_i18n import _compiled

    if not _compiled():
        pytest.skip("COMPILE THE CATALOGUES FIRST: manage.py compilemessages (make test does)")


def test_reviewers_are_told_in_their_own_interface_languages(compiled, translated_leaflet, personas, mailoutbox):
    UserPreference.objects.create(user=personas.reviewer("ta", "native"), ui_language="ta")
    UserPreference.objects.create(user=personas.reviewer("ta", "clinical"), ui_language="zh-hans")

    notify_reviewers(text_version=text_of(translated_leaflet, "ta"))

    by_recipient = {address: mail for mail in mailoutbox for address in mail.to}
    assert set(by_recipient) == {
        personas.reviewer("ta", "native").email,
        personas.reviewer("ta", "clinical").email,
        personas.dual_tamil.email,
    }
    tamil = by_recipient[personas.reviewer("ta", "native").email]
    chinese = by_recipient[personas.reviewer("ta", "clinical").email]
    english = by_recipient[personas.dual_tamil.email]  # no preference: the site's language
    assert "மதிப்பாய்வு" in tamil.subject and "தமிழ்" in tamil.body
    assert "审核" in chinese.subject and "淡米尔语" in chinese.body
    assert "awaits your review" in english.subject and "Tamil" in english.body
    assert len(mailoutbox) == 3  # one e-mail per language


def test_the_author_is_told_of_a_change_request_in_their_language(
    compiled, translated_leaflet, personas, mailoutbox, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=personas.author, ui_language="ms")

    with django_capture_on_commit_callbacks(execute=True):
        translation_request_changes(
            text_version=text_of(translated_leaflet, "ta"),
            reviewer=personas.reviewer("ta", "native"),
            stage="native",
            comment="Please use the word for 'image' that patients use.",
        )

    (mail,) = mailoutbox
    assert mail.to == [personas.author.email]
    assert "Pindaan diminta" in mail.subject and "Please use the word for 'image'" in mail.body


def test_publishers_are_told_in_their_language(
    compiled, translated_leaflet, personas, mailoutbox, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=personas.publisher, ui_language="zh-hans")

    decisions = [(code, stage) for code in translated_leaflet.language_codes() for stage in ("native", "clinical")]
    for code, stage in decisions:
        tv = text_of(translated_leaflet, code)
        last = (code, stage) == decisions[-1]
        with django_capture_on_commit_callbacks(execute=last):  # the last approval opens the gate
            translation_approve(
                text_version=tv, expected_hash=seen(tv), reviewer=personas.reviewer(code, stage), stage=stage
            )

    (mail,) = mailoutbox
    assert mail.to == [personas.publisher.email]
    assert "可以发布" in mail.subject
