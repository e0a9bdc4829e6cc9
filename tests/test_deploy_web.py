"""Deployment behaviour seen through HTTP and the demo command: the CSP header,
login throttling (django-axes) and seed_demo's refusals."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from workbench.demo import DEMO_PASSWORD

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: PBKDF2 would cost seconds here


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


# --- Content-Security-Policy -----------------------------------------------------------------
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_pages_carry_the_content_security_policy(db, path):
    policy = Client().get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_only_the_guardian_permissions_page_may_apply_its_empty_inline_style(personas):
    from workbench.middleware import GUARDIAN_PERMISSIONS_STYLE_HASH

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.invalid", None))
    permissions = client.get("/admin/workbench/language/ta/permissions/")
    change = client.get("/admin/workbench/language/ta/change/")
    assert permissions.status_code == 200 and change.status_code == 200
    assert _directives(permissions)["style-src"] == f"'self' {GUARDIAN_PERMISSIONS_STYLE_HASH}"
    assert _directives(change)["style-src"] == "'self'"


def _directives(response) -> dict[str, str]:
    # The header's directive order is not part of its meaning.
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: value for name, value in parts}


def test_the_allowed_hash_is_that_of_the_installed_guardian_template():
    import base64
    import hashlib
    import re
    from pathlib import Path

    import guardian

    from workbench.middleware import GUARDIAN_PERMISSIONS_STYLE_HASH

    template = Path(guardian.__file__).parent / "templates/admin/guardian/model/obj_perms_manage.html"
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", template.read_text(encoding="utf-8"), re.S)
    digests = {f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks}
    assert digests == {GUARDIAN_PERMISSIONS_STYLE_HASH}, "django-guardian changed its inline style: update the hash"


def test_a_logged_in_page_carries_it_too(personas):
    client = Client()
    client.force_login(personas.author)
    response = client.get("/leaflets/")
    assert response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]


# --- Login throttling ------------------------------------------------------------------------------
def _user(username: str, password: str):
    return get_user_model().objects.create_user(username, password=password)


def _login(client: Client, username: str, password: str, address: str = "10.0.0.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_username_from_that_address_even_for_the_right_one(db, fast_passwords, settings):
    _user("nurse", "correct horse battery")
    _user("doctor", "another good passphrase")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "nurse", "wrong guess")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert _login(client, "nurse", "wrong guess").status_code == 429  # the fifth locks

    response = _login(client, "nurse", "correct horse battery")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page and "paused for 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user from another address, are not affected.
    assert _login(Client(), "doctor", "another good passphrase").status_code == 302
    assert _login(Client(), "nurse", "correct horse battery", address="10.0.0.8").status_code == 302


def test_a_successful_login_resets_the_count(db, fast_passwords, settings):
    _user("nurse", "correct horse battery")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), "nurse", "wrong guess")
    assert _login(Client(), "nurse", "correct horse battery").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), "nurse", "wrong guess")
    assert _login(Client(), "nurse", "correct horse battery").status_code == 302


def test_the_lockout_page_is_in_the_visitors_interface_language(db, fast_passwords, settings):
    _user("jururawat", "correct horse battery")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ms"
    with translation.override(None):  # leaves the thread's language as it found it
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            response = _login(client, "jururawat", "wrong guess")
    assert response.status_code == 429 and '<html lang="ms">' in response.content.decode()


# --- seed_demo ---------------------------------------------------------------------------------------
def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(
        CommandError, match="seed_demo creates users with a published password; it runs only with DJANGO_DEBUG=1"
    ):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def _seed() -> str:
    out = io.StringIO()
    with translation.override("en"):  # the validators' messages
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_admin_never_gets_the_published_password(db, settings, fast_passwords, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    User = get_user_model()

    output = _seed()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and not admin.check_password(DEMO_PASSWORD)
    printed = output.split("admin password (shown only this once): ", 1)[1].split()[0]
    assert admin.check_password(printed)
    assert User.objects.get(username="author").check_password(DEMO_PASSWORD)  # the README's demo logins
    # Seeding again keeps it (and does not print it again) ...
    assert "shown only this once" not in _seed()
    assert User.objects.get(username="admin").check_password(printed)
    # ... but an admin left with the published password by an older seed_demo is moved off it.
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    assert "shown only this once" in _seed()
    assert not User.objects.get(username="admin").check_password(DEMO_PASSWORD)


def test_the_demo_admin_password_can_be_chosen_but_not_as_the_published_one(db, settings, fast_passwords, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", DEMO_PASSWORD)
    with pytest.raises(CommandError, match="DEMO_ADMIN_PASSWORD must not be the published demo password"):
        _seed()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "12345678901234")
    with pytest.raises(CommandError, match="DEMO_ADMIN_PASSWORD: .*entirely numeric"):
        _seed()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "my own local admin passphrase")
    assert "admin password: the one in DEMO_ADMIN_PASSWORD" in _seed()
    assert get_user_model().objects.get(username="admin").check_password("my own local admin passphrase")
