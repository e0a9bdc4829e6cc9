"""A reviewer's change request reaches the author: its comment, who asked, when and a link, wherever
"changes requested" is shown (home, the leaflet page, the queues) and in the e-mail."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.selectors import change_requests_for, grapheme_excerpt
from review.services import translation_change_request_withdraw, translation_request_changes
from tests.conftest import TICO, make_leaflet, text_of, translate_all
from workbench.models import UserPreference

MALAY_REQUEST = "Use 'doktor', not 'dokter': patients in Singapore read the Malaysian spelling."
# A long Tamil comment, made of TICO-19 sentences: the lists show its start and a "more" disclosure.
TAMIL_REQUEST = " ".join([TICO[0]["ta"], TICO[1]["ta"]] * 4)


def _ask(leaflet, personas, language="ms", stage="native", comment=MALAY_REQUEST):
    reviewer = personas.reviewer(language, stage)
    reviewer.first_name, reviewer.last_name = "Siti", "Rahman"
    reviewer.save()
    return translation_request_changes(
        text_version=text_of(leaflet, language), reviewer=reviewer, stage=stage, comment=comment
    )


def _review_link(request) -> str:
    return f'href="/review/{request.text_version_id}/#decision-{request.pk}"'


def test_the_author_sees_the_comment_who_asked_and_a_link_on_the_leaflet_page(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas)

    page = as_user(personas.author).get(f"/leaflets/{translated_leaflet.pk}/").content.decode()

    assert MALAY_REQUEST.replace("'", "&#x27;") in page
    assert "asked by Siti Rahman (native-speaker reviewer)" in page
    assert _review_link(request) in page


def test_the_author_sees_the_change_request_on_the_home_page(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas, stage="clinical")

    page = as_user(personas.author).get("/").content.decode()

    assert MALAY_REQUEST.replace("'", "&#x27;") in page
    assert "asked by Siti Rahman (clinician)" in page
    assert _review_link(request) in page


def test_an_outsider_who_may_not_see_the_leaflet_sees_neither_page_nor_comment(translated_leaflet, personas, as_user):
    _ask(translated_leaflet, personas)
    client = as_user(personas.outsider)

    assert client.get(f"/leaflets/{translated_leaflet.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert "doktor" not in home and "Siti Rahman" not in home


def test_a_reviewer_of_another_language_sees_the_leaflet_but_not_the_malay_request(
    translated_leaflet, personas, as_user
):
    _ask(translated_leaflet, personas)

    page = as_user(personas.reviewer("zh", "native")).get(f"/leaflets/{translated_leaflet.pk}/")

    assert page.status_code == 200
    assert "doktor" not in page.content.decode()


def test_a_withdrawn_request_is_no_longer_shown(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas)
    translation_change_request_withdraw(change_request=request, reviewer=personas.reviewer("ms", "native"))

    page = as_user(personas.author).get(f"/leaflets/{translated_leaflet.pk}/").content.decode()

    assert "doktor" not in page
    assert change_requests_for(text_versions=[text_of(translated_leaflet, "ms")]) == {}


def test_the_translator_s_queue_shows_the_request_with_its_link(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas)

    page = as_user(personas.translator("ms")).get("/").content.decode()

    assert MALAY_REQUEST.replace("'", "&#x27;") in page
    assert _review_link(request) in page


def test_the_review_queue_shows_the_other_stage_s_request(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas, stage="clinical")

    page = as_user(personas.reviewer("ms", "native")).get("/").content.decode()

    assert "Waiting for your review" in page
    assert MALAY_REQUEST.replace("'", "&#x27;") in page and _review_link(request) in page


def test_a_long_tamil_comment_is_shortened_on_whole_letters_with_the_rest_behind_more(
    translated_leaflet, personas, as_user
):
    _ask(translated_leaflet, personas, language="ta", comment=TAMIL_REQUEST)

    tamil = text_of(translated_leaflet, "ta")
    (note,) = change_requests_for(text_versions=[tamil])[tamil.pk]
    page = as_user(personas.author).get(f"/leaflets/{translated_leaflet.pk}/").content.decode()

    assert note.shortened and TAMIL_REQUEST.startswith(note.excerpt) and len(note.excerpt) < len(TAMIL_REQUEST)
    assert not unicodedata.category(TAMIL_REQUEST[len(note.excerpt)]).startswith("M")
    assert f"“{note.excerpt}…”" in page
    assert "<summary>more</summary>" in page and TAMIL_REQUEST in page


@pytest.mark.parametrize("limit", range(1, 60))
def test_an_excerpt_never_ends_inside_a_grapheme(limit):
    # Tamil vowel signs and pulli, a Chinese character with a variation selector, an emoji joined by ZWJ, a flag.
    text = TICO[0]["ta"] + " 这些\ufe00症状 👩\u200d⚕️ 🇸🇬🇲🇾 " + TICO[1]["ta"]

    excerpt, shortened = grapheme_excerpt(text, limit)

    assert text.startswith(excerpt) and shortened
    following = text[len(excerpt)]
    assert not unicodedata.category(following).startswith("M") and following not in "\u200d\u200c"
    assert not excerpt.endswith("\u200d")
    assert excerpt.count("🇸") + excerpt.count("🇬") + excerpt.count("🇲") + excerpt.count("🇾") in (0, 2, 4)


def test_a_short_comment_is_shown_whole():
    assert grapheme_excerpt("  Use 'doktor'\n please.  ") == ("Use 'doktor' please.", False)


def test_the_date_is_written_the_chinese_way_for_a_chinese_interface(translated_leaflet, personas, as_user):
    request = _ask(translated_leaflet, personas)
    UserPreference.objects.create(user=personas.author, ui_language="zh-hans")

    page = as_user(personas.author).get(f"/leaflets/{translated_leaflet.pk}/").content.decode()

    from django.utils import timezone

    local = timezone.localtime(request.created_at)
    assert f"{local.year}年{local.month}月{local.day}日" in page


def test_the_e_mail_links_to_the_review_screen_of_that_language(
    translated_leaflet, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(translated_leaflet, personas)

    (mail,) = mailoutbox
    assert f"/review/{text_of(translated_leaflet, 'ms').pk}/" in mail.body
    assert MALAY_REQUEST in mail.body and "Siti Rahman" in mail.body


def test_the_e_mail_links_to_the_request_itself_when_told_which(translated_leaflet, personas, mailoutbox):
    from review.notifications import notify_author

    request = _ask(translated_leaflet, personas)
    mailoutbox.clear()

    notify_author(
        text_version=request.text_version, reviewer=request.reviewer, comment=request.comment, change_request=request
    )

    (mail,) = mailoutbox
    assert f"/review/{request.text_version_id}/#decision-{request.pk}" in mail.body


def _requests_on(leaflets, personas) -> list:
    texts = []
    for i, leaflet in enumerate(leaflets):
        translate_all(leaflet)
        for language in ("zh", "ms", "ta"):
            _ask(leaflet, personas, language=language, comment=f"{MALAY_REQUEST} ({i})")
            texts.append(text_of(leaflet, language))
    # One request withdrawn, so the seal check of withdrawals is part of what is counted.
    first = text_of(leaflets[0], "zh").approvals.get()
    translation_change_request_withdraw(change_request=first, reviewer=personas.reviewer("zh", "native"))
    return texts


def _queries(texts) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        notes = change_requests_for(text_versions=texts)
    return len(captured), notes


def test_reading_the_requests_costs_the_same_queries_for_three_texts_and_for_thirty(personas):
    few = _requests_on([make_leaflet(personas.author, title=f"Race {i}") for i in range(1)], personas)
    many = _requests_on([make_leaflet(personas.author, title=f"Race {i + 10}") for i in range(10)], personas)
    for leaflet_texts in (few, many):
        for tv in leaflet_texts:
            tv.refresh_from_db()

    few_queries, few_notes = _queries(few)
    many_queries, many_notes = _queries(many)

    assert few_queries == many_queries <= 3
    assert len(few_notes) == 2 and len(many_notes) == 29  # the withdrawn one is not open


def test_the_home_page_costs_the_same_queries_with_one_leaflet_and_with_ten(personas, as_user):
    def home_queries() -> int:
        client = as_user(personas.author)
        client.get("/")  # warm the per-user caches (permissions, preference)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    first = make_leaflet(personas.author, title="Race 0")
    translate_all(first)
    _ask(first, personas, comment="First request")
    one = home_queries()
    for i in range(9):
        leaflet = make_leaflet(personas.author, title=f"Race {i + 1}")
        translate_all(leaflet)
        _ask(leaflet, personas, comment=f"Request {i}")
    ten = home_queries()

    assert one == ten
