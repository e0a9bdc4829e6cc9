"""E-mails the workflow sends: a text awaits review, changes were requested, a leaflet can be published.

Sent after the commit that caused them (callers use transaction.on_commit) and
with fail_silently: a mail server that is down must not undo a decision.
Below the services and the job runner, which both announce texts.

Each e-mail is written in its recipient's interface language (the preference
they chose with the language switcher, workbench.models.UserPreference; the
site's default without one): recipients are grouped by language and each group
gets the message rendered under `translation.override`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from review.models import Approval, LanguageGroupObjectPermission, LanguageUserObjectPermission
from review.roles import PUBLISHERS, STAGE_PERMISSION
from review.selectors import gate_evaluate
from translations.models import TextVersion
from workbench.languages import CONTENT_LANGUAGES
from workbench.models import UserPreference

UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _reviewers_of(language: str):
    """Active users who review `language` (either stage, through a group or directly), with an address.

    Only the review rights: the language's translators hold a right on the same
    Language row, and they are not reviewers.
    """
    review_codenames = list(STAGE_PERMISSION.values())
    group_ids = LanguageGroupObjectPermission.objects.filter(
        content_object_id=language, permission__codename__in=review_codenames
    ).values_list("group_id", flat=True)
    user_ids = LanguageUserObjectPermission.objects.filter(
        content_object_id=language, permission__codename__in=review_codenames
    ).values_list("user_id", flat=True)
    return (
        get_user_model()
        .objects.filter(Q(groups__in=group_ids) | Q(pk__in=user_ids), is_active=True)
        .exclude(email="")
        .distinct()
    )


def _by_ui_language(users: Iterable) -> dict[str, list[str]]:
    """Recipients' addresses grouped by the interface language each of them chose."""
    users = [u for u in users if u.email]
    chosen = dict(
        UserPreference.objects.filter(user_id__in=[u.pk for u in users]).values_list("user_id", "ui_language")
    )
    groups: dict[str, set[str]] = defaultdict(set)
    for user in users:
        code = chosen.get(user.pk)
        groups[code if code in UI_LANGUAGES else settings.LANGUAGE_CODE].add(user.email)
    return {code: sorted(emails) for code, emails in sorted(groups.items())}


def _send(users: Iterable, compose: Callable[[], tuple[str, str]]) -> None:
    """One e-mail per interface language, `compose()` rendering (subject, body) in that language."""
    for code, emails in _by_ui_language(users).items():
        with translation.override(code):
            subject, message = compose()
        send_mail(subject=subject, message=message, from_email=None, recipient_list=emails, fail_silently=True)


def _language_name(code: str) -> str:
    # The content languages' English names are msgids of the interface catalogue.
    language = CONTENT_LANGUAGES.get(code)
    return _(language.name) if language else code


def notify_reviewers(*, text_version: TextVersion, ready_by=None) -> None:
    """Tell the language's reviewers that a text awaits them (a job filled it, or `ready_by` translated it)."""
    tv = text_version
    leaflet = tv.revision.leaflet

    def compose() -> tuple[str, str]:
        values = {
            "title": leaflet.title,
            "language": _language_name(tv.language_id),
            "revision": tv.revision.number,
            "url": f"{settings.SITE_URL}/review/{tv.pk}/",
        }
        subject = _("[Workbench] %(title)s (%(language)s) awaits your review") % values
        message = (
            _("The %(language)s text of revision %(revision)s of “%(title)s” is ready for review:\n%(url)s") % values
        )
        if ready_by is not None:
            message += "\n\n" + _("%(who)s translated it and marked it ready for review.") % {
                "who": ready_by.get_full_name() or ready_by.username
            }
        return subject, message

    _send(_reviewers_of(tv.language_id), compose)


def notify_author(*, text_version: TextVersion, reviewer, comment: str, change_request: Approval | None = None) -> None:
    """Tell the leaflet's author and the revision's author what a reviewer asked, each in their own language.

    The link opens the review screen of that language, where the request is answered (at the request
    itself when `change_request` is given): the leaflet page alone would leave them to find it.
    """
    tv = text_version
    leaflet = tv.revision.leaflet
    recipients = {u.pk: u for u in (leaflet.created_by, tv.revision.created_by) if u.email}
    url = f"{settings.SITE_URL}/review/{tv.pk}/"
    if change_request is not None:
        url += f"#decision-{change_request.pk}"

    def compose() -> tuple[str, str]:
        values = {
            "title": leaflet.title,
            "language": _language_name(tv.language_id),
            "who": reviewer.get_full_name() or reviewer.username,
            "revision": tv.revision.number,
            "comment": comment,
            "url": url,
        }
        subject = _("[Workbench] Changes requested: %(title)s (%(language)s)") % values
        message = (
            _("%(who)s requested changes to the %(language)s text of revision %(revision)s:\n\n%(comment)s\n\n%(url)s")
            % values
        )
        return subject, message

    _send(recipients.values(), compose)


def notify_publishers(*, text_version: TextVersion) -> None:
    """Tell the publishers when this text's approval opened the leaflet's gate."""
    tv = text_version
    leaflet = tv.revision.leaflet
    if not gate_evaluate(leaflet=leaflet).open:
        return
    publishers = get_user_model().objects.filter(groups__name=PUBLISHERS, is_active=True).exclude(email="")

    def compose() -> tuple[str, str]:
        values = {"title": leaflet.title, "url": f"{settings.SITE_URL}/leaflets/{leaflet.pk}/publish/"}
        subject = _("[Workbench] Ready to publish: %(title)s") % values
        message = _("Every language of “%(title)s” is approved.\n%(url)s") % values
        return subject, message

    _send(publishers, compose)
