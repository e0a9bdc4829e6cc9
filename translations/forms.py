"""Forms for drafting with a model, queueing translations and the glossary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from translations.models import GlossaryTerm
from workbench.forms import NoColonLabels, content_language_choices
from workbench.languages import DEFAULT_REQUIRED_LANGUAGES

READING_LEVELS = [
    ("simple", _("Simple (about 6th grade)")),
    ("standard", _("Standard (about 8th grade)")),
    ("detailed", _("Detailed (for carers and educated readers)")),
]


class DraftBriefForm(NoColonLabels, forms.Form):
    title = forms.CharField(label=_("Working title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    audience = forms.CharField(
        label=_("Audience"), max_length=200, help_text=_("For example: adult patients and caregivers")
    )
    key_messages = forms.CharField(
        label=_("Key messages"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One message per line.")
    )
    actions = forms.CharField(
        label=_("What the patient should do"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    seek_help = forms.CharField(label=_("When to seek help"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    emergency_contacts = forms.CharField(
        label=_("Emergency contacts"),
        max_length=500,
        required=False,
        help_text=_("For example: call 995 or go to the Emergency Department."),
    )
    reading_level = forms.ChoiceField(label=_("Reading level"), choices=READING_LEVELS, initial="simple")
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"),
        choices=content_language_choices,
        widget=forms.CheckboxSelectMultiple,
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
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=content_language_choices, widget=forms.CheckboxSelectMultiple, required=False
    )


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
            source_language=self.instance.source_language,
            target_language=self.instance.target_language,
            source_term__iexact=term,
        ).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This term is already in the glossary; edit it instead."))
        return term
