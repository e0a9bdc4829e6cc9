"""The demo team shows the suggestion path: a Chinese suggestion accepted by the translator and then
approved by the reviewer who made it, and a Tamil suggestion open for the translator or the author."""

import io

from django.core.management import call_command
from django.utils import translation

from review.models import Approval, Suggestion
from translations.models import TextVersion
from translations.text_versions import has_contributed
from workbench.demo import FEET_SUGGESTIONS, FEET_TITLE
from workbench.models import Leaflet


def test_the_demo_holds_an_accepted_suggestion_approved_by_its_reviewer_and_an_open_one(db, settings, monkeypatch):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    leaflet = Leaflet.objects.get(title=FEET_TITLE)
    texts = {tv.language_id: tv for tv in TextVersion.objects.filter(revision_id=leaflet.current_revision_id)}

    chinese = Suggestion.objects.get(text_version=texts["zh"])
    assert (chinese.state, chinese.author.username, chinese.decided_by.username) == (
        "accepted",
        "zh_native",
        "zh_translator",
    )
    assert chinese.segment.text == FEET_SUGGESTIONS["zh"][1]
    assert not has_contributed(user=chinese.author, text_version=texts["zh"])
    approval = Approval.objects.get(text_version=texts["zh"], decision="approved")
    assert (approval.reviewer, approval.generation) == (chinese.author, texts["zh"].edit_generation)

    tamil = Suggestion.objects.get(text_version=texts["ta"])
    assert (tamil.state, tamil.author.username, tamil.text) == ("open", "ta_native", FEET_SUGGESTIONS["ta"][1])
    assert tamil.segment.text != tamil.text
