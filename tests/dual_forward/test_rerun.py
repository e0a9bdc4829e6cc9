"""Translating a dual language again adds versions: every version stays, the newest of each slot is shown."""

from tests.dual_forward.conftest import translate_twice
from tests.dual_forward.helpers import versions_of
from translations.models import ForwardTranslation


def test_a_rerun_keeps_the_old_versions_and_adds_new_ones(awaiting, personas, servers):
    servers["b"].add_translation("i will send you an image", "ms", "saya akan menghantar gambar kepada anda")
    first = {v.pk: (v.slot, v.text) for v in ForwardTranslation.objects.filter(text_version=awaiting)}

    again = translate_twice(awaiting.revision.leaflet, awaiting.revision.leaflet.created_by)

    assert again.pk == awaiting.pk
    rows = ForwardTranslation.objects.filter(text_version=awaiting)
    assert rows.count() == 12
    assert {v.pk: (v.slot, v.text) for v in rows.filter(pk__in=first)} == first  # untouched
    newest = versions_of(awaiting)
    assert all(v.number == 2 for slots in newest.values() for v in slots.values())
    assert "saya akan menghantar gambar kepada anda" in {slots["b"].text for slots in newest.values()}
