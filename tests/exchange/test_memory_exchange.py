"""Translation memory as TMX: approved memory out, imported memory in as unreviewed suggestions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bench.qa_corpus import DEFAULT_TICO, load_tico
from review.models import AuditEvent
from tests.conftest import TICO, approve_everything, make_leaflet, text_of
from tests.exchange.conftest import database_state
from translations.exchange.memory import memory_export, memory_import
from translations.exchange.tmx import TmxEntry, write_tmx
from translations.jobs import job_queue_translation
from translations.models import MemoryEntry, TargetSegment
from workbench.models import segment_hash

needs_tico = pytest.mark.skipif(
    not DEFAULT_TICO.exists(), reason=f"TICO-19 reference data not found at {DEFAULT_TICO} (../shared/data/tico19/)"
)


def _tico_rows(limit=200):
    return load_tico()[:limit]


@needs_tico
@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_approved_memory_round_trips_through_tmx_with_the_tico_pairs(language, personas):
    rows = [row for row in _tico_rows() if row["en"].strip() and row[language].strip()]
    for row in rows:
        MemoryEntry.objects.update_or_create(
            source_language="en",
            target_language=language,
            source_hash=segment_hash("paragraph", row["en"].strip()),
            defaults={"source_text": row["en"].strip(), "target_text": row[language].strip()},
        )
    approved = set(
        MemoryEntry.objects.filter(target_language=language).values_list("source_hash", "source_text", "target_text")
    )

    data, count = memory_export(user=personas.author, source_language="en", target_language=language)
    MemoryEntry.objects.all().delete()
    result = memory_import(user=personas.author, data=data)

    assert count == len(approved) and result.per_language == {language: count} and len(result.created) == count
    assert set(MemoryEntry.objects.values_list("source_hash", "source_text", "target_text")) == approved
    assert not MemoryEntry.objects.filter(reviewed=True).exists()


@needs_tico
def test_a_tmx_of_the_tico_pairs_loads_every_language_as_unreviewed(personas):
    rows = _tico_rows(50)
    files = {
        code: write_tmx([TmxEntry(r["en"], r[code]) for r in rows], source_language="en", target_language=code)
        for code in ("zh", "ms", "ta")
    }
    for code, data in files.items():
        memory_import(
            user=personas.author, data=data.replace(f'xml:lang="{code}"'.encode(), f'xml:lang="{code}-XX"'.encode())
        )
        assert MemoryEntry.objects.filter(target_language=code, reviewed=False).count() == len(
            {r["en"].strip() for r in rows}
        )
    event = AuditEvent.objects.filter(verb="memory.imported").last()
    assert event.data["reviewed"] is False


def test_unreviewed_memory_never_fills_a_segment(personas, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    data = write_tmx(
        [TmxEntry(row["en"], row["ta"], "paragraph") for row in TICO], source_language="en", target_language="ta"
    )
    memory_import(user=personas.author, data=data)

    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    job_queue_translation(leaflet=leaflet, user=personas.author)

    tamil = text_of(leaflet, "ta")
    assert not TargetSegment.objects.filter(text_version=tamil, origin=TargetSegment.Origin.MEMORY).exists()
    assert not TargetSegment.objects.filter(text_version=tamil, text=TICO[0]["ta"]).exists()


def test_approving_a_text_makes_its_memory_reviewed_and_an_import_never_overrides_it(approved_leaflet, personas):
    entry = MemoryEntry.objects.get(target_language="ta", source_text=TICO[0]["en"])
    assert entry.reviewed
    data = write_tmx(
        [TmxEntry(TICO[0]["en"], "வேறு மொழிபெயர்ப்பு", "paragraph")], source_language="en", target_language="ta"
    )

    result = memory_import(user=personas.author, data=data)

    entry.refresh_from_db()
    assert result.kept_reviewed == 1 and entry.target_text == TICO[0]["ta"] and entry.reviewed


def test_an_unreviewed_entry_becomes_reviewed_when_a_text_carrying_it_is_approved(translated_leaflet, personas):
    data = write_tmx([TmxEntry(TICO[1]["en"], "ஒரு பரிந்துரை", "paragraph")], source_language="en", target_language="ta")
    memory_import(user=personas.author, data=data)
    assert not MemoryEntry.objects.get(target_language="ta", source_text=TICO[1]["en"]).reviewed

    approve_everything(translated_leaflet, personas)

    entry = MemoryEntry.objects.get(target_language="ta", source_text=TICO[1]["en"])
    assert entry.reviewed and entry.target_text == TICO[1]["ta"]


def test_only_approved_memory_is_exported(personas):
    MemoryEntry.objects.create(
        source_language="en", target_language="ms", source_hash="a" * 64, source_text="one", target_text="satu"
    )
    MemoryEntry.objects.create(
        source_language="en",
        target_language="ms",
        source_hash="b" * 64,
        source_text="two",
        target_text="dua",
        reviewed=False,
    )
    data, count = memory_export(user=personas.reviewer("ms", "native"), source_language="en", target_language="ms")
    assert count == 1 and b"satu" in data and b"dua" not in data


def test_it_refuses_memory_import_by_a_non_author_and_a_file_without_pairs(personas):
    data = write_tmx([TmxEntry("one", "satu")], source_language="en", target_language="ms")
    before = database_state()
    with pytest.raises(PermissionDenied):
        memory_import(user=personas.reviewer("ms", "native"), data=data)
    with pytest.raises(ValidationError, match="no translation pairs"):
        memory_import(
            user=personas.author, data=write_tmx([TmxEntry("one", "un")], source_language="en", target_language="fr")
        )
    with pytest.raises(ValidationError, match="declares entities"):
        memory_import(user=personas.author, data=b'<!DOCTYPE tmx [<!ENTITY a "b">]><tmx>&a;</tmx>')
    with pytest.raises(PermissionDenied):
        memory_export(user=personas.reviewer("zh", "native"), source_language="en", target_language="ms")
    assert database_state() == before
