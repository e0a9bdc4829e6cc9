"""One save for every segment a person changed on a screen (the review and the translation screens).

The screen posts every segment it showed, each with the edit counter and a digest of the text it
showed. A segment whose posted text is the text it showed was not touched and is left alone: no
edit row, and no stale edit for a segment someone else changed meanwhile. Each changed segment
goes through translations.edits.target_segment_edit on its own (the one home of the edit rules), so
a stale or refused segment never costs the others their save, and what was typed into it comes
back to the person: a stale text is kept as an unapplied edit by the service, a refused one is
shown again in its box.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translations.edits import StaleEdit, target_segment_edit, typed_text
from translations.models import TargetSegment
from workbench.http import validation_messages


def shown_digest(text: str) -> str:
    """The digest of a segment's text as a screen shows it, posted back to tell a change from none."""
    return hashlib.sha256(typed_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Typed:
    """A segment whose text box holds something other than the text the screen showed."""

    segment: TargetSegment
    text: str
    expected_seq: int
    shown: str


@dataclass(frozen=True)
class Problem:
    """A changed segment that was not applied, with what was typed into it and why."""

    typed: Typed
    messages: list[str]
    stale: bool
    current: TargetSegment


@dataclass
class Outcome:
    saved: list[TargetSegment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def any_stale(self) -> bool:
        return any(p.stale for p in self.problems)


def changed_segments(post, segments: dict[uuid.UUID, TargetSegment]) -> list[Typed]:
    """The segments of this text whose posted text differs from the text the screen showed, in screen order.

    A key that is not one of this text's segments is refused as a malformed form; a missing or
    malformed counter is kept as -1, so the edit service treats it as stale (kept, never applied
    blindly), exactly like the one-segment save.
    """
    typed: list[Typed] = []
    for raw_key in post.getlist("segment"):
        try:
            key = uuid.UUID(raw_key)
        except ValueError:
            raise ValidationError(_("The screen sent a malformed form; reload the page.")) from None
        segment = segments.get(key)
        if segment is None:
            raise ValidationError(_("The screen sent a malformed form; reload the page."))
        text = post.get(f"text-{key}")
        if text is None:
            continue
        shown = post.get(f"shown-{key}", "")
        if shown and shown_digest(text) == shown:
            continue
        try:
            expected_seq = int(post.get(f"seq-{key}", ""))
        except ValueError:
            expected_seq = -1
        typed.append(Typed(segment=segment, text=text, expected_seq=expected_seq, shown=shown))
    return typed


def changed_segments_save(*, typed: list[Typed], editor) -> Outcome:
    """Apply each changed segment through the edit service, one transaction each, and say what happened.

    Not one transaction for all: the point is that one segment's problem does not undo the others.
    """
    outcome = Outcome()
    for item in typed:
        try:
            result = target_segment_edit(
                segment=item.segment, editor=editor, text=item.text, expected_seq=item.expected_seq
            )
        except StaleEdit as stale:
            outcome.problems.append(Problem(typed=item, messages=[str(stale)], stale=True, current=stale.segment))
        except ValidationError as exc:
            outcome.problems.append(
                Problem(typed=item, messages=validation_messages(exc), stale=False, current=item.segment)
            )
        else:
            if result.changed:
                outcome.saved.append(result.segment)
    return outcome


def rows_for_screen(rows: list[dict], problems: Sequence[Problem] = ()) -> list[dict]:
    """Add to each row of a screen what its text box posts back, and for a problem row what was typed.

    A stale row offers the person's text against the current counter, so saving it again replaces
    the newer text knowingly (as the one-segment stale page does); a refused row keeps the counter
    it was typed against, so a change made meanwhile is still caught.
    """
    by_key = {p.typed.segment.key: p for p in problems}
    for row in rows:
        segment = row["segment"]
        problem = by_key.get(segment.key)
        row["shown"] = shown_digest(segment.text)
        row["form_seq"] = segment.edit_seq
        row["typed"] = None
        row["problems"] = []
        row["stale"] = False
        if problem is not None:
            row["typed"] = problem.typed.text
            row["problems"] = problem.messages
            row["stale"] = problem.stale
            if not problem.stale:
                row["shown"] = problem.typed.shown
                row["form_seq"] = problem.typed.expected_seq
    return rows


def anchor_after_save(post, typed: list[Typed], outcome: Outcome) -> str:
    """Back to the first segment that needs the person, else where they pressed Save, else the first saved."""
    if outcome.problems:
        return f"seg-{outcome.problems[0].typed.segment.key}"
    try:
        return f"seg-{uuid.UUID(post.get('anchor', ''))}"
    except ValueError:
        return f"seg-{typed[0].segment.key}" if typed else ""


def flash_not_saved(request, outcome: Outcome) -> None:
    n = len(outcome.problems)
    messages.warning(
        request,
        ngettext(
            "%(n)d segment was not saved. What you typed is still in its box below, beside the reason.",
            "%(n)d segments were not saved. What you typed is still in their boxes below, beside the reason.",
            n,
        )
        % {"n": n},
    )
