"""Forms of the authoring pages.

Segments are posted as three parallel lists (`seg_key`, `seg_kind`,
`seg_text`) in document order, so reordering in the browser is only moving
DOM nodes: no renumbering, and the order the author sees is the order saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from workbench.languages import CONTENT_LANGUAGES, DEFAULT_REQUIRED_LANGUAGES, DEFAULT_SOURCE_LANGUAGE, language_name
from workbench.models import Segment, UserPreference
from workbench.services import SegmentInput


class NoColonLabels:
    """Labels without Django's trailing colon: cleaner, and not every language puts one there."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def content_language_choices():
    """Each content language in the interface language, with its own name beside it: “Tamil (தமிழ்)”."""
    choices = []
    for code, lang in CONTENT_LANGUAGES.items():
        label = language_name(code)
        choices.append((code, label if label == lang.native_name else f"{label} ({lang.native_name})"))
    return choices


class LeafletDetailsForm(NoColonLabels, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "Patients see it above the text. It is translated and reviewed with the "
            "segments; changing it makes a new revision."
        ),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    audience = forms.CharField(
        label=_("Audience"), max_length=200, required=False, help_text=_("For example: adult patients and caregivers")
    )
    review_interval_months = forms.IntegerField(
        label=_("Review interval (months)"),
        min_value=1,
        max_value=120,
        initial=24,
        # Left empty: 24 for a new leaflet, unchanged for an existing one.
        required=False,
        help_text=_("Patients see when the leaflet is next due for review: the last approval plus this interval."),
    )
    dual_forward_languages = forms.MultipleChoiceField(
        label=_("Translate twice, independently"),
        choices=content_language_choices,
        # A list box, not checkboxes: the required languages' checkboxes already carry each language's name.
        widget=forms.SelectMultiple(attrs={"size": 4}),
        required=False,
        help_text=_(
            "Two providers (or a provider and a translator) translate these languages independently; "
            "a translator reconciles the two versions before review."
        ),
    )


class LeafletCreateForm(LeafletDetailsForm):
    source_language = forms.ChoiceField(
        label=_("Source language"), choices=content_language_choices, initial=DEFAULT_SOURCE_LANGUAGE
    )
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"),
        choices=content_language_choices,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_REQUIRED_LANGUAGES,
        help_text=_("Every required language needs a native-speaker and a clinician approval before publishing."),
    )


class LeafletEditForm(LeafletDetailsForm):
    base_revision_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=_("What changed (optional)"), max_length=500, required=False)


@dataclass
class SegmentRow:
    """One row of the segment editor as the template shows it."""

    key: str
    kind: str
    text: str


# The kinds the segment editor offers. The title is not among them: it has its
# own field, and the service puts it first as the revision's one title segment.
EDITOR_KINDS = [(value, label) for value, label in Segment.Kind.choices if value != Segment.Kind.TITLE]


def segment_rows_from_post(data) -> list[SegmentRow]:
    keys, kinds, texts = data.getlist("seg_key"), data.getlist("seg_kind"), data.getlist("seg_text")
    if not (len(keys) == len(kinds) == len(texts)):
        raise forms.ValidationError(_("The segment list arrived incomplete; reload the editor and try again."))
    return [SegmentRow(key=k.strip(), kind=kind, text=text) for k, kind, text in zip(keys, kinds, texts, strict=True)]


def segment_kind_errors(rows: list[SegmentRow]) -> list[str]:
    """A posted row may not be a title: the title has its own field (unknown kinds are the service's to refuse)."""
    return [
        str(
            _("Segment %(n)d cannot be a title: the title is edited in the Title field. Choose another kind for it.")
            % {"n": n}
        )
        for n, row in enumerate(rows, start=1)
        if row.kind == Segment.Kind.TITLE
    ]


def segment_rows_from_revision(revision) -> list[SegmentRow]:
    """The editor's rows: every segment but the title, which has its own field."""
    return [
        SegmentRow(key=str(s.key), kind=s.kind, text=s.text)
        for s in revision.segments.all()
        if s.kind != Segment.Kind.TITLE
    ]


def segment_inputs(rows: list[SegmentRow]) -> list[SegmentInput]:
    """Rows to service input; a malformed key is dropped (the segment then gets a new identity)."""
    inputs = []
    for row in rows:
        try:
            key = uuid.UUID(row.key) if row.key else None
        except ValueError:
            key = None
        inputs.append(SegmentInput(kind=row.kind, text=row.text, key=key))
    return inputs


def apply_editor_op(rows: list[SegmentRow], op: str) -> list[SegmentRow]:
    """The editor's add / move / delete buttons for browsers without JavaScript: rearrange, do not save."""
    action, _sep, index_text = op.partition("-")
    try:
        index = int(index_text) if index_text else len(rows) - 1
    except ValueError:
        return rows
    rows = list(rows)
    if action == "add":
        rows.insert(min(index + 1, len(rows)), SegmentRow(key="", kind=Segment.Kind.PARAGRAPH, text=""))
    elif 0 <= index < len(rows):
        if action == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif action == "down" and index < len(rows) - 1:
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
        elif action == "delete":
            del rows[index]
    return rows


class UiLanguageForm(NoColonLabels, forms.ModelForm):
    """The per-user UI language (saved by the language switcher)."""

    class Meta:
        model = UserPreference
        fields = ["ui_language"]
