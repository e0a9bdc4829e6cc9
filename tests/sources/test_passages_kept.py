"""A passage is the evidence a clinician is shown: going around the services (a shell, raw SQL, a bug) cannot
rewrite or delete one, on SQLite and PostgreSQL alike (review/db_rules.py)."""

import pytest
from django.db import IntegrityError, connection, transaction

from workbench.models import Passage
from workbench.sources import source_add


def refused(callable_, match: str):
    with pytest.raises(IntegrityError, match=match):
        with transaction.atomic():
            callable_()


def test_it_refuses_rewriting_or_deleting_a_passage(personas):
    source = source_add(
        user=personas.author,
        title="Dengue at home",
        publisher="Ministry of Health",
        language="en",
        text="Drink plenty of water.\n\nSee a doctor if you bleed from the gums.",
    )
    passage = Passage.objects.filter(source=source).first()

    refused(lambda: Passage.objects.filter(pk=passage.pk).update(text="Take aspirin."), "append-only")
    refused(lambda: Passage.objects.filter(pk=passage.pk).delete(), "append-only")

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE workbench_passage SET text = %s WHERE id = %s", ["Take aspirin.", passage.pk])

    refused(raw_update, "append-only")
    assert Passage.objects.get(pk=passage.pk).text == passage.text
