"""The admin in the reader's language: section, model and field names, plurals, columns and form labels.

The issue: "the admin keeps English section and field names ('Phi policy', 'Api key env', 'Timeout s')
and wrong plurals ('Job batchs', 'Memory entrys') in every UI language". Django translates its own
words; the labels are ours. Every label of the workbench's three apps is checked twice: as declared
(each model's and field's name, plural, help text and choice labels under translation.override,
against the English), and as rendered (the admin index and, for every registered model, the list,
the add page where adding is allowed and one row's change page, in Chinese, Malay and Tamil).
"""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy, override

from review.models import Comment, FindingOverride, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish
from review.suggestions import suggestion_create
from tests.admin.conftest import client_for
from tests.conftest import text_of
from translations.models import (
    EvaluationResult,
    EvaluationRun,
    Finding,
    GlossaryTerm,
    Job,
    JobBatch,
    MemoryEntry,
    PhiAllowedName,
    PhiNameOverride,
    Provider,
    TargetSegment,
    Vendor,
    VendorExport,
)
from workbench.models import UserPreference

# The admin's words: the same on either database engine (the SQLite pass runs it).
pytestmark = pytest.mark.one_engine

APPS = ("workbench", "translations", "review")
UI_LANGUAGES = ("zh-hans", "ms", "ta")

# Labels that are rightly the same words in a language, each with its reason ("*": every language).
SAME_IN_TRANSLATION = {
    ("*", "ID"): "the abbreviation is written so in Chinese, Malay and Tamil screens",
    ("*", "BLEU"): "the name of a metric",
    ("*", "chrF"): "the name of a metric",
    ("*", "PDF"): "the name of a file format",
    ("*", "URL"): "Malay and Tamil screens write web addresses as URL",
    ("*", "OpenAI"): "a product's name",
    ("*", "Azure OpenAI"): "a product's name",
    ("*", "DeepSeek"): "a product's name",
    ("*", "vLLM"): "a product's name",
    ("*", "Ollama"): "a product's name",
    ("ms", "model"): "Malay says 'model' too",
    ("ms", "Model"): "Malay says 'model' too",
}
# Choices shown as they are on purpose.
CHOICES_AS_THEY_ARE = {
    ("workbench", "UserPreference", "ui_language"): "each interface language is offered in its own name",
    ("translations", "Provider", "token_param"): "the endpoint's own parameter names, sent as shown",
}


def _same_is_right(language: str, english: str) -> bool:
    # A column header or form label is the label with its first letter capitalised ("ChrF").
    spellings = {english, english[:1].lower() + english[1:]}
    return any((where, word) in SAME_IN_TRANSLATION for where in ("*", language) for word in spellings)


def _our_models() -> list[type[models.Model]]:
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def _fields(model) -> list[models.Field]:
    # Reverse relations are the other model's to name; the automatic "id" is Django's ("ID").
    return [f for f in model._meta.get_fields() if not f.auto_created]


def _labels(model) -> list[tuple[str, object]]:
    """(where, lazy text) of every label this model shows in the admin."""
    meta = model._meta
    out: list[tuple[str, object]] = [
        (f"{meta.label} verbose_name", meta.verbose_name),
        (f"{meta.label} verbose_name_plural", meta.verbose_name_plural),
    ]
    for field in _fields(model):
        where = f"{meta.label}.{field.name}"
        out.append((f"{where} verbose_name", field.verbose_name))
        if field.help_text:
            out.append((f"{where} help_text", field.help_text))
        if field.choices and (meta.app_label, model.__name__, field.name) not in CHOICES_AS_THEY_ARE:
            out += [(f"{where} choice {value!r}", label) for value, label in field.flatchoices]
    return out


def test_every_model_and_field_names_itself_for_people_with_a_real_plural():
    missing = []
    for model in _our_models():
        meta = model._meta
        for option in ("verbose_name", "verbose_name_plural"):
            if option not in meta.original_attrs or not isinstance(getattr(meta, option), Promise):
                missing.append(f"{meta.label}: Meta.{option} is not set through gettext_lazy")
        for field in _fields(model):
            if not isinstance(field.verbose_name, Promise):
                missing.append(f"{meta.label}.{field.name}: verbose_name {field.verbose_name!r} is not translatable")
            if field.help_text and not isinstance(field.help_text, Promise):
                missing.append(f"{meta.label}.{field.name}: help_text {field.help_text!r} is not translatable")
    for label in APPS:
        if not isinstance(apps.get_app_config(label).verbose_name, Promise):
            missing.append(f"app {label}: verbose_name is not translatable")
    assert not missing, "\n".join(missing)


def _untranslated(language: str) -> list[str]:
    """Every label of the three apps that reads the same in `language` as in English (and should not)."""
    labels = [(where, text) for model in _our_models() for where, text in _labels(model)]
    labels += [(f"app {label}", apps.get_app_config(label).verbose_name) for label in APPS]
    with override("en"):
        english = [str(text) for _where, text in labels]
    with override(language):
        translated = [str(text) for _where, text in labels]
    return [
        f"{where}: {en!r}"
        for (where, _text), en, tr in zip(labels, english, translated, strict=True)
        if en == tr and not _same_is_right(language, en)
    ]


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_label_of_every_model_reads_in_the_interface_language(language):
    untranslated = _untranslated(language)
    assert not untranslated, f"left in English in {language}:\n" + "\n".join(untranslated)


def test_a_single_label_without_a_translation_is_caught(monkeypatch):
    monkeypatch.setattr(Provider._meta.get_field("timeout_s"), "verbose_name", gettext_lazy("timeout s"))
    assert _untranslated("ta") == ["translations.Provider.timeout_s verbose_name: 'timeout s'"]


# --- The pages ---------------------------------------------------------------------------------------


@pytest.fixture
def rows(approved_leaflet, personas, superuser):
    """One row of every model the admin lists."""
    leaflet = approved_leaflet
    now = timezone.now()
    publication = leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    tamil = text_of(leaflet, "ta")
    provider = Provider.objects.create(
        name="cloud", base_url="https://api.example.invalid/v1", model="gpt-4o-mini", api_key_env="OPENAI_API_KEY"
    )
    job = Job.objects.create(
        kind="translate", leaflet=leaflet, text_version=tamil, language="ta", created_by=personas.author
    )
    JobBatch.objects.create(job=job, phase="translate", index=0, segment_keys=[], provider=provider)
    GlossaryTerm.objects.get_or_create(target_language="ta", source_term="dengue", defaults={"target_term": "டெங்கு"})
    if not MemoryEntry.objects.exists():
        MemoryEntry.objects.create(
            source_language="en", target_language="ta", source_hash="0" * 64, source_text="Fever", target_text="காய்ச்சல்"
        )
    finding = Finding.objects.filter(text_version=tamil).first() or Finding.objects.create(
        text_version=tamil, content_hash=tamil.content_hash, check_id="numbers", severity="error", message="995"
    )
    FindingOverride.objects.create(finding=finding, reviewer=personas.reviewers[("ta", "clinical")], reason="checked")
    Comment.objects.create(text_version=tamil, author=personas.reviewers[("ta", "native")], body="Please check.")
    segment = TargetSegment.objects.filter(text_version=tamil).order_by("position").last()
    suggestion_create(
        text_version=tamil,
        segment_key=segment.key,
        text=segment.text + " உடனே.",
        reviewer=personas.reviewers[("ta", "clinical")],
        expected_seq=segment.edit_seq,
    )
    vendor = Vendor.objects.create(name="agency")
    VendorExport.objects.create(
        vendor=vendor,
        leaflet=leaflet,
        text_version=tamil,
        language=tamil.language,
        revision_number=1,
        file_format="xliff",
        content_hash=tamil.content_hash,
        edit_generation=tamil.edit_generation,
    )
    PhiAllowedName.objects.create(name="Dr Lim", created_by=superuser)
    PhiNameOverride.objects.create(leaflet=leaflet, name_digest="a" * 64, reason="A staff name.", created_by=superuser)
    run = EvaluationRun.objects.create(language="ta", reference="memory", state="succeeded", segments=3)
    EvaluationResult.objects.create(
        run=run, provider=provider, provider_name="cloud", model="gpt-4o-mini", prompt_version="t1", chrf=55.0
    )
    endpoint = WebhookEndpoint.objects.create(url="https://receiver.example/hooks", secret="s" * 32, events=[])
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="leaflet.published", delivery_id=uuid.uuid4(), publication=publication, payload="{}"
    )
    UserPreference.objects.get_or_create(user=superuser)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="someone", ip_address="10.0.0.1", attempt_time=now)
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1", attempt_time=now, locked_out=False)


def _pages(model, user) -> list[tuple[str, str]]:
    """(what, URL) of the admin pages of this model: its list, one row, and the add page where adding is allowed."""
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    row = model._default_manager.order_by("pk").first()
    assert row is not None, f"no {model._meta.label} row to open"
    pages = [("changelist", base), ("change page", f"{base}{row.pk}/change/")]
    request = RequestFactory().get(base)
    request.user = user
    if admin.site._registry[model].has_add_permission(request):
        pages.append(("add page", f"{base}add/"))
    return pages


_TAG = re.compile(r"<[^>]+>")


def _texts(page: str, pattern: str) -> list[str]:
    return [" ".join(html.unescape(_TAG.sub(" ", inner)).split()) for inner in re.findall(pattern, page, re.S)]


def _shown_labels(page: str) -> list[str]:
    """Column headers, form labels, fieldset and inline titles, filter titles: the words the admin adds."""
    texts = _texts(page, r'<th scope="col"[^>]*>(.*?)</th>')  # changelist columns
    texts += _texts(page, r"<thead>(.*?)</thead>")  # inline columns
    texts += _texts(page, r"<label[^>]*>(.*?)</label>")
    texts += _texts(page, r"<h2[^>]*>(.*?)</h2>")
    texts += _texts(page, r'<div class="help"[^>]*>(.*?)</div>')
    texts += _texts(page, r'<details data-filter-title="([^"]*)"')
    texts += [
        t
        for block in re.findall(r'<select name="action"[^>]*>(.*?)</select>', page, re.S)
        for t in _texts(block, r"<option[^>]*>(.*?)</option>")
    ]
    return [t.rstrip(":：").strip() for t in texts if t]


def _admin_words(model_admin) -> list[object]:
    """What an admin class of ours says besides the model's labels: its form's labels and help texts,
    its actions' descriptions."""
    words: list[object] = list(
        (getattr(model_admin.form, "_meta", None) and model_admin.form._meta.help_texts or {}).values()
    )
    for field in getattr(model_admin.form, "base_fields", {}).values():
        words += [w for w in (field.label, field.help_text) if w]
    # An action is named or given as a function.
    words += [getattr(getattr(model_admin, str(a), a), "short_description", "") for a in model_admin.actions or ()]
    return [w for w in words if w]


def _english_labels() -> set[str]:
    with override("en"):
        texts = [text for model in _our_models() for _where, text in _labels(model)]
        texts += [apps.get_app_config(label).verbose_name for label in APPS]
        texts += [w for m, a in admin.site._registry.items() if m._meta.app_label in APPS for w in _admin_words(a)]
        return {str(text) for text in texts} | {capfirst(str(text)) for text in texts}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_the_admin_speaks_the_interface_language_on_every_page(language, rows, superuser):
    UserPreference.objects.update_or_create(user=superuser, defaults={"ui_language": language})
    client = client_for(superuser)
    english = _english_labels()
    problems = []

    index = client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    with override(language):
        for label in APPS:
            name = str(apps.get_app_config(label).verbose_name)
            if name not in page:
                problems.append(f"index: section {label} not shown as {name!r}")
        for model in admin.site._registry:
            if model._meta.app_label in APPS and capfirst(str(model._meta.verbose_name_plural)) not in page:
                problems.append(f"index: {model._meta.label} not shown as {model._meta.verbose_name_plural!r}")
    problems += [f"index: {t!r}" for t in _shown_labels(page) if t in english and not _same_is_right(language, t)]

    for model in admin.site._registry:
        for what, url in _pages(model, superuser):
            response = client.get(url)
            assert response.status_code == 200, f"{language} {model._meta.label} {what}: {response.status_code}"
            if model._meta.app_label not in APPS:
                continue  # Django's and django-axes' own words are their catalogues' business
            page = response.content.decode()
            with override(language):
                # "Select %s to change", "Change %s", "Add %s": the singular, in the page's title.
                name = str(model._meta.verbose_name)
            if name.lower() not in page.lower():
                problems.append(f"{model._meta.label} {what}: the model is not named {name!r}")
            problems += [
                f"{model._meta.label} {what}: {t!r}"
                for t in _shown_labels(page)
                if t in english and not _same_is_right(language, t)
            ]
    assert not problems, f"English left in the {language} admin:\n" + "\n".join(sorted(set(problems)))


def test_language_columns_name_the_language_in_the_interface_language_not_its_code(rows, superuser):
    UserPreference.objects.update_or_create(user=superuser, defaults={"ui_language": "zh-hans"})
    client = client_for(superuser)

    cells = {
        url: re.findall(r'<td class="field-shown">(.*?)</td>', client.get(url).content.decode())
        for url in (
            "/admin/translations/job/",
            "/admin/translations/glossaryterm/",
            "/admin/translations/evaluationrun/",
        )
    }

    assert cells["/admin/translations/job/"] == ["淡米尔语"]
    assert "淡米尔语" in cells["/admin/translations/glossaryterm/"]
    assert cells["/admin/translations/evaluationrun/"] == ["英语", "淡米尔语"]
