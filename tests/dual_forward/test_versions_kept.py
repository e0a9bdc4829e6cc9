"""Every forward version and every reconciliation choice is kept: going around the services (a shell, raw SQL,
a bug) cannot rewrite or delete them, on SQLite and PostgreSQL alike (review/db_rules.py)."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests.dual_forward.helpers import segments_of
from translations.models import ForwardTranslation, Reconciliation
from translations.reconciliation import reconciliation_save


def refused(callable_, match: str):
    with pytest.raises(IntegrityError, match=match):
        with transaction.atomic():
            callable_()


def test_it_refuses_rewriting_or_deleting_a_forward_version(awaiting):
    version = ForwardTranslation.objects.filter(text_version=awaiting).first()

    refused(lambda: ForwardTranslation.objects.filter(pk=version.pk).update(text="reworded"), "append-only")
    refused(lambda: ForwardTranslation.objects.filter(pk=version.pk).delete(), "append-only")

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE translations_forwardtranslation SET text = %s WHERE id = %s", ["x", version.pk])

    refused(raw_update, "append-only")
    assert ForwardTranslation.objects.get(pk=version.pk).text == version.text


def test_it_refuses_rewriting_or_deleting_a_reconciliation_choice(awaiting, personas):
    title, one, two = segments_of(awaiting)
    reconciliation_save(
        text_version=awaiting,
        user=personas.translator("ms"),
        choices={title.key: ("a", ""), one.key: ("a", ""), two.key: ("b", "")},
    )
    choice = Reconciliation.objects.filter(text_version=awaiting).first()

    refused(lambda: Reconciliation.objects.filter(pk=choice.pk).update(choice="own"), "append-only")
    refused(lambda: Reconciliation.objects.filter(pk=choice.pk).delete(), "append-only")
    assert Reconciliation.objects.get(pk=choice.pk).choice == choice.choice
