"""Glossary terms: imported from the TICO-19 term lists, every change audited."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from translations.glossary import glossary_import_csv, glossary_term_save
from translations.models import GlossaryTerm

TERMS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tico19" / "f_en-ms_MY.csv"


def test_it_imports_the_tico_malay_term_list(personas):
    if not TERMS.exists():
        pytest.skip(f"MISSING {TERMS}: the shared TICO-19 data sits beside the project in ../shared")
    count = glossary_import_csv(text=TERMS.read_text(encoding="utf-8"), target_language="ms", user=personas.author)

    assert count == GlossaryTerm.objects.filter(target_language="ms").count() > 250
    assert (
        GlossaryTerm.objects.get(target_language="ms", source_term="acute bronchitis").target_term == "bronkitis akut"
    )
    assert AuditEvent.objects.filter(verb="glossary.imported").count() == 1


def test_it_refuses_a_csv_without_term_columns_and_imports_nothing(personas):
    with pytest.raises(ValidationError, match="source and a target column"):
        glossary_import_csv(text="a,b\n1,2\n", target_language="ta", user=personas.author)
    assert not GlossaryTerm.objects.exists()


def test_it_refuses_a_reviewer_editing_the_glossary(personas):
    with pytest.raises(ValidationError):
        glossary_term_save(
            term=GlossaryTerm(target_language="ta", source_term="fever", target_term="காய்ச்சல்"),
            user=personas.reviewer("ta", "native"),
        )
    assert not GlossaryTerm.objects.exists()
