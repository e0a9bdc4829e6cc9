"""The reconciliation screen: both versions with their differences and QA findings; one Save; nothing typed is lost."""

from review.models import AuditEvent
from tests.conftest import TICO
from tests.dual_forward.conftest import MALAY_B
from tests.dual_forward.helpers import segments_of
from translations.models import ForwardTranslation, Reconciliation, TargetSegment


def test_a_translator_sees_both_versions_with_the_difference_marked(awaiting, personas, as_user):
    page = as_user(personas.translator("ms")).get(f"/reconcile/{awaiting.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert TICO[0]["en"] in html
    assert '<mark class="diff">berlarutan?</mark>' in html  # the word version B has and A does not
    assert html.count('name="choice-') == 3 * 3 and html.count('name="own-') == 3


def test_model_output_is_shown_as_text_never_as_markup(awaiting, personas, as_user):
    _title, one, _two = segments_of(awaiting)
    # A re-run's newer version B (versions are never rewritten, only added) carrying markup.
    older = ForwardTranslation.objects.filter(text_version=awaiting, key=one.key, slot="b").latest("number")
    ForwardTranslation.objects.create(
        text_version=awaiting,
        key=one.key,
        slot="b",
        number=older.number + 1,
        text="<script>alert(1)</script> simptom",
        origin=older.origin,
        provider=older.provider,
    )

    html = as_user(personas.translator("ms")).get(f"/reconcile/{awaiting.pk}/").content.decode()

    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_it_refuses_a_reviewer_who_is_not_a_translator(awaiting, personas, as_user):
    assert as_user(personas.reviewer("ms", "native")).get(f"/reconcile/{awaiting.pk}/").status_code == 404
    assert as_user(personas.translator("ta")).get(f"/reconcile/{awaiting.pk}/").status_code == 404


def post(client, text_version, fields):
    return client.post(f"/reconcile/{text_version.pk}/", fields)


def test_one_save_writes_every_choice(awaiting, personas, as_user):
    title, one, two = segments_of(awaiting)
    fields = {
        f"choice-{title.key}": "a",
        f"own-{title.key}": "",
        f"choice-{one.key}": "own",
        f"own-{one.key}": "berapa lama simptom ini?",
        f"own-{two.key}": TICO[1]["ms"],  # untouched box, no choice: left for later
    }

    response = post(as_user(personas.translator("ms")), awaiting, fields)

    assert response.status_code == 302
    texts = dict(TargetSegment.objects.filter(text_version=awaiting).values_list("key", "text"))
    assert texts[one.key] == "berapa lama simptom ini?" and texts[title.key] and texts[two.key] == ""
    assert Reconciliation.objects.count() == 2
    assert AuditEvent.objects.filter(verb="reconciliation.saved").count() == 1


def test_a_refused_save_shows_what_was_typed_and_writes_nothing(awaiting, personas, as_user):
    title, one, _two = segments_of(awaiting)
    fields = {
        f"choice-{title.key}": "own",
        f"own-{title.key}": "Semakan\x0csimptom",  # a control character no document can carry
        f"choice-{one.key}": "own",
        f"own-{one.key}": "teks yang saya taip dengan teliti",
    }

    response = post(as_user(personas.translator("ms")), awaiting, fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert "teks yang saya taip dengan teliti" in html and "control character" in html
    assert not TargetSegment.objects.filter(text_version=awaiting).exclude(text="").exists()
    assert not Reconciliation.objects.exists()


def test_typing_in_the_box_without_ticking_counts_as_ones_own_text(awaiting, personas, as_user):
    _title, one, _two = segments_of(awaiting)

    post(as_user(personas.translator("ms")), awaiting, {f"own-{one.key}": MALAY_B + " sahaja"})

    assert TargetSegment.objects.get(pk=one.pk).text == MALAY_B + " sahaja"
    assert Reconciliation.objects.get().choice == "own"
