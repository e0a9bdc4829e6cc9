"""The interface in English, Simplified Chinese, Malay and Tamil."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from workbench.models import UserPreference

# The interface's words: the same on either database engine (the SQLite pass runs it).
pytestmark = pytest.mark.one_engine

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = {"zh_Hans": "zh-hans", "ms": "ms", "ta": "ta"}
# The files whose strings this interface owns; every one of their msgids must be translated.
OWNED = (
    "templates/",
    "workbench/views.py",
    "workbench/forms.py",
    "workbench/http.py",
    "workbench/dashboard.py",
    "workbench/templatetags/",
    "review/views.py",
    "review/forms.py",
    "translations/views.py",
    "translations/forms.py",
)


def _entries(po: Path):
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        msgid = "".join(
            re.findall(r'"((?:[^"\\]|\\.)*)"', "".join(re.findall(r'^msgid (".*"(?:\n".*")*)', block, re.M)))
        )
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        values = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m)) for m in msgstrs]
        if msgid:
            yield refs, msgid, values, fuzzy


def _compiled() -> bool:
    return all((ROOT / "locale" / d / "LC_MESSAGES" / "django.mo").exists() for d in CATALOGUES)


@pytest.mark.parametrize("directory", CATALOGUES)
def test_every_interface_string_has_a_translation(directory):
    po = ROOT / "locale" / directory / "LC_MESSAGES" / "django.po"
    missing = [
        msgid
        for refs, msgid, values, fuzzy in _entries(po)
        if any(path in refs for path in OWNED) and (fuzzy or not all(values))
    ]
    assert missing == [], f"{directory}: untranslated or fuzzy (run makemessages, then translate): {missing}"


@pytest.mark.parametrize("directory", CATALOGUES)
def test_translations_keep_every_placeholder(directory):
    po = ROOT / "locale" / directory / "LC_MESSAGES" / "django.po"
    for _refs, msgid, values, _fuzzy in _entries(po):
        wanted = sorted(set(re.findall(r"%\(\w+\)[sdr]", msgid)))
        for value in values:
            if value:
                assert sorted(set(re.findall(r"%\(\w+\)[sdr]", value))) == wanted, (directory, msgid, value)


@pytest.mark.parametrize(
    "ui, html_lang, word",
    [
        ("en", "en", "Waiting for your review"),
        ("zh-hans", "zh-Hans", "等待您审核"),
        ("ms", "ms", "Menunggu semakan anda"),
        ("ta", "ta", "உங்கள் மதிப்பாய்வுக்குக் காத்திருப்பவை"),
    ],
)
def test_the_saved_preference_picks_the_interface_language(ui, html_lang, word, personas, as_user):
    if not _compiled():
        pytest.skip("COMPILE THE CATALOGUES FIRST: manage.py compilemessages (make test does)")
    reviewer = personas.reviewer("ta", "native")
    UserPreference.objects.create(user=reviewer, ui_language=ui)

    html = as_user(reviewer).get("/").content.decode()

    assert f'<html lang="{html_lang}">' in html
    assert word in html


def test_the_language_switcher_stores_the_choice_for_the_user(personas, as_user):
    client = as_user(personas.author)

    response = client.post("/i18n/setlang/", {"language": "ms", "next": "/leaflets/"})

    assert response.status_code == 302 and response["Location"] == "/leaflets/"
    assert UserPreference.objects.get(user=personas.author).ui_language == "ms"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert UserPreference.objects.get(user=personas.author).ui_language == "ms"


def test_anonymous_visitors_switch_with_a_cookie_only(db, as_user):
    client = as_user(None)
    client.post("/i18n/setlang/", {"language": "ta", "next": "/accounts/login/"})
    assert not UserPreference.objects.exists()
    assert 'lang="ta"' in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("ui", ["en", "zh-hans", "ms", "ta"])
def test_every_page_renders_in_every_language(ui, approved_leaflet, personas, as_user):
    from review.services import leaflet_publish
    from tests.conftest import text_of

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    for user in (personas.author, personas.publisher, personas.reviewer("ta", "clinical")):
        UserPreference.objects.update_or_create(user=user, defaults={"ui_language": ui})
    pages = [
        (personas.author, "/"),
        (personas.author, "/leaflets/"),
        (personas.author, "/leaflets/new/"),
        (personas.author, "/leaflets/draft/"),
        (personas.author, f"/leaflets/{approved_leaflet.pk}/"),
        (personas.author, f"/leaflets/{approved_leaflet.pk}/edit/"),
        (personas.author, f"/leaflets/{approved_leaflet.pk}/revisions/"),
        (personas.author, f"/leaflets/{approved_leaflet.pk}/compare/"),
        (personas.reviewer("ta", "clinical"), f"/review/{text_of(approved_leaflet, 'ta').pk}/"),
        (personas.publisher, f"/leaflets/{approved_leaflet.pk}/publish/"),
        (personas.publisher, f"/leaflets/{approved_leaflet.pk}/audit/"),
        (personas.publisher, "/dashboard/"),
        (personas.author, "/glossary/"),
        (personas.author, "/glossary/ta/"),
        (personas.author, "/leaflets/from-word/"),
        (personas.author, f"/leaflets/{approved_leaflet.pk}/files/word/import/"),
        (personas.publisher, "/reports/"),
    ]
    for user, url in pages:
        response = as_user(user).get(url)
        assert response.status_code == 200, (ui, url)
        assert response["Content-Language"] == translation.get_supported_language_variant(ui), (ui, url)
