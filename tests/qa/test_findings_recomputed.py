"""An edit re-checks every segment of the text: a fixed error stays fixed, an override of an unchanged one holds."""

from review.selectors import unresolved_errors
from review.services import finding_override
from tests.conftest import TITLES, make_leaflet, text_of
from translations.edits import target_segment_edit
from translations.models import TargetSegment
from translations.qa_runner import current_findings
from translations.text_versions import text_version_apply_translations

ROWS = [{"en": "Call 995 if you have chest pain.", "ta": "நெஞ்சு வலி இருந்தால் உடனே அழைக்கவும்."}]
FIXED = "நெஞ்சு வலி இருந்தால் உடனே 995 ஐ அழைக்கவும்."


def tamil_missing_the_emergency_number(personas):
    leaflet = make_leaflet(personas.author, languages=["ta"], rows=ROWS)
    tamil = text_of(leaflet, "ta")
    title, segment = TargetSegment.objects.filter(text_version=tamil).order_by("position")
    text_version_apply_translations(
        text_version=tamil,
        origin="model",
        translations={title.key: TITLES["Symptoms check"]["ta"], segment.key: ROWS[0]["ta"]},
    )
    return text_of(leaflet, "ta"), title, segment


def edit(segment: TargetSegment, editor, text: str) -> None:
    segment.refresh_from_db()
    target_segment_edit(segment=segment, editor=editor, text=text, expected_seq=segment.edit_seq)


def test_an_error_fixed_by_an_edit_does_not_come_back_when_another_segment_is_edited(personas):
    tamil, title, segment = tamil_missing_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    assert error.segment_key == segment.key
    reviewer = personas.reviewer("ta", "native")

    edit(segment, reviewer, FIXED)
    tamil.refresh_from_db()
    assert list(current_findings(tamil)) == []

    edit(title, reviewer, "அறிகுறிகளைச் சோதித்தல்")

    tamil.refresh_from_db()
    assert [f for f in current_findings(tamil) if f.segment_key == segment.key] == []
    assert unresolved_errors(tamil) == []


def test_an_unchanged_segment_is_checked_again_for_its_current_text(personas):
    tamil, title, segment = tamil_missing_the_emergency_number(personas)
    reviewer = personas.reviewer("ta", "native")
    edit(title, reviewer, "அறிகுறி சோதனை 3")  # a number the source does not have: a finding on the title
    edit(segment, reviewer, FIXED)
    # Changed behind the edit service's back: only a check of the segment's current text can see it.
    TargetSegment.objects.filter(pk=segment.pk).update(text=ROWS[0]["ta"])

    edit(title, reviewer, "அறிகுறிகளைச் சோதித்தல்")

    tamil.refresh_from_db()
    assert [(f.segment_key, f.check_id) for f in unresolved_errors(tamil)] == [(segment.key, "numbers")]


def test_an_override_of_an_unchanged_segment_still_counts_after_another_segment_is_edited(personas):
    tamil, title, segment = tamil_missing_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    finding_override(finding=error, reviewer=personas.reviewer("ta", "clinical"), reason="995 is in the red box.")
    reviewer = personas.reviewer("ta", "native")

    edit(title, reviewer, "அறிகுறிகளைச் சோதித்தல்")
    edit(title, reviewer, "அறிகுறி சோதனை பற்றி")

    tamil.refresh_from_db()
    (current,) = current_findings(tamil)
    assert current.content_hash != error.content_hash
    assert (current.segment_key, current.check_id, current.origin_id) == (segment.key, "numbers", error.pk)
    assert unresolved_errors(tamil) == []


def test_an_override_does_not_carry_over_to_the_segment_that_was_edited(personas):
    tamil, title, segment = tamil_missing_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    finding_override(finding=error, reviewer=personas.reviewer("ta", "clinical"), reason="995 is in the red box.")

    # Still without the number, but a different text: the reviewer judged the old one.
    edit(segment, personas.reviewer("ta", "native"), "நெஞ்சு வலி இருந்தால் மருத்துவரை அழைக்கவும்.")

    tamil.refresh_from_db()
    (again,) = unresolved_errors(tamil)
    assert (again.segment_key, again.check_id, again.origin_id) == (segment.key, "numbers", None)
