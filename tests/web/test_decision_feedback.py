"""A decision's result and its refusals appear beside the buttons that caused them, not above the fold.

The review screen comes back scrolled to its decisions card (#decisions); a message at the top of
the page was out of sight there, "a comment is required" included.
"""

import re

from review.models import Approval
from tests.conftest import text_of
from tests.web.conftest import once


def _decisions_card(html: str) -> str:
    match = re.search(r'<section class="card" id="decisions".*?</section>', html, re.S)
    assert match, "the review screen has a decisions card"
    return match.group(0)


def _top_messages(html: str) -> str:
    main = html.split('<main id="main"', 1)[1]
    before_content = main.split("<h1", 1)[0]
    return before_content


def test_a_change_request_without_a_comment_is_refused_beside_the_buttons(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "clinical"))

    response = client.post(
        f"/review/{tamil.pk}/decision/",
        {
            "stage": "clinical",
            "action": "request_changes",
            "comment": "  ",
            "expected_hash": tamil.content_hash,
            "_once": once(),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#decisions")
    page = client.get(response["Location"].split("#")[0]).content.decode()

    assert "a comment is required" in _decisions_card(page)
    assert "a comment is required" not in _top_messages(page)
    assert not Approval.objects.filter(text_version=tamil).exists()


def test_an_approval_says_so_beside_the_buttons_and_the_comment_field_says_when_it_is_required(
    translated_leaflet, personas, as_user
):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "native"))
    form = client.get(f"/review/{tamil.pk}/").content.decode()

    response = client.post(
        f"/review/{tamil.pk}/decision/",
        {
            "stage": "native",
            "action": "approve",
            "comment": "",
            "expected_hash": tamil.content_hash,
            "expected_generation": tamil.edit_generation,
            "_once": once(),
        },
    )
    page = client.get(response["Location"].split("#")[0]).content.decode()

    assert "required to request changes" in _decisions_card(form)
    assert 'aria-describedby="comment-note-native"' in _decisions_card(form)
    assert "Approved: Native-speaker review for this exact text." in _decisions_card(page)
    assert "Approved:" not in _top_messages(page)
    assert Approval.objects.filter(text_version=tamil, stage="native", decision="approved").count() == 1
