"""People and helpers for the admin tests: a superuser, and a staff user who is not one.

The staff user holds every model permission the admin screens ask for (change
users, groups, languages, providers, glossary terms): exactly the person the
issue is about, who must still not be able to change who holds which role.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from review.models import AuditEvent

STAFF_PERMISSIONS = [
    ("auth", "user", ("view", "change", "add", "delete")),
    ("auth", "group", ("view", "change", "add", "delete")),
    ("workbench", "language", ("view", "change")),
    ("translations", "provider", ("view", "change", "add", "delete")),
    ("translations", "route", ("view", "change", "add", "delete")),
    ("translations", "glossaryterm", ("view", "change", "add", "delete")),
]


@pytest.fixture
def superuser(personas):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", None)


@pytest.fixture
def staff(personas):
    """Staff, not a superuser, with the model permissions of every screen here (given directly)."""
    user = get_user_model().objects.create_user("helpdesk", "helpdesk@example.invalid", None, is_staff=True)
    codenames = [f"{action}_{model}" for _app, model, actions in STAFF_PERMISSIONS for action in actions]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_superuser(superuser) -> Client:
    return client_for(superuser)


@pytest.fixture
def as_staff(staff) -> Client:
    return client_for(staff)


def events(verb: str, **data) -> list[AuditEvent]:
    """The audit events with this verb whose data contains these key/value pairs."""
    return [
        e
        for e in AuditEvent.objects.filter(verb=verb).order_by("seq")
        if all(e.data.get(k) == v for k, v in data.items())
    ]


def _put(data: dict, bound) -> None:
    field, widget, name = bound.field, bound.field.widget, bound.html_name
    value = bound.value()
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
            data[f"{name}_{i}"] = sub.format_value(part) or ""
    elif isinstance(field, forms.BooleanField):
        if value:
            data[name] = "on"
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        data[name] = [str(v) for v in value or []]
    elif value is None:
        data[name] = ""
    else:
        data[name] = str(value)


def change_form_data(response, **changes) -> dict:
    """What the admin's add/change form sends as rendered (inlines included), with `changes` applied."""
    assert response.status_code == 200, response.status_code
    data: dict = {}
    for bound in response.context["adminform"].form:
        _put(data, bound)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for form in formset.forms:
            for bound in form:
                _put(data, bound)
    for key, value in changes.items():
        if value is None or value is False:
            data.pop(key, None)
        elif value is True:
            data[key] = "on"
        else:
            data[key] = value
    return data


def form_errors(response) -> str:
    """Every error the admin form shows, as plain text (the page itself escapes quotes)."""
    form = response.context["adminform"].form
    return " ".join(message for messages in form.errors.values() for message in messages)
