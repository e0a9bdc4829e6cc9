"""Per-user API tokens: made, listed and revoked by their owner; only a digest is stored.

A key is `wbt_` + 40 random URL-safe characters. It is shown once, when made.
Looking a key up goes through its SHA-256 digest (a unique index), so the
database never holds anything that authenticates, and comparing digests of a
random key leaks nothing useful by timing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from review.audit import audit_record
from workbench.models import ApiToken

KEY_PREFIX = "wbt_"
# Writing last_used_at on every call would make every API read a write; once a minute says enough.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; never stored


@transaction.atomic
def api_token_create(*, user, name: str, days: int) -> NewToken:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError(_("Give the token a name of 1 to 100 characters, so that you can tell it apart."))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(_("A token lives from 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS})
    if not user.is_active:
        raise PermissionDenied
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: len(KEY_PREFIX) + 6],
        key_digest=key_digest(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        verb="api_token.created",
        obj=token,
        data={"name": name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return NewToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke one of the user's own tokens (revoking twice changes nothing)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.user_id != user.pk:
        raise PermissionDenied
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=user, verb="api_token.revoked", obj=locked, data={"name": locked.name, "prefix": locked.prefix}
        )
    return locked


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_authenticate(key: str) -> ApiToken | None:
    """The live token for `key` (not revoked, not expired, its user active), or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user", "user__preference").filter(key_digest=key_digest(key)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
