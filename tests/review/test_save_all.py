"""One save for every changed segment (review and translation screens): nothing typed is lost.

The forms are posted as the page renders them (every box, its counter and the digest of the text
it showed), so these tests also hold without JavaScript.
"""

from __future__ import annotations

import uuid
from html.parser import HTMLParser

import pytest
from django.conf import settings

from bench.qa_corpus import DEFAULT_TICO, load_tico
from review.models import AuditEvent
from review.services import translation_claim
from tests.conftest import text_of
from translations.edits import target_segment_edit
from translations.models import SegmentEdit, TargetSegment, TranslationClaim

pytestmark = pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}")


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # The direct-edit path (WORKBENCH_REVIEWERS_EDIT_DIRECTLY) is what this file tests; by default
    # reviewers suggest instead (tests/suggestions/).
    settings.REVIEWERS_EDIT_DIRECTLY = True


def tico(row_id: str, language: str) -> str:
    """A TICO-19 sentence by its id: the wording a person types in place of the model's."""
    return next(row[language] for row in load_tico() if row["id"] == row_id)


class _SaveAllForm(HTMLParser):
    """The fields of the page's save-all form, inside it or joined to it with form="save-all"."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.depth = 0
        self._textarea: str | None = None
        self._text = ""

    def _belongs(self, attrs: dict) -> bool:
        return attrs.get("form") == "save-all" or self.depth > 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "save-all":
            self.depth = 1
        elif tag == "input" and attrs.get("name") and self._belongs(attrs):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea" and attrs.get("name") and self._belongs(attrs):
            self._textarea, self._text = attrs["name"], ""

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth = 0
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>; the template writes none.
            self.fields.append((self._textarea, self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data


def save_all_form(response) -> dict[str, list[str]]:
    parser = _SaveAllForm()
    parser.feed(response.content.decode())
    form: dict[str, list[str]] = {}
    for name, value in parser.fields:
        form.setdefault(name, []).append(value)
    assert form.get("segment"), "the page offers no save-all form"
    return form


def typed(form: dict[str, list[str]], segment: TargetSegment, text: str) -> None:
    form[f"text-{segment.key}"] = [text]


def segments(text_version) -> list[TargetSegment]:
    return list(TargetSegment.objects.filter(text_version=text_version).order_by("position"))


def edits_of(segment: TargetSegment):
    return SegmentEdit.objects.filter(target_segment=segment)


@pytest.fixture
def tamil(translated_leaflet):
    return text_of(translated_leaflet, "ta")


# --- The review screen -------------------------------------------------------------------------------------
def test_it_saves_two_changed_segments_with_one_post_and_leaves_the_unchanged_one_alone(tamil, personas, as_user):
    reviewer = personas.reviewer("ta", "native")
    client = as_user(reviewer)
    title, first, second = segments(tamil)
    form = save_all_form(client.get(f"/review/{tamil.pk}/"))
    typed(form, first, tico("CMU_1:105", "ta"))
    typed(form, second, tico("CMU_1:109", "ta") + "\r\n")

    response = client.post(f"/review/{tamil.pk}/segments/", form)

    assert response.status_code == 302
    assert response["Location"].endswith(f"/review/{tamil.pk}/#seg-{first.key}")
    assert [s.text for s in segments(tamil)] == [title.text, tico("CMU_1:105", "ta"), tico("CMU_1:109", "ta")]
    assert (edits_of(first).get().editor, edits_of(first).get().applied) == (reviewer, True)
    assert (edits_of(second).get().editor, edits_of(second).get().applied) == (reviewer, True)
    assert not edits_of(title).exists()
    events = AuditEvent.objects.filter(verb="text.edited").order_by("seq")
    assert [(e.actor, e.data["segment"]) for e in events] == [(reviewer, str(first.key)), (reviewer, str(second.key))]
    assert "Saved 2 segments." in [str(m) for m in client.get(response["Location"]).context["messages"]][0]


def test_it_saves_nothing_and_keeps_nothing_when_no_box_changed(tamil, personas, as_user):
    client = as_user(personas.reviewer("ta", "native"))
    title, first, _second = segments(tamil)
    form = save_all_form(client.get(f"/review/{tamil.pk}/"))
    typed(form, title, title.text + "\r\n")  # a browser's line ending is not a change
    # Someone else changes a segment this person did not touch: their form is stale for it, but it
    # carries no change, so nothing is kept or overwritten.
    target_segment_edit(
        segment=first, editor=personas.reviewer("ta", "clinical"), text=tico("CMU_1:104", "ta"), expected_seq=0
    )

    response = client.post(f"/review/{tamil.pk}/segments/", form, follow=True)

    assert SegmentEdit.objects.filter(target_segment__text_version=tamil).count() == 1  # the colleague's
    assert TargetSegment.objects.get(pk=first.pk).text == tico("CMU_1:104", "ta")
    assert "Nothing changed." in [str(m) for m in response.context["messages"]]


def test_a_stale_segment_is_kept_beside_the_newer_text_and_the_other_is_still_saved(tamil, personas, as_user):
    native, clinician = personas.reviewer("ta", "native"), personas.reviewer("ta", "clinical")
    client = as_user(native)
    _title, first, second = segments(tamil)
    form = save_all_form(client.get(f"/review/{tamil.pk}/"))
    # The clinician saves the first segment while the native reviewer is still typing.
    target_segment_edit(segment=first, editor=clinician, text=tico("CMU_1:104", "ta"), expected_seq=first.edit_seq)
    typed(form, first, tico("CMU_1:105", "ta"))
    typed(form, second, tico("CMU_1:109", "ta"))

    response = client.post(f"/review/{tamil.pk}/segments/", form)

    assert response.status_code == 409
    assert TargetSegment.objects.get(pk=second.pk).text == tico("CMU_1:109", "ta")
    assert TargetSegment.objects.get(pk=first.pk).text == tico("CMU_1:104", "ta")  # the clinician's stands
    kept = edits_of(first).get(applied=False)
    assert (kept.editor, kept.new_text) == (native, tico("CMU_1:105", "ta"))
    assert edits_of(second).get(applied=True).editor == native
    # The screen comes back with the native reviewer's text in its box, the clinician's beside it.
    html = response.content.decode()
    section = html[html.index(f'id="seg-{first.key}"') :]
    section = section[: section.index("</section>")]
    assert "Someone else changed this segment" in section
    assert f'<p lang="ta">{tico("CMU_1:104", "ta")}</p>' in section
    assert f'data-unsaved lang="ta" rows="2">{tico("CMU_1:105", "ta")}</textarea>' in section
    messages = [str(m) for m in response.context["messages"]]
    assert any("Saved 1 segment." in m for m in messages)
    assert any("1 segment was not saved" in m for m in messages)
    # Saving that box again replaces the clinician's text knowingly (as the one-segment stale page does).
    again = save_all_form(response)
    assert client.post(f"/review/{tamil.pk}/segments/", again).status_code == 302
    assert TargetSegment.objects.get(pk=first.pk).text == tico("CMU_1:105", "ta")


def test_a_refused_segment_comes_back_in_its_box_and_the_other_is_saved(tamil, personas, as_user):
    client = as_user(personas.reviewer("ta", "native"))
    _title, first, second = segments(tamil)
    form = save_all_form(client.get(f"/review/{tamil.pk}/"))
    too_long = tico("CMU_1:105", "ta") + " " + "அ" * settings.MAX_SEGMENT_CHARS
    typed(form, first, too_long)
    typed(form, second, tico("CMU_1:109", "ta"))

    response = client.post(f"/review/{tamil.pk}/segments/", form)

    assert response.status_code == 400
    assert TargetSegment.objects.get(pk=first.pk).text == first.text
    assert not edits_of(first).exists()
    assert TargetSegment.objects.get(pk=second.pk).text == tico("CMU_1:109", "ta")
    assert f">{too_long}</textarea>" in response.content.decode()
    # The box posts back the counter it was typed against: a change made meanwhile is still caught.
    assert save_all_form(response)[f"seq-{first.key}"] == [str(first.edit_seq)]


def test_it_refuses_someone_who_may_not_edit_the_text(tamil, personas, as_user):
    first = segments(tamil)[1]
    form = {"segment": [str(first.key)], f"text-{first.key}": ["x"], f"seq-{first.key}": [str(first.edit_seq)]}

    for user in (personas.outsider, personas.reviewer("ms", "native")):
        response = as_user(user).post(f"/review/{tamil.pk}/segments/", form)
        assert response.status_code in (403, 404)
    assert not SegmentEdit.objects.exists()


def test_it_refuses_a_segment_of_another_text(tamil, translated_leaflet, personas, as_user):
    malay_segment = segments(text_of(translated_leaflet, "ms"))[1]
    form = {"segment": [str(malay_segment.key), str(uuid.uuid4())], f"text-{malay_segment.key}": ["x"]}

    as_user(personas.reviewer("ta", "native")).post(f"/review/{tamil.pk}/segments/", form)

    assert not SegmentEdit.objects.exists()


# --- The translation screen -----------------------------------------------------------------------------
@pytest.fixture
def malay(leaflet):
    return text_of(leaflet, "ms")  # nothing translated: the translators' work


def test_a_translator_saves_every_changed_segment_with_one_post(malay, personas, as_user):
    translator = personas.translator("ms")
    client = as_user(translator)
    title, first, second = segments(malay)
    form = save_all_form(client.get(f"/translate/{malay.pk}/"))
    typed(form, first, tico("CMU_1:1", "ms"))
    typed(form, second, tico("CMU_1:100", "ms"))

    response = client.post(f"/translate/{malay.pk}/", form)

    assert response.status_code == 302
    assert [s.text for s in segments(malay)] == ["", tico("CMU_1:1", "ms"), tico("CMU_1:100", "ms")]
    assert edits_of(first).get().editor == edits_of(second).get().editor == translator
    assert not edits_of(title).exists()
    assert AuditEvent.objects.filter(verb="text.edited", actor=translator).count() == 2
    assert TranslationClaim.objects.get(text_version=malay).claimed_by == translator


def test_a_translators_stale_segment_is_kept_and_the_other_saved(malay, personas, as_user):
    translator = personas.translator("ms")
    client = as_user(translator)
    _title, first, second = segments(malay)
    form = save_all_form(client.get(f"/translate/{malay.pk}/"))
    target_segment_edit(
        segment=first, editor=personas.reviewer("ms", "native"), text=tico("CMU_1:1", "ms"), expected_seq=0
    )
    typed(form, first, tico("CMU_1:104", "ms"))
    typed(form, second, tico("CMU_1:100", "ms"))

    response = client.post(f"/translate/{malay.pk}/", form)

    assert response.status_code == 409
    assert TargetSegment.objects.get(pk=second.pk).text == tico("CMU_1:100", "ms")
    assert TargetSegment.objects.get(pk=first.pk).text == tico("CMU_1:1", "ms")
    assert edits_of(first).get(applied=False).new_text == tico("CMU_1:104", "ms")
    assert f">{tico('CMU_1:104', 'ms')}</textarea>" in response.content.decode()


def test_while_another_translator_holds_the_text_nothing_is_saved_and_every_box_keeps_its_text(
    malay, personas, as_user, django_user_model
):
    from django.contrib.auth.models import Group

    colleague = django_user_model.objects.create_user("ms_translator_2", email="t2@example.org")
    colleague.groups.add(*Group.objects.filter(user=personas.translator("ms")))
    translation_claim(text_version=malay, translator=personas.translator("ms"))
    client = as_user(colleague)
    _title, first, _second = segments(malay)
    page = client.get(f"/translate/{malay.pk}/")
    assert 'id="save-all"' not in page.content.decode()  # no form while someone else holds the text
    form = {
        "segment": [str(first.key)],
        f"text-{first.key}": [tico("CMU_1:1", "ms")],
        f"seq-{first.key}": ["0"],
        f"shown-{first.key}": [""],
    }

    response = client.post(f"/translate/{malay.pk}/", form)

    assert response.status_code == 400
    assert not SegmentEdit.objects.exists()
    assert TargetSegment.objects.get(pk=first.pk).text == ""
