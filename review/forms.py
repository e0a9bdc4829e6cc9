"""Forms of the review screen and the publish screen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import Stage
from workbench.forms import NoColonLabels


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
