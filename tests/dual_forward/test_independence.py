"""The two versions are made independently: neither provider, nor a person writing the second version,
sees the other."""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.conftest import TICO
from tests.dual_forward.conftest import MALAY_B, translate_twice
from tests.dual_forward.helpers import segments_of, versions_of
from translations.models import Contribution, ForwardTranslation, Provider
from translations.reconciliation import forward_version_write


def test_each_provider_is_sent_the_source_and_never_the_other_version(dual_leaflet, providers, servers, personas):
    translate_twice(dual_leaflet, personas.author)

    for slot, others in (("a", [MALAY_B]), ("b", [TICO[0]["ms"], TICO[1]["ms"]])):
        (request,) = servers[slot].requests
        sent = request.raw.decode("utf-8")
        assert request.task == "translate" and TICO[0]["en"] in sent
        assert not any(text in sent for text in others)


@pytest.fixture
def one_provider(dual_leaflet, providers, personas):
    """Only scripted (slot a) is enabled: slot b is a translator's."""
    Provider.objects.exclude(pk=providers["a"].pk).update(enabled=False)
    return translate_twice(dual_leaflet, personas.author)


def test_with_one_provider_only_slot_a_is_translated_by_a_model(one_provider, servers):
    assert set(ForwardTranslation.objects.filter(text_version=one_provider).values_list("slot", flat=True)) == {"a"}
    assert servers["b"].requests == []


def test_a_translator_writes_the_second_version_and_becomes_a_contributor(one_provider, personas, as_user):
    translator = personas.translator("ms")
    title, one, two = segments_of(one_provider)

    page = as_user(translator).get(f"/reconcile/{one_provider.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and TICO[0]["en"] in html
    assert TICO[0]["ms"] not in html and TICO[1]["ms"] not in html  # version A is not shown to its second writer

    forward_version_write(
        text_version=one_provider, user=translator, texts={one.key: MALAY_B, two.key: "saya hantar imej"}
    )

    versions = versions_of(one_provider)
    assert versions[one.key]["b"].text == MALAY_B and versions[one.key]["b"].translator == translator
    assert versions[one.key]["b"].origin == "human" and "b" not in versions[title.key]
    assert set(Contribution.objects.filter(language="ms").values_list("user", flat=True)) == {translator.pk}
    assert all(s.text == "" for s in segments_of(one_provider))  # still nothing in the text
    assert AuditEvent.objects.filter(verb="forward_translation.stored", actor=translator).count() == 1


def test_it_refuses_a_second_version_once_both_exist(one_provider, personas):
    _title, one, _two = segments_of(one_provider)
    forward_version_write(text_version=one_provider, user=personas.translator("ms"), texts={one.key: MALAY_B})

    with pytest.raises(ValidationError) as refused:
        forward_version_write(text_version=one_provider, user=personas.translator("ms"), texts={one.key: "lain"})

    assert "already has both versions" in " ".join(refused.value.messages)
    assert ForwardTranslation.objects.filter(text_version=one_provider, key=one.key).count() == 2


def test_it_refuses_one_person_writing_both_versions(dual_leaflet, personas):
    # No model at all: a translator writes version A, and may not write version B too.
    malay = translate_twice(dual_leaflet, personas.author)
    _title, one, _two = segments_of(malay)
    translator = personas.translator("ms")
    forward_version_write(text_version=malay, user=translator, texts={one.key: TICO[0]["ms"]})

    with pytest.raises(ValidationError) as refused:
        forward_version_write(text_version=malay, user=translator, texts={one.key: MALAY_B})

    assert "you wrote the other version" in " ".join(refused.value.messages)
    assert ForwardTranslation.objects.filter(text_version=malay, key=one.key).count() == 1
