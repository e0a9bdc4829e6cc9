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

from review.models import Stage
from translations.models import GlossaryTerm
from workbench.languages import CONTENT_LANGUAGES, DEFAULT_REQUIRED_LANGUAGES, DEFAULT_SOURCE_LANGUAGE
from workbench.models import Segment, UserPreference
from workbench.services import SegmentInput


class NoColonLabels:
    """Labels without Django's trailing colon: cleaner, and not every language puts one there."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def content_language_choices():
    """Each content language in the interface language, with its own name beside it: “Tamil (தமிழ்)”."""
    from workbench.templatetags.workbench_tags import LANGUAGE_LABELS

    choices = []
    for code, lang in CONTENT_LANGUAGES.items():
        label = str(LANGUAGE_LABELS.get(code, lang.name))
        choices.append((code, label if label == lang.native_name else f"{label} ({lang.native_name})"))
    return choices


class LeafletDetailsForm(NoColonLabels, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("Patients see it above the text. It is translated and reviewed with the "
                                        "segments; changing it makes a new revision."))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False,
                               help_text=_("For example: adult patients and caregivers"))


class LeafletCreateForm(LeafletDetailsForm):
    source_language = forms.ChoiceField(label=_("Source language"), choices=content_language_choices,
                                        initial=DEFAULT_SOURCE_LANGUAGE)
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"), choices=content_language_choices, widget=forms.CheckboxSelectMultiple,
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
    return [SegmentRow(key=k.strip(), kind=kind, text=text) for k, kind, text in zip(keys, kinds, texts)]


def segment_kind_errors(rows: list[SegmentRow]) -> list[str]:
    """A posted row may not be a title: the title has its own field (unknown kinds are the service's to refuse)."""
    return [
        str(_("Segment %(n)d cannot be a title: the title is edited in the Title field. Choose another kind for it.")
            % {"n": n})
        for n, row in enumerate(rows, start=1) if row.kind == Segment.Kind.TITLE
    ]


def segment_rows_from_revision(revision) -> list[SegmentRow]:
    """The editor's rows: every segment but the title, which has its own field."""
    return [SegmentRow(key=str(s.key), kind=s.kind, text=s.text) for s in revision.segments.all()
            if s.kind != Segment.Kind.TITLE]


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



# --- Double submit ---------------------------------------------------------------------
# Every POST form carries a one-time token ({% once_token %}). When a form that
# already succeeded arrives again (double click, browser resubmit), the view is
# not run twice: the user is sent where the first submission went. The services
# refuse duplicates as well; this keeps the second request from even trying.
ONCE_FIELD = "_once"
_ONCE_SESSION_KEY = "workbench_once_tokens"
_ONCE_KEEP = 200


def once_replayed(request) -> str | None:
    token = request.POST.get(ONCE_FIELD, "") if request.method == "POST" else ""
    if not token:
        return None
    return request.session.get(_ONCE_SESSION_KEY, {}).get(token)


def once_remember(request, url: str) -> None:
    token = request.POST.get(ONCE_FIELD, "")
    if not token or not hasattr(request, "session"):
        return
    tokens = dict(request.session.get(_ONCE_SESSION_KEY, {}))
    tokens[token] = url
    if len(tokens) > _ONCE_KEEP:
        tokens = dict(list(tokens.items())[-_ONCE_KEEP:])
    request.session[_ONCE_SESSION_KEY] = tokens


def submit_once(view):
    """Decorator for views whose successful POST redirects: a replayed form is not processed again."""
    from functools import wraps

    from django.contrib import messages
    from django.http import HttpResponseRedirect
    from django.utils.translation import gettext

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        replay = once_replayed(request)
        if replay:
            messages.info(request, gettext("That form was already sent once; it was not processed a second time."))
            return HttpResponseRedirect(replay)
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code in (301, 302, 303) and response.get("Location"):
            once_remember(request, response["Location"])
        return response

    return wrapper


# --- Review -----------------------------------------------------------------------------------
class SegmentEditForm(NoColonLabels, forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False, strip=False)
    # The segment's edit counter as the screen showed it: a stale screen is detected, not obeyed.
    edit_seq = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class DecisionForm(NoColonLabels, forms.Form):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"

    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))])
    stage = forms.ChoiceField(choices=Stage.choices)
    # The content hash the reviewer's screen showed: approving text they have not seen is refused.
    expected_hash = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REQUEST_CHANGES and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what needs to change: a comment is required."))
        return data


class OverrideForm(NoColonLabels, forms.Form):
    reason = forms.CharField(label=_("Reason for overriding"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(NoColonLabels, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
    segment_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class WithdrawForm(NoColonLabels, forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Model jobs ---------------------------------------------------------------------------------
READING_LEVELS = [
    ("simple", _("Simple (about 6th grade)")),
    ("standard", _("Standard (about 8th grade)")),
    ("detailed", _("Detailed (for carers and educated readers)")),
]


class DraftBriefForm(NoColonLabels, forms.Form):
    title = forms.CharField(label=_("Working title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    audience = forms.CharField(label=_("Audience"), max_length=200,
                               help_text=_("For example: adult patients and caregivers"))
    key_messages = forms.CharField(label=_("Key messages"), widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("One message per line."))
    actions = forms.CharField(label=_("What the patient should do"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    seek_help = forms.CharField(label=_("When to seek help"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)
    emergency_contacts = forms.CharField(label=_("Emergency contacts"), max_length=500, required=False,
                                         help_text=_("For example: call 995 or go to the Emergency Department."))
    reading_level = forms.ChoiceField(label=_("Reading level"), choices=READING_LEVELS, initial="simple")
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"), choices=content_language_choices, widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_REQUIRED_LANGUAGES,
    )

    def brief(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"].strip(),
            "audience": data["audience"].strip(),
            "key_messages": [line.strip() for line in data["key_messages"].splitlines() if line.strip()],
            "actions": data["actions"].strip(),
            "seek_help": data["seek_help"].strip(),
            "emergency_contacts": data["emergency_contacts"].strip(),
            "reading_level": data["reading_level"],
        }


class TranslateForm(NoColonLabels, forms.Form):
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=content_language_choices,
                                          widget=forms.CheckboxSelectMultiple, required=False)


class GlossaryTermForm(NoColonLabels, forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["source_term", "target_term", "forbidden_terms", "note", "approved"]
        labels = {
            "source_term": _("Source term (English)"),
            "target_term": _("Approved translation"),
            "forbidden_terms": _("Ruled-out renderings, one per line"),
            "note": _("Note"),
            "approved": _("Approved for use"),
        }
        widgets = {"forbidden_terms": forms.Textarea(attrs={"rows": 2})}

    def set_target_language(self, html_lang: str) -> None:
        """Mark the target-language inputs so browsers and screen readers treat them as that language."""
        for name in ("target_term", "forbidden_terms"):
            self.fields[name].widget.attrs["lang"] = html_lang
        self.fields["source_term"].widget.attrs["lang"] = "en"

    def clean_source_term(self):
        term = self.cleaned_data["source_term"].strip()
        duplicate = GlossaryTerm.objects.filter(
            source_language=self.instance.source_language, target_language=self.instance.target_language,
            source_term__iexact=term,
        ).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This term is already in the glossary; edit it instead."))
        return term
