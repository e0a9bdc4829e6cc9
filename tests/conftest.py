"""Shared personas and builders. Tests read like sentences about these people."""

from __future__ import annotations

import os
import uuid
import zlib
from dataclasses import dataclass

import pytest
import redis as redis_client
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.test import Client

from review.role_services import ensure_roles
from review.roles import AUTHORS, PUBLISHERS, stage_group_name, translator_group_name
from tests.support.review import seen
from translations.models import TargetSegment, TextVersion
from translations.text_versions import text_version_apply_translations
from workbench.models import Language, Leaflet
from workbench.services import SegmentInput, leaflet_create

# Real sentence pairs from TICO-19 (CC0), so the QA checks see real language.
TICO = [
    {
        "en": "about how long have these symptoms been going on?",
        "zh": "这些症状已持续多长时间？",
        "ms": "agak-agak sudah berapa lamakah simptom ini berterusan?",
        "ta": "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?",
    },
    {
        "en": "i will send you an image",
        "zh": "我会发给您一张图像",
        "ms": "saya akan hantarkan imej kepada anda",
        "ta": "உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி வைக்கிறேன்",
    },
]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in another language leaves that language active in the thread; the next test starts in English."""
    yield
    from django.utils import translation

    translation.deactivate()


@dataclass
class Personas:
    author: object
    second_author: object
    publisher: object
    outsider: object
    reviewers: dict  # (language, stage) -> user
    dual_tamil: object  # in both Tamil groups
    translators: dict  # language -> user in that language's translator group ("Malay translators")

    def reviewer(self, language: str, stage: str):
        return self.reviewers[(language, stage)]

    def translator(self, language: str):
        return self.translators[language]


def make_user(username: str, *groups: str):
    # No password: tests log in with force_login, and hashing a dozen
    # passwords per test with production-strength PBKDF2 costs seconds.
    user = get_user_model().objects.create_user(username=username, password=None, email=f"{username}@example.invalid")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "live_server"})


def pytest_collection_modifyitems(config, items):
    """Which tests each pass of `make test` runs (scripts/devstack.py sets WORKBENCH_TEST_PASS).

    A test whose outcome the database engine can change (it touches the
    database and is not marked one_engine) runs in both passes, SQLite and
    PostgreSQL. Every other test gives the same answer on either engine, so
    it runs once: one marked one_engine (the interface's words, the model
    endpoint's replies), browser and fuzz tests in the SQLite pass; one with
    no database at all (a QA check on two strings, the PHI detector, a PDF
    render) in the pass its file falls to by a stable hash, so that the two
    passes, side by side on two cores, take about as long. Without
    WORKBENCH_TEST_PASS every test runs.
    """
    which = os.environ.get("WORKBENCH_TEST_PASS")
    if which not in ("sqlite", "postgresql"):
        return
    keep, drop = [], []
    for item in items:
        uses_database = bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(
            item.get_closest_marker("django_db")
        )
        if uses_database and not item.get_closest_marker("one_engine"):
            mine = True
        elif uses_database or item.get_closest_marker("browser") or item.get_closest_marker("fuzz"):
            mine = which == "sqlite"  # with the database, SQLite's in-process one is the quicker
        else:
            mine = _pass_of_file(item.nodeid.split("::")[0]) == which
        (keep if mine else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _pass_of_file(path: str) -> str:
    # A third of these files to PostgreSQL: its pass runs every engine-bound test at about twice
    # SQLite's cost per test (a server round trip per query), so the SQLite pass takes the larger share.
    return "postgresql" if zlib.crc32(path.encode()) % 3 == 0 else "sqlite"


def make_users(groups_of: dict[str, tuple[str, ...]]) -> dict:
    """Username -> a new user in those groups, in four queries however many (make_user's way, in bulk):
    every test that meets the personas creates sixteen of them."""
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=name, email=f"{name}@example.invalid", password=make_password(None)) for name in groups_of]
    )
    by_name = {user.username: user for user in users}
    wanted = {group for groups in groups_of.values() for group in groups}
    groups = {group.name: group for group in Group.objects.filter(name__in=wanted)}
    membership = User.groups.through
    membership.objects.bulk_create(
        [
            membership(user_id=by_name[name].pk, group_id=groups[group].pk)
            for name, names in groups_of.items()
            for group in names
            if group in groups
        ]
    )
    return by_name


@pytest.fixture
def personas(db) -> Personas:
    ensure_roles()
    languages = {language.code: language for language in Language.objects.all()}
    tamil = languages["ta"]
    specs: dict[str, tuple[str, ...]] = {
        f"{code}_{stage}": (stage_group_name(language, stage),)
        for code, language in languages.items()
        for stage in ("native", "clinical")
    }
    specs.update({f"{code}_translator": (translator_group_name(languages[code]),) for code in ("zh", "ms", "ta")})
    specs.update(
        {
            "author": (AUTHORS,),
            "author2": (AUTHORS,),
            "publisher": (PUBLISHERS,),
            "outsider": (),
            "ta_dual": (stage_group_name(tamil, "native"), stage_group_name(tamil, "clinical")),
        }
    )
    users = make_users(specs)
    return Personas(
        author=users["author"],
        second_author=users["author2"],
        publisher=users["publisher"],
        outsider=users["outsider"],
        reviewers={(code, stage): users[f"{code}_{stage}"] for code in languages for stage in ("native", "clinical")},
        dual_tamil=users["ta_dual"],
        translators={code: users[f"{code}_translator"] for code in ("zh", "ms", "ta")},
    )


def make_leaflet(author, *, languages=("en", "zh", "ms", "ta"), title="Symptoms check", rows=TICO) -> Leaflet:
    return leaflet_create(
        user=author,
        title=title,
        required_languages=list(languages),
        segments=[SegmentInput(kind="paragraph", text=row["en"]) for row in rows],
    )


def text_of(leaflet: Leaflet, language: str) -> TextVersion:
    leaflet.refresh_from_db()
    return TextVersion.objects.get(revision_id=leaflet.current_revision_id, language_id=language)


# The leaflet titles the tests use, translated: the title is a segment, translated and reviewed like the rest.
TITLES = {
    "Symptoms check": {"zh": "症状检查", "ms": "Pemeriksaan simptom", "ta": "அறிகுறி சோதனை"},
    "Symptoms check (published)": {
        "zh": "症状检查（已发布）",
        "ms": "Pemeriksaan simptom (diterbitkan)",
        "ta": "அறிகுறி சோதனை (வெளியிடப்பட்டது)",
    },
    "Dengue: when to get help": {
        "zh": "登革热：何时求助",
        "ms": "Denggi: bila perlu mendapatkan bantuan",
        "ta": "டெங்கு: எப்போது உதவி பெற வேண்டும்",
    },
    "Second leaflet": {"zh": "第二份单张", "ms": "Risalah kedua", "ta": "இரண்டாவது துண்டுப்பிரசுரம்"},
    "Published leaflet": {"zh": "已发布的单张", "ms": "Risalah yang diterbitkan", "ta": "வெளியிடப்பட்ட துண்டுப்பிரசுரம்"},
    "Fever at home": {"zh": "在家发烧时", "ms": "Demam di rumah", "ta": "வீட்டில் காய்ச்சல்"},
    "Race": {"zh": "竞争测试", "ms": "Ujian perlumbaan", "ta": "போட்டி சோதனை"},  # "Race 7": the number is kept
    "Twice": {"zh": "两次", "ms": "Dua kali", "ta": "இரண்டு முறை"},
}


def title_translation(title: str, language: str, rows=()) -> str:
    """A title from TITLES ("Race 7" as "Race" plus the number), or from the rows when a row is the title."""
    for row in rows:
        if row["en"] == title:
            return row[language]
    name, _space, number = title.rpartition(" ")
    if title not in TITLES and number.isdigit() and name in TITLES:
        return f"{TITLES[name][language]} {number}"
    return TITLES[title][language]


def translate_all(leaflet: Leaflet, rows=TICO) -> None:
    """Fill every target language from the TICO pairs (the title from TITLES), as a model job would."""
    by_en = {row["en"]: row for row in rows}
    for tv in TextVersion.objects.filter(revision_id=leaflet.current_revision_id, is_source=False):
        translations = {
            s.key: title_translation(s.source_segment.text, tv.language_id, rows)
            if s.source_segment.kind == "title"
            else by_en[s.source_segment.text][tv.language_id]
            for s in TargetSegment.objects.filter(text_version=tv).select_related("source_segment")
        }
        text_version_apply_translations(
            text_version=tv, translations=translations, origin=TargetSegment.Origin.MODEL, model_name="scripted-model-1"
        )


def approve_everything(leaflet: Leaflet, personas: Personas) -> None:
    from review.services import translation_approve

    for code in leaflet.language_codes():
        for stage in ("native", "clinical"):
            translation_approve(
                text_version=text_of(leaflet, code),
                expected_hash=seen(text_of(leaflet, code)),
                reviewer=personas.reviewer(code, stage),
                stage=stage,
            )


@pytest.fixture
def leaflet(personas) -> Leaflet:
    return make_leaflet(personas.author)


@pytest.fixture
def translated_leaflet(leaflet) -> Leaflet:
    translate_all(leaflet)
    return leaflet


@pytest.fixture
def approved_leaflet(translated_leaflet, personas) -> Leaflet:
    approve_everything(translated_leaflet, personas)
    return translated_leaflet


# Three segments of a dengue leaflet with a red flag; the Tamil red flag drops the
# emergency number, which the QA "numbers" check reports as an error.
RED_FLAG = {
    "en": "Call 995 at once if you bleed from the gums or nose.",
    "zh": "如果牙龈或鼻子出血，请立即拨打995。",
    "ms": "Hubungi 995 segera jika gusi atau hidung anda berdarah.",
    "ta": "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே அழைக்கவும்.",
}
TAMIL_RED_FLAG_FIXED = "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே 995 ஐ அழைக்கவும்."


@pytest.fixture
def red_flag_leaflet(personas) -> Leaflet:
    """A translated leaflet whose Tamil text has one QA error (a missing emergency number)."""
    rows = TICO + [RED_FLAG]
    leaflet = leaflet_create(
        user=personas.author,
        title="Dengue: when to get help",
        required_languages=["en", "zh", "ms", "ta"],
        segments=[SegmentInput(kind="paragraph", text=r["en"]) for r in TICO]
        + [SegmentInput(kind="red_flag", text=RED_FLAG["en"])],
    )
    translate_all(leaflet, rows=rows)
    return leaflet


@pytest.fixture
def as_user():
    """as_user(user) -> a test client logged in as that user (None: anonymous)."""

    def login(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return login


def new_key() -> uuid.UUID:
    return uuid.uuid4()


# --- Model server, providers and the worker ------------------------------------------------


def redis_available() -> bool:
    from django.conf import settings

    try:
        return bool(redis_client.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis_client.RedisError:
        return False


@pytest.fixture
def needs_redis():
    if not redis_available():
        pytest.skip("NEEDS REDIS: run the suite with `make test`, which starts a real Redis server")


@pytest.fixture
def cache_in_redis(needs_redis):
    """The cache (Redis) empty before and after the test: what is cached is what the test made."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def model_server():
    from tests.support.fake_llm import FakeLLMServer

    with FakeLLMServer() as server:
        for english, translated in TITLES.items():  # the titles are segments, translated like the rest
            for language, text in translated.items():
                server.add_translation(english, language, text)
                server.add_translation(text, "en", english)  # and back
        yield server


@pytest.fixture
def provider(db, model_server, needs_redis):
    from translations.models import Provider

    return Provider.objects.create(
        name="scripted",
        base_url=model_server.base_url,
        model="scripted-model-1",
        timeout_s=5,
        max_tokens=4000,
        price_in_per_1k="0.0005",
        price_out_per_1k="0.0015",
        max_concurrency=4,
    )


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment for the worker process; a test module overrides this fixture to change it."""
    return {}


@pytest.fixture
def worker(transactional_db, worker_env):
    from tests.support.worker import worker_running

    with worker_running(worker_env) as proc:
        yield proc


@pytest.fixture
def postgres_only(transactional_db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("POSTGRES: races need real row locks; this runs in `make test`'s PostgreSQL pass")
