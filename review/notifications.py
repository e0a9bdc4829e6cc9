"""E-mails the workflow sends: a text awaits review, changes were requested, a leaflet can be published.

Sent after the commit that caused them (callers use transaction.on_commit) and
with fail_silently: a mail server that is down must not undo a decision.
Below the services and the job runner, which both announce texts.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from review.models import LanguageGroupObjectPermission
from review.roles import PUBLISHERS
from review.selectors import gate_evaluate
from translations.models import TextVersion


def _reviewers_of(language: str):
    group_ids = LanguageGroupObjectPermission.objects.filter(content_object_id=language).values_list(
        "group_id", flat=True
    )
    return get_user_model().objects.filter(Q(groups__in=group_ids), is_active=True).exclude(email="").distinct()


def notify_reviewers(*, text_version: TextVersion) -> None:
    emails = list(_reviewers_of(text_version.language_id).values_list("email", flat=True))
    if not emails:
        return
    leaflet = text_version.revision.leaflet
    send_mail(
        subject=f"[Workbench] {leaflet.title} ({text_version.language_id}) awaits your review",
        message=f"The {text_version.language_id} text of revision {text_version.revision.number} of "
        f"“{leaflet.title}” is ready for review:\n{settings.SITE_URL}/review/{text_version.pk}/",
        from_email=None,
        recipient_list=emails,
        fail_silently=True,
    )


def notify_author(*, text_version: TextVersion, reviewer, comment: str) -> None:
    tv = text_version
    leaflet = tv.revision.leaflet
    recipients = {u.email for u in (leaflet.created_by, tv.revision.created_by) if u.email}
    if recipients:
        send_mail(
            subject=f"[Workbench] Changes requested: {leaflet.title} ({tv.language_id})",
            message=f"{reviewer.get_full_name() or reviewer.username} requested changes to the {tv.language_id} "
            f"text of revision {tv.revision.number}:\n\n{comment}\n\n{settings.SITE_URL}/leaflets/{leaflet.pk}/",
            from_email=None,
            recipient_list=sorted(recipients),
            fail_silently=True,
        )


def notify_publishers(*, text_version: TextVersion) -> None:
    """Tell the publishers when this text's approval opened the leaflet's gate."""
    tv = text_version
    leaflet = tv.revision.leaflet
    if not gate_evaluate(leaflet=leaflet).open:
        return
    emails = list(
        get_user_model()
        .objects.filter(groups__name=PUBLISHERS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if emails:
        send_mail(
            subject=f"[Workbench] Ready to publish: {leaflet.title}",
            message=f"Every language of “{leaflet.title}” is approved.\n"
            f"{settings.SITE_URL}/leaflets/{leaflet.pk}/publish/",
            from_email=None,
            recipient_list=emails,
            fail_silently=True,
        )
