"""seed_demo: a translator per language, a leaflet published through the real services, one in review.

Run twice, it adds nothing. Every figure a newcomer sees comes from genuine decisions: the gate, the
seals on approvals and on the publication, and the audit trail are those of the real workflow.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from review.audit import audit_verify
from review.models import Approval, AuditEvent, Publication
from review.selectors import gate_evaluate, publication_is_sealed
from translations.models import Contribution, TextVersion
from workbench.demo import ANTIBIOTICS, ANTIBIOTICS_TITLE, FEET_TITLE
from workbench.models import Leaflet

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db, settings, monkeypatch):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = FAST_HASHER
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("auth", "workbench", "review", "translations", "guardian")
        for model in apps.get_app_config(app).get_models()
    }


def test_seed_demo_prints_a_translator_login_per_language(seeded):
    for username in ("zh_translator", "ms_translator", "ta_translator"):
        assert username in seeded
    assert "Siti Aminah (Malay translator)" in seeded


def test_running_seed_demo_twice_adds_nothing(seeded):
    before = _row_counts()

    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())

    assert _row_counts() == before


def test_the_published_leaflet_went_through_translators_reviewers_and_the_publisher(seeded, as_user):
    leaflet = Leaflet.objects.get(title=ANTIBIOTICS_TITLE)
    publication = Publication.objects.get(leaflet=leaflet, state=Publication.State.LIVE)
    texts = list(publication.texts.all())
    assert sorted(t.language_id for t in texts) == ["en", "ms", "ta", "zh"]
    assert publication_is_sealed(publication=publication, texts=texts)
    for text in texts:
        tv = TextVersion.objects.get(pk=text.text_version_id)
        assert (text.content_hash, text.edit_generation) == (tv.content_hash, tv.edit_generation)
        assert [b["text"] for b in text.body] == [row[text.language_id] for row in ANTIBIOTICS]
        assert text.native_approval.reviewer.username == f"{text.language_id}_native"
        assert text.clinical_approval.reviewer.username == f"{text.language_id}_clinician"
        if text.language_id != "en":  # translated by the language's translator, who approved nothing
            assert set(
                Contribution.objects.filter(leaflet=leaflet, language=text.language_id).values_list(
                    "user__username", flat=True
                )
            ) == {f"{text.language_id}_translator"}
    assert AuditEvent.objects.filter(verb="text.ready_for_review", leaflet=leaflet).count() == 3
    assert audit_verify().ok
    page = as_user(None).get(f"/p/{leaflet.pk}/ta/")
    assert page.status_code == 200 and ANTIBIOTICS[-1]["ta"] in page.content.decode()


def test_the_leaflet_in_review_fills_every_roles_queue(seeded, as_user):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    leaflet = Leaflet.objects.get(title=FEET_TITLE)
    gate = gate_evaluate(leaflet=leaflet)
    assert not gate.open
    assert Approval.objects.filter(text_version__revision__leaflet=leaflet, decision="approved").count() == 2
    assert any("requested changes" in reason for reason in gate.reasons)

    def home(username):
        return as_user(users[username]).get("/").context

    assert any(item.leaflet == leaflet for item in home("en_native")["sections"].queue)
    assert any(item.leaflet == leaflet for item in home("zh_clinician")["sections"].queue)
    malay = home("ms_translator")["translation"].items
    assert any(item.leaflet == leaflet and item.open_requests for item in malay)
    tamil = home("ta_translator")["translation"].items
    assert any(item.claimed_by == users["ta_translator"] for item in tamil)  # the Dengue text she claimed
    publisher = home("publisher")["sections"]
    assert leaflet in [state.leaflet for state in publisher.blocked]
    assert as_user(users["publisher"]).get("/dashboard/").status_code == 200


def test_the_demo_accounts_roles_are_in_the_audit_trail_and_every_invariant_holds(seeded):
    from review.invariants import invariant_violations

    admin_grant = AuditEvent.objects.get(verb="role.superuser_granted", data__user="admin")
    assert admin_grant.actor is None and admin_grant.data["via"] == "seed_demo"
    assert AuditEvent.objects.filter(verb="role.member_added", data__user="ta_translator").exists()
    assert invariant_violations() == []
