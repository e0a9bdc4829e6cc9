"""Authors hear about change requests; reviewers hear when a text awaits them (Django's mail backend)."""

from review.notifications import notify_reviewers
from review.services import translation_request_changes
from tests.conftest import text_of


def test_a_change_request_emails_the_author_with_the_comment(
    translated_leaflet, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translation_request_changes(
            text_version=text_of(translated_leaflet, "ms"),
            reviewer=personas.reviewer("ms", "native"),
            stage="native",
            comment="Use 'doktor', not 'dokter'.",
        )

    (mail,) = mailoutbox
    assert mail.to == [personas.author.email]
    assert "Changes requested" in mail.subject and "'doktor', not 'dokter'" in mail.body


def test_reviewers_of_the_language_are_told_a_text_awaits_them(translated_leaflet, personas, mailoutbox):
    notify_reviewers(text_version=text_of(translated_leaflet, "ta"))

    (mail,) = mailoutbox
    assert set(mail.to) == {
        personas.reviewer("ta", "native").email,
        personas.reviewer("ta", "clinical").email,
        personas.dual_tamil.email,
    }
    assert personas.reviewer("ms", "native").email not in mail.to
