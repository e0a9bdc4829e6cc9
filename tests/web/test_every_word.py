"""Every page a user can reach, rendered in Chinese, Malay and Tamil: every word in the reader's language.

The world is the demo's (a published leaflet, one halfway through review with suggestions and a change
request) plus a leaflet whose Tamil text has a QA error, model jobs that succeeded and failed, a glossary
term, a reader's problem report, a trusted source and provider evaluations. Each page is rendered once
per language as a person who may see it, and tests.support.language_audit says what a Chinese, Malay or
Tamil reader would find in the wrong language. The URL patterns are enumerated, so a new page is either
rendered here or listed in SKIPPED with the reason.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone, translation

from review.models import Suggestion
from review.reports import problem_report_submit
from review.services import leaflet_publish, publication_withdraw
from tests.conftest import approve_everything, make_leaflet, text_of, translate_all
from tests.dashboard_evidence.conftest import answered_as, evaluated, make_provider
from tests.dual_forward.conftest import awaiting, dual_leaflet, providers, servers  # noqa: F401 (fixtures)
from tests.support.language_audit import Finding, audit_html
from translations.jobs import job_queue_translation
from translations.models import GlossaryTerm, Job, Route
from workbench.demo import ANTIBIOTICS_TITLE, FEET_TITLE
from workbench.models import Leaflet, UserPreference
from workbench.services import SegmentInput, revision_save
from workbench.sources import source_add

# The pages' words: the same on either database engine (the SQLite pass runs it).
pytestmark = pytest.mark.one_engine

UI_LANGUAGES = ("zh-hans", "ms", "ta")
PATIENT_LANGUAGE = {"zh-hans": "zh", "ms": "ms", "ta": "ta", "en": "en"}
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# URL names not rendered as pages, and why.
SKIPPED = {
    "healthz": "plain-text health check for the load balancer",
    "set_language": "POST-only: the switcher's form (its options are checked on every page)",
    "logout": "POST-only",
    "segment_edit": "POST-only",
    "segment_save_all": "POST-only",
    "review_decision": "POST-only",
    "suggestion_add": "POST-only",
    "suggestion_decide": "POST-only",
    "review_withdraw_request": "POST-only",
    "finding_override": "POST-only",
    "review_comment": "POST-only",
    "publication_withdraw": "POST-only",
    "report_acknowledge": "POST-only",
    "report_mark_fixed": "POST-only",
    "report_dismiss": "POST-only",
    "report_withdraw": "POST-only",
    "translate": "POST-only: queues model jobs",
    "job_cancel": "POST-only",
    "job_retry": "POST-only",
    "job_progress": "JSON for the live job panels",
    "translation_segment_save": "POST-only",
    "translation_claim": "POST-only",
    "translation_release": "POST-only",
    "translation_ready": "POST-only",
    "reconcile_write": "POST-only",
    "source_confirm": "POST-only",
    "source_retire": "POST-only",
    "dashboard_route_apply": "POST-only",
    "dashboard_evaluate": "POST-only: queues an evaluation",
    "source_suggest": "JSON for the brief form's source suggestions",
    "dashboard_routing_bounds": "JSON for the evidence plot",
    "audit_csv": "download (CSV)",
    "leaflet_export_file": "download (XLIFF)",
    "leaflet_docx_export": "download (Word)",
    "memory_export_file": "download (TMX)",
    "public_leaflet_pdf": "download (PDF)",
    "leaflet_import_file": "POST-only: an uploaded file",
    "memory_import_file": "POST-only: an uploaded file",
}


def qa_body(leaflet):
    return [s for s in leaflet.current_revision.segments.all() if s.kind != "title"]


def _url_names() -> set[str]:
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                # The admin has its own test (tests/admin); the API answers JSON, not pages.
                if pattern.namespace == "admin" or str(pattern.pattern) == "api/":
                    continue
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    return set(walk(get_resolver().url_patterns))


class World:
    def __init__(self, personas, red_flag_leaflet, reconcilable):
        User = get_user_model()
        self.personas = personas
        self.people = {u.username: u for u in User.objects.all()}
        self.published = Leaflet.objects.get(title=ANTIBIOTICS_TITLE)
        self.in_review = Leaflet.objects.get(title=FEET_TITLE)
        self.qa = red_flag_leaflet  # translated; its Tamil red flag lost the emergency number
        succeeded, failed = job_queue_translation(leaflet=self.qa, user=personas.author, languages=["zh", "ta"])
        Job.objects.filter(pk=succeeded.pk).update(
            state=Job.State.SUCCEEDED, progress_done=3, finished_at=timezone.now()
        )
        Job.objects.filter(pk=failed.pk).update(
            state=Job.State.FAILED, progress_done=1, error="The model endpoint did not answer in time."
        )
        self.job, self.failed_job = succeeded, failed
        GlossaryTerm.objects.create(target_language="ta", source_term="dengue", target_term="டெங்கு")
        self.report = problem_report_submit(
            leaflet_id=self.published.pk,
            language="ms",
            category="translation",
            message="Dos dalam perenggan kedua tidak sama dengan kata ahli farmasi saya.",
            client_address="10.0.0.1",
        )
        self.source = source_add(
            user=personas.author,
            title="Dengue fever",
            publisher="Health Promotion Board",
            language="en",
            text="Dengue is spread by Aedes mosquitoes. Drink plenty of fluids and rest.",
        )
        sharp = make_provider("sharp")
        Route.objects.create(kind=Route.Kind.TRANSLATE, language="ta", provider=sharp, priority=10)
        evaluated(sharp, "ta")
        answered_as(sharp, "sharp-model", created_by=personas.author, leaflet=self.qa)
        self.provider_manager = User.objects.create_user(
            "models_admin", "models_admin@example.invalid", None, is_staff=True
        )
        self.provider_manager.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="translations", codename__endswith="_provider")
        )
        self.suggestion = Suggestion.objects.order_by("-pk").first()
        self.reconcilable = reconcilable  # Malay translated twice, waiting for a translator to reconcile
        # A stale edit kept as a conflict revision beside the current one.
        body = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in qa_body(self.qa)]
        theirs, mine = list(body), list(body)
        theirs[0] = SegmentInput(kind=body[0].kind, text="Theirs: " + body[0].text, key=body[0].key)
        mine[1] = SegmentInput(kind=body[1].kind, text="Mine: " + body[1].text, key=body[1].key)
        revision_save(leaflet=self.qa, user=personas.second_author, segments=theirs, base_revision_number=1)
        self.conflict = revision_save(leaflet=self.qa, user=personas.author, segments=mine, base_revision_number=1)
        # A leaflet published and then withdrawn: its printout's address tells the reader so.
        withdrawn = make_leaflet(personas.author, title="Published leaflet")
        translate_all(withdrawn)
        approve_everything(withdrawn, personas)
        self.withdrawn = withdrawn
        self.withdrawn_publication = publication_withdraw(
            publication=leaflet_publish(leaflet=withdrawn, publisher=personas.publisher),
            user=personas.publisher,
            reason="Dosage advice under review.",
        )

    def pages(self) -> dict[str, list[tuple[object, str]]]:
        """URL name -> the (user, address) renderings of it."""
        p, people = self.personas, self.people
        qa, published, in_review = self.qa, self.published, self.in_review
        malay_in_review = text_of(in_review, "ms")
        return {
            "login": [(None, "/accounts/login/")],
            "api_token_page": [(p.author, "/account/tokens/")],
            "home": [(p.author, "/"), (p.publisher, "/"), (people["ms_native"], "/"), (p.translator("ta"), "/")],
            "leaflet_list": [(p.author, "/leaflets/")],
            "leaflet_create": [(p.author, "/leaflets/new/")],
            "leaflet_detail": [
                (p.author, f"/leaflets/{qa.pk}/"),
                (p.author, f"/leaflets/{in_review.pk}/"),
                (p.author, f"/leaflets/{published.pk}/"),
            ],
            "leaflet_edit": [(p.author, f"/leaflets/{qa.pk}/edit/")],
            "revision_list": [(p.author, f"/leaflets/{published.pk}/revisions/")],
            "revision_compare": [(p.author, f"/leaflets/{published.pk}/compare/")],
            "revision_conflict": [(p.author, f"/leaflets/{qa.pk}/conflict/{self.conflict.revision.number}/")],
            "quality_dashboard": [(p.publisher, "/dashboard/"), (self.provider_manager, "/dashboard/")],
            "public_leaflet": [],  # rendered per language below, as the reader's own language
            "public_leaflet_version": [],
            "problem_report": [],
            "review_screen": [
                (p.reviewer("ta", "native"), f"/review/{text_of(qa, 'ta').pk}/"),
                (people["ms_native"], f"/review/{malay_in_review.pk}/"),
                (people["ta_native"], f"/review/{text_of(in_review, 'ta').pk}/"),
                (p.author, f"/review/{text_of(in_review, 'zh').pk}/"),
            ],
            "publish_screen": [
                (p.publisher, f"/leaflets/{published.pk}/publish/"),
                (p.publisher, f"/leaflets/{in_review.pk}/publish/"),
            ],
            "audit_list": [(p.publisher, f"/leaflets/{published.pk}/audit/")],
            "report_list": [(p.publisher, "/reports/")],
            "report_detail": [(p.publisher, f"/reports/{self.report.pk}/")],
            "draft_new": [(p.author, "/leaflets/draft/")],
            "draft_existing": [(p.author, f"/leaflets/{qa.pk}/draft/")],
            "leaflet_exchange": [(p.author, f"/leaflets/{qa.pk}/files/")],
            "leaflet_docx_import": [(p.author, f"/leaflets/{qa.pk}/files/word/import/")],
            "leaflet_docx_new": [(p.author, "/leaflets/from-word/")],
            "job_detail": [(p.author, f"/jobs/{self.job.pk}/"), (p.author, f"/jobs/{self.failed_job.pk}/")],
            "translation_screen": [
                (p.translator("ms"), f"/translate/{malay_in_review.pk}/"),
                (people["ta_translator"], f"/translate/{text_of(in_review, 'ta').pk}/"),
            ],
            "reconcile": [(p.translator("ms"), f"/reconcile/{self.reconcilable.pk}/")],
            "glossary_index": [(p.author, "/glossary/")],
            "glossary_language": [(p.author, "/glossary/ta/")],
            "glossary_term": [(p.author, f"/glossary/ta/{GlossaryTerm.objects.get().pk}/")],
            "source_list": [(p.author, "/sources/")],
            "source_add": [(p.author, "/sources/new/")],
            "source_detail": [(p.author, f"/sources/{self.source.pk}/")],
        }


@pytest.fixture
def world(personas, red_flag_leaflet, settings, monkeypatch, needs_redis, request):
    reconcilable = request.getfixturevalue("awaiting")
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    settings.PASSWORD_HASHERS = FAST_HASHER
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False  # the 404 and 403 pages as people see them
    return World(personas, red_flag_leaflet, reconcilable)


def test_every_page_is_rendered_or_skipped_with_a_reason():
    names = _url_names()
    forgotten = sorted(n for n in names if n not in SKIPPED and n not in _PAGE_NAMES)
    assert forgotten == [], f"render these pages in World.pages or skip them with a reason: {forgotten}"
    assert not (set(SKIPPED) - names), "SKIPPED names a page that no longer exists"


_PAGE_NAMES = {
    "login",
    "api_token_page",
    "home",
    "leaflet_list",
    "leaflet_create",
    "leaflet_detail",
    "leaflet_edit",
    "revision_list",
    "revision_compare",
    "revision_conflict",
    "quality_dashboard",
    "public_leaflet",
    "public_leaflet_version",
    "problem_report",
    "review_screen",
    "publish_screen",
    "audit_list",
    "report_list",
    "report_detail",
    "draft_new",
    "draft_existing",
    "leaflet_exchange",
    "leaflet_docx_import",
    "leaflet_docx_new",
    "job_detail",
    "translation_screen",
    "reconcile",
    "glossary_index",
    "glossary_language",
    "glossary_term",
    "source_list",
    "source_add",
    "source_detail",
}


def _speak(ui: str) -> None:
    for user in get_user_model().objects.all():
        UserPreference.objects.update_or_create(user=user, defaults={"ui_language": ui})


def _client(user, ui, as_user):
    client = as_user(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = ui
    return client


def test_every_page_speaks_the_readers_language(world, as_user):
    findings: list[Finding] = []
    failures: list[str] = []
    pages = world.pages()
    names = frozenset(
        name for user in get_user_model().objects.all() for name in (user.username, user.get_full_name()) if name
    )
    assert set(pages) == _PAGE_NAMES
    for ui in ("en", *UI_LANGUAGES):
        _speak(ui)
        lang = PATIENT_LANGUAGE[ui]
        renderings = [(user, url, 200) for rendered in pages.values() for user, url in rendered]
        renderings += [
            (None, f"/p/{world.published.pk}/{lang}/", 200),
            (None, f"/p/{world.withdrawn.pk}/{lang}/", 410),  # withdrawn: the reader is told so
            (None, f"/p/{world.withdrawn.pk}/{lang}/{world.withdrawn_publication.pk}/", 410),
            (None, f"/p/{world.published.pk}/{lang}/report/", 200),
            (world.personas.author, "/no-such-page/", 404),
            (world.personas.outsider, f"/leaflets/{world.published.pk}/", 404),  # not theirs
            (world.personas.reviewer("ta", "native"), f"/leaflets/{world.qa.pk}/edit/", 403),  # may see, not edit
        ]
        for user, url, want in renderings:
            response = _client(user, ui, as_user).get(url)
            if response.status_code != want:
                failures.append(f"{ui} {url} as {getattr(user, 'username', 'anonymous')}: {response.status_code}")
                continue
            if ui != "en":
                findings += audit_html(response.content.decode(), ui, f"{ui} {url}", names)
        login = _client(None, ui, as_user).post("/accounts/login/", {"username": "author", "password": "wrong"})
        if ui != "en":
            findings += audit_html(login.content.decode(), ui, f"{ui} /accounts/login/ (wrong password)", names)
    unique = sorted({(f.kind, f.page.split(" ")[0], f.text): f for f in findings}.values(), key=str)
    assert failures == [], failures
    assert unique == [], "\n" + "\n".join(map(str, unique))


def test_the_audit_finds_each_kind_of_wrong_word():
    html = """<html lang="zh-Hans"><head><title>首页</title></head><body>
      <p>保存</p><p>Save</p><button title="Log out">x</button>
      <p>Please wait</p><p lang="en">Please wait</p><p lang="">Please wait</p><script>var the = 1;</script>
      <li>ms: 3 个片段尚未翻译</li><p>发布于 1 十二月 2026</p><p>Published Dec. 1, 2026</p><p>3 segment(s)</p>
      <p>发布于 2026年12月1日</p><p>author</p></body></html>"""

    found = {(f.kind, f.text.split(" (in ")[0]) for f in audit_html(html, "zh-hans", "sample", frozenset({"author"}))}

    assert ("untranslated", "Save") in found and ("untranslated", "Log out") in found
    assert ("english", "Please wait") in found
    assert ("code", "ms: 3 个片段尚未翻译") in found
    assert ("date", "发布于 1 十二月 2026") in found and ("date", "Published Dec. 1, 2026") in found
    assert ("plural", "3 segment(s)") in found
    assert len([f for f in found if f[1] == "Please wait"]) == 1  # lang="en" and lang="" are not counted
    assert not any("2026年12月1日" in text or text in ("保存", "author") for _kind, text in found)


@pytest.mark.parametrize("ui", ["en", *UI_LANGUAGES])
def test_the_switcher_names_each_language_in_that_language(ui, personas, as_user):
    UserPreference.objects.create(user=personas.author, ui_language=ui)

    html = as_user(personas.author).get("/").content.decode()

    for code, tag, name in (
        ("en", "en", "English"),
        ("zh-hans", "zh-Hans", "简体中文"),
        ("ms", "ms", "Bahasa Melayu"),
        ("ta", "ta", "தமிழ்"),
    ):
        selected = " selected" if code == ui else ""
        assert f'<option value="{code}" lang="{tag}"{selected}>{name}</option>' in " ".join(html.split()), (ui, code)
