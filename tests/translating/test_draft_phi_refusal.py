"""A draft brief refused for personal data: the field named as the form names it, the identifier masked
where it was typed and the field marked invalid, in the reader's language; the API answers the same facts.

The PHI guard itself is unchanged (tests/phi): these tests are about what people read when it refuses.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from review.models import AuditEvent
from tests.conftest import TICO
from tests.web.conftest import once
from translations import jobs
from translations.forms import DraftBriefForm
from translations.models import Job, Provider
from workbench.models import UserPreference

NRIC = "S1234567D"
MASKED = "S12****7D"


@pytest.fixture
def model_endpoint(db) -> Provider:
    # Nothing is sent: the brief is refused before anything is queued, so no model needs to answer.
    return Provider.objects.create(name="local", base_url="http://127.0.0.1:9/v1", model="local-model")


def brief_post(**overrides) -> dict:
    data = {
        "title": "Dengue at home",
        "topic": "Dengue fever",
        "audience": "Adults and carers",
        # Key message 2 carries a patient's NRIC; a blank line between does not make it message 3.
        "key_messages": f"{TICO[0]['en']}\n\nA patient (NRIC {NRIC}) recovered at home",
        "actions": "",
        "seek_help": "Bleeding gums",
        "emergency_contacts": "995",
        "reading_level": "simple",
        "required_languages": ["en", "ta", "zh"],
        "_once": once(),
    }
    data.update(overrides)
    return data


def key_messages_box(html: str) -> str:
    return re.search(r"<textarea[^>]*name=\"key_messages\"[^>]*>.*?</textarea>", html, re.S).group(0)


def in_language(ui: str, django_language: str, msgid: str, **params) -> str:
    with translation.override(django_language):
        translated = gettext(msgid)
    # A label still in English would pass the assertions below without the catalogue: refuse that.
    assert translated != msgid, f"{msgid!r} has no {django_language} translation (merge the .po, compilemessages)"
    return translated % params if params else translated


@pytest.mark.parametrize("ui, django_language", [("ta", "ta"), ("zh-hans", "zh-hans")])
def test_it_names_the_key_message_masks_the_nric_in_place_and_marks_the_field(
    ui, django_language, personas, as_user, model_endpoint
):
    UserPreference.objects.create(user=personas.author, ui_language=ui)

    response = as_user(personas.author).post("/leaflets/draft/", brief_post())

    html = response.content.decode()
    assert response.status_code == 400
    assert not Job.objects.exists()
    assert NRIC not in html  # not in the message, not in the box it was typed in
    label = in_language(ui, django_language, "Key message %(number)s", number=2)
    errors = re.search(r'<ul class="errorlist" id="id_key_messages_error">(.*?)</ul>', html, re.S).group(1)
    assert label in errors and MASKED in errors
    assert in_language(ui, django_language, "NRIC/FIN number") in errors
    box = key_messages_box(html)
    assert 'aria-invalid="true"' in box and "id_key_messages_error" in box
    assert f"A patient (NRIC {MASKED}) recovered at home" in box and TICO[0]["en"] in box  # the rest as typed
    assert "brief key_messages" not in html and "at characters" not in html
    assert 'aria-invalid="true"' not in re.search(r"<input[^>]*name=\"topic\"[^>]*>", html).group(0)
    audit = AuditEvent.objects.get(verb="phi.blocked")
    assert audit.data["found"][0]["type"] == "nric" and NRIC not in str(audit.data)


def test_sending_the_masked_brief_back_is_refused_again_until_the_identifier_is_replaced(
    personas, as_user, model_endpoint
):
    client = as_user(personas.author)
    first = client.post("/leaflets/draft/", brief_post()).content.decode()
    shown = re.sub(r"<[^>]+>", "", key_messages_box(first)).replace("&#x27;", "'").replace("&quot;", '"').strip()

    again = client.post("/leaflets/draft/", brief_post(key_messages=shown))

    assert again.status_code == 400 and not Job.objects.exists()
    assert 'aria-invalid="true"' in key_messages_box(again.content.decode())


def test_an_identifier_in_a_one_line_field_is_named_by_that_fields_label(personas, as_user, model_endpoint):
    response = as_user(personas.author).post(
        "/leaflets/draft/", brief_post(key_messages=TICO[0]["en"], emergency_contacts="Call the ward on 9123 4567")
    )

    html = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_emergency_contacts_error">(.*?)</ul>', html, re.S).group(1)
    assert "Emergency contacts contains personal data (phone number: 9*** ***7)" in errors
    assert "9123 4567" not in html and "Call the ward on 9*** ***7" in html


def test_the_refusal_names_every_brief_field_as_the_draft_form_labels_it():
    # jobs may not import the form (a service knows no forms): the two lists of words must not drift apart.
    form = DraftBriefForm()
    for field in ("topic", "audience", "key_messages", "actions", "seek_help", "emergency_contacts"):
        finding = jobs.BriefFinding(field, None, "phone", "9******7", 0, 9)
        assert finding.label() == str(form.fields[field].label)
