"""Who may see and do what: every page and action for every persona.

Rules (review.permissions decides, the views answer):
  * something the user may not see at all answers 404, so a title never leaks;
  * an action on something the user can see but may not do answers 403;
  * a refused POST changes nothing in the database.
"""

from __future__ import annotations

from functools import cached_property

import pytest

from review.models import Approval, AuditEvent, Comment, FindingOverride, Publication
from review.services import leaflet_publish
from tests.conftest import approve_everything, make_leaflet, text_of, translate_all
from tests.web.conftest import revision_rows
from translations.jobs import job_queue_translation
from translations.models import GlossaryTerm, Job, SegmentEdit, TargetSegment, TextVersion
from translations.qa_runner import current_findings
from workbench.models import Leaflet, Revision

LANGUAGES = ("en", "zh", "ms", "ta")
PERSONAS = ["author", "publisher", "outsider", "dual_tamil"] + [
    f"{code}_{stage}" for code in LANGUAGES for stage in ("native", "clinical")
]


def reviews(name: str) -> set[tuple[str, str]]:
    if name == "dual_tamil":
        return {("ta", "native"), ("ta", "clinical")}
    code, _sep, stage = name.partition("_")
    return {(code, stage)} if code in LANGUAGES else set()


def is_staff_reader(name):  # authors and publishers see every leaflet and text
    return name in ("author", "publisher")


def sees_leaflet(name, languages=LANGUAGES):
    return is_staff_reader(name) or any(code in languages for code, _ in reviews(name))


def sees_text(name, code):
    return is_staff_reader(name) or any(c == code for c, _ in reviews(name))


def has_role(name):
    return name != "outsider"


def only(allowed: bool, *, ok=200, visible=True):
    """`ok` when allowed, else 403 if the object is visible, else 404."""
    if allowed:
        return ok
    return 403 if visible else 404


class World:
    """The objects the actions act on; the expensive ones (a publication, a job) are made on first use."""

    def __init__(self, personas, leaflet):
        self.personas = personas
        self.leaflet = leaflet  # all four languages, translated; its Tamil text has one QA error
        self.chinese_only = make_leaflet(personas.author, languages=("en", "zh"), title="Chinese only leaflet")

    @property
    def tamil(self) -> TextVersion:
        return text_of(self.leaflet, "ta")

    @property
    def english(self) -> TextVersion:
        return text_of(self.leaflet, "en")

    @cached_property
    def published(self) -> Leaflet:
        published = make_leaflet(self.personas.author, title="Published leaflet")
        translate_all(published)
        approve_everything(published, self.personas)
        return published

    @cached_property
    def publication(self) -> Publication:
        return leaflet_publish(leaflet=self.published, publisher=self.personas.publisher)

    @cached_property
    def job(self) -> Job:
        (job,) = job_queue_translation(leaflet=self.leaflet, user=self.personas.author, languages=["zh"])
        return job


@pytest.fixture
def world(personas, red_flag_leaflet, settings) -> World:
    settings.REVIEWERS_EDIT_DIRECTLY = False  # the default, whatever the environment the tests run in
    return World(personas, red_flag_leaflet)


def _segment(tv):
    return TargetSegment.objects.filter(text_version=tv).order_by("position").first()


def _edit_post(w: World):
    revision = w.leaflet.current_revision
    rows = revision_rows(revision)  # the editor's rows: the title has its own field
    return {
        "title": w.leaflet.title,
        "topic": "",
        "audience": "",
        "base_revision_number": revision.number,
        "seg_key": [str(key) for key, _kind, _text in rows],
        "seg_kind": [kind for _key, kind, _text in rows],
        "seg_text": [text + " (edited)" for _key, _kind, text in rows],
    }


# (id, method, url(world), data(world) or None, expected(persona name) -> status)
ACTIONS = [
    ("home", "GET", lambda w: "/", None, lambda n: 200),
    ("leaflet-list", "GET", lambda w: "/leaflets/", None, lambda n: 200),
    ("create-form", "GET", lambda w: "/leaflets/new/", None, lambda n: only(n == "author")),
    (
        "create",
        "POST",
        lambda w: "/leaflets/new/",
        lambda w: {
            "title": "New",
            "source_language": "en",
            "required_languages": ["en", "ta"],
            "seg_key": [""],
            "seg_kind": ["paragraph"],
            "seg_text": ["Rest."],
        },
        lambda n: only(n == "author", ok=302),
    ),
    ("draft-form", "GET", lambda w: "/leaflets/draft/", None, lambda n: only(n == "author")),
    ("detail", "GET", lambda w: f"/leaflets/{w.leaflet.pk}/", None, lambda n: only(sees_leaflet(n), visible=False)),
    (
        "detail-chinese-only",
        "GET",
        lambda w: f"/leaflets/{w.chinese_only.pk}/",
        None,
        lambda n: only(sees_leaflet(n, ("en", "zh")), visible=False),
    ),
    (
        "editor",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/edit/",
        None,
        lambda n: only(n == "author", visible=sees_leaflet(n)),
    ),
    (
        "save-revision",
        "POST",
        lambda w: f"/leaflets/{w.leaflet.pk}/edit/",
        _edit_post,
        lambda n: only(n == "author", ok=302, visible=sees_leaflet(n)),
    ),
    (
        "history",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/revisions/",
        None,
        lambda n: only(sees_leaflet(n), visible=False),
    ),
    (
        "compare",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/compare/?old=1&new=1",
        None,
        lambda n: only(sees_leaflet(n), visible=False),
    ),
    (
        "history-chinese-only",
        "GET",
        lambda w: f"/leaflets/{w.chinese_only.pk}/revisions/",
        None,
        lambda n: only(sees_leaflet(n, ("en", "zh")), visible=False),
    ),
    (
        "review-tamil",
        "GET",
        lambda w: f"/review/{w.tamil.pk}/",
        None,
        lambda n: only(sees_text(n, "ta"), visible=False),
    ),
    (
        "review-english-source",
        "GET",
        lambda w: f"/review/{w.english.pk}/",
        None,
        lambda n: only(sees_text(n, "en"), visible=False),
    ),
    (
        # The default deployment: reviewers suggest, and a posted edit is refused, not only left off the
        # screen (WORKBENCH_REVIEWERS_EDIT_DIRECTLY; tests/web/test_review_screen.py edits with it on).
        "edit-tamil-segment",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/segments/{_segment(w.tamil).key}/",
        lambda w: {"text": "திருத்தப்பட்ட உரை", "edit_seq": _segment(w.tamil).edit_seq},
        lambda n: only(False, visible=sees_text(n, "ta")),
    ),
    (
        "suggest-tamil-segment",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/segments/{_segment(w.tamil).key}/suggest/",
        lambda w: {"text": "திருத்தப்பட்ட உரை", "edit_seq": _segment(w.tamil).edit_seq},
        lambda n: only(any(c == "ta" for c, _ in reviews(n)), ok=302, visible=sees_text(n, "ta")),
    ),
    (
        "edit-english-source-segment",
        "POST",
        lambda w: f"/review/{w.english.pk}/segments/{_segment(w.english).key}/",
        lambda w: {"text": "how long have you had these symptoms?"},
        lambda n: only(n == "author" or any(c == "en" for c, _ in reviews(n)), ok=302, visible=sees_text(n, "en")),
    ),
    (
        "approve-tamil-native",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/decision/",
        lambda w: {"action": "approve", "stage": "native", "expected_hash": w.tamil.content_hash},
        lambda n: only(("ta", "native") in reviews(n), ok=302, visible=sees_text(n, "ta")),
    ),
    (
        "request-changes-tamil-clinical",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/decision/",
        lambda w: {"action": "request_changes", "stage": "clinical", "comment": "Add the number."},
        lambda n: only(("ta", "clinical") in reviews(n), ok=302, visible=sees_text(n, "ta")),
    ),
    (
        "override-tamil-finding",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/findings/{current_findings(w.tamil).get().pk}/override/",
        lambda w: {"reason": "Checked by hand."},
        lambda n: only(any(c == "ta" for c, _ in reviews(n)), ok=302, visible=sees_text(n, "ta")),
    ),
    (
        "comment-tamil",
        "POST",
        lambda w: f"/review/{w.tamil.pk}/comments/",
        lambda w: {"body": "A note."},
        lambda n: only(sees_text(n, "ta"), ok=302, visible=False),
    ),
    (
        "publish-screen",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/publish/",
        None,
        lambda n: only(sees_leaflet(n), visible=False),
    ),
    (
        "publish",
        "POST",
        lambda w: f"/leaflets/{w.leaflet.pk}/publish/",
        lambda w: {},
        lambda n: only(n == "publisher", ok=302, visible=sees_leaflet(n)),
    ),
    (
        "withdraw",
        "POST",
        lambda w: f"/leaflets/{w.published.pk}/publications/{w.publication.pk}/withdraw/",
        lambda w: {"reason": "Outdated advice."},
        lambda n: only(n == "publisher", ok=302, visible=sees_leaflet(n)),
    ),
    (
        "audit",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/audit/",
        None,
        lambda n: only(is_staff_reader(n), visible=sees_leaflet(n)),
    ),
    (
        "audit-csv",
        "GET",
        lambda w: f"/leaflets/{w.leaflet.pk}/audit.csv",
        None,
        lambda n: only(is_staff_reader(n), visible=sees_leaflet(n)),
    ),
    (
        "translate",
        "POST",
        lambda w: f"/leaflets/{w.leaflet.pk}/translate/",
        lambda w: {"languages": ["ms"]},
        lambda n: only(n == "author", ok=302, visible=sees_leaflet(n)),
    ),
    (
        "job-progress",
        "GET",
        lambda w: f"/jobs/{w.job.pk}/progress/",
        None,
        lambda n: only(sees_leaflet(n), visible=False),
    ),
    (
        "job-cancel",
        "POST",
        lambda w: f"/jobs/{w.job.pk}/cancel/",
        lambda w: {},
        lambda n: only(n == "author", ok=302, visible=sees_leaflet(n)),
    ),
    ("dashboard", "GET", lambda w: "/dashboard/", None, lambda n: only(has_role(n))),
    ("glossary", "GET", lambda w: "/glossary/ta/", None, lambda n: only(has_role(n))),
    (
        "glossary-add",
        "POST",
        lambda w: "/glossary/ta/",
        lambda w: {"source_term": "fever", "target_term": "காய்ச்சல்", "approved": "on"},
        lambda n: only(n == "author", ok=302),
    ),
    ("patient-page", "GET", lambda w: f"/p/{w.publication.leaflet_id}/ta/", None, lambda n: 200),
]


def snapshot():
    """Everything a refused POST must leave alone."""
    return {
        "leaflets": Leaflet.objects.count(),
        "revisions": Revision.objects.count(),
        "texts": sorted(TargetSegment.objects.values_list("id", "text", "edit_seq")),
        "hashes": sorted(TextVersion.objects.values_list("id", "content_hash")),
        "edits": SegmentEdit.objects.count(),
        "approvals": Approval.objects.count(),
        "comments": Comment.objects.count(),
        "overrides": FindingOverride.objects.count(),
        "publications": sorted(Publication.objects.values_list("id", "state")),
        "jobs": sorted(Job.objects.values_list("id", "state")),
        "glossary": GlossaryTerm.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def _user(personas, persona):
    named = {
        "author": personas.author,
        "publisher": personas.publisher,
        "outsider": personas.outsider,
        "dual_tamil": personas.dual_tamil,
    }
    return named.get(persona) or personas.reviewer(*persona.split("_"))


@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_access(action, personas, world, as_user):
    """One action, every persona in turn, anonymous first and refusals before permissions
    (so an allowed POST cannot change what a later refusal is checked against)."""
    name, method, url, data, expected = action
    order = ["anonymous"] + sorted(PERSONAS, key=lambda persona: expected(persona) in (200, 302))
    wrong = []
    for persona in order:
        client = as_user(None if persona == "anonymous" else _user(personas, persona))
        target = url(world)  # may create the lazy objects: before the snapshot
        payload = data(world) if data else None
        before = snapshot()
        response = client.get(target) if method == "GET" else client.post(target, payload)
        if persona == "anonymous":
            # Only the patient page is public; everything else asks to log in first.
            if name == "patient-page":
                want = 200
            elif response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
                want = 302
                if method == "POST" and snapshot() != before:
                    wrong.append("anonymous: sent to log in but the database changed")
                continue
            else:
                want = "302 to /accounts/login/"
        else:
            want = expected(persona)
        if response.status_code != want:
            wrong.append(f"{persona}: got {response.status_code}, expected {want}")
        elif method == "POST" and want in (403, 404) and snapshot() != before:
            wrong.append(f"{persona}: refused with {want} but the database changed")
    assert wrong == [], f"{method} {name}"
