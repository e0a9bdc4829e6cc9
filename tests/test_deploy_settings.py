"""Deployment settings, each read by a fresh Python process with exactly the environment under test.

With DEBUG off: both keys required (no var/ fallback), HTTPS only (secure
cookies, HSTS, redirect) unless DJANGO_PLAIN_HTTP=1, and `check --deploy`
clean. CSP on with or without DEBUG unless DJANGO_CSP=0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = "deploy-test-secret-" + "s" * 40
AUDIT = "deploy-test-audit-" + "a" * 40
PRODUCTION = {"DJANGO_SECRET_KEY": SECRET, "AUDIT_KEY": AUDIT, "DJANGO_ALLOWED_HOSTS": "workbench.example.org"}
_OURS = ("DJANGO_", "AUDIT_KEY", "HEALTHZ_TOKEN", "DEMO_ADMIN_PASSWORD", "WORKBENCH_", "DATABASE_URL")


def clean_env(tmp_path: Path, **env: str) -> dict[str, str]:
    """The caller's environment without any of our settings, plus env; var/ in tmp_path."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    return {**base, "DJANGO_SETTINGS_MODULE": "workbench.settings", "WORKBENCH_VAR_DIR": str(tmp_path / "var"), **env}


PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "CSP": "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE,
    "CONTENT_SECURITY_POLICY": getattr(settings, "CONTENT_SECURITY_POLICY", None),
    "SECRET_KEY": settings.SECRET_KEY,
    "AUDIT_KEY": settings.AUDIT_KEY,
    "VALIDATORS": [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS],
    "BACKENDS": settings.AUTHENTICATION_BACKENDS,
    "MIDDLEWARE": settings.MIDDLEWARE,
}))
"""


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def settings_with(tmp_path, **env) -> dict:
    result = run_python(PROBE, clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal(tmp_path, **env) -> str:
    result = run_python(PROBE, clean_env(tmp_path, **env))
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


# --- Keys ---------------------------------------------------------------------------------
def test_with_debug_off_both_keys_are_required_and_the_message_says_what_to_set(tmp_path):
    message = refusal(tmp_path)
    assert "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) and AUDIT_KEY (or AUDIT_KEY_FILE) are required" in message
    assert "DJANGO_DEBUG is off" in message and "For local use set DJANGO_DEBUG=1" in message
    assert not (tmp_path / "var").exists()  # nothing generated


def test_a_missing_secret_key_alone_is_named(tmp_path):
    message = refusal(tmp_path, AUDIT_KEY=AUDIT)
    assert message.startswith(
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required"
    )
    assert "AUDIT_KEY" not in message
    assert "AUDIT_KEY (or AUDIT_KEY_FILE) is required" in refusal(tmp_path, DJANGO_SECRET_KEY=SECRET)


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "django_key"
    key_file.write_text(SECRET + "\n")
    assert settings_with(tmp_path, DJANGO_SECRET_KEY_FILE=str(key_file), AUDIT_KEY=AUDIT)["SECRET_KEY"] == SECRET


def test_with_debug_on_the_keys_are_generated_once_into_var(tmp_path):
    first = settings_with(tmp_path, DJANGO_DEBUG="1")
    again = settings_with(tmp_path, DJANGO_DEBUG="1")
    assert len(first["SECRET_KEY"]) >= 50 and first["SECRET_KEY"] != first["AUDIT_KEY"]
    assert (first["SECRET_KEY"], first["AUDIT_KEY"]) == (again["SECRET_KEY"], again["AUDIT_KEY"])
    assert (tmp_path / "var" / "secret_key").read_text() == first["SECRET_KEY"]


# --- HTTPS only, and the plain-HTTP switch -----------------------------------------------------
def test_production_is_https_only_by_default(tmp_path):
    s = settings_with(tmp_path, **PRODUCTION)
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
    assert s["SECURE_HSTS_SECONDS"] == 31_536_000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize("env", [{"DJANGO_PLAIN_HTTP": "1"}, {"DJANGO_DEBUG": "1"}], ids=["plain-http", "debug"])
def test_the_plain_http_switch_and_debug_turn_https_only_off_but_not_the_csp(tmp_path, env):
    s = settings_with(tmp_path, **PRODUCTION, **env)
    assert not (s["SESSION_COOKIE_SECURE"] or s["CSRF_COOKIE_SECURE"] or s["SECURE_SSL_REDIRECT"])
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["CSP"]


def test_the_old_secure_cookies_variable_is_refused_with_what_to_set_instead(tmp_path):
    message = refusal(tmp_path, **PRODUCTION, DJANGO_SECURE_COOKIES="0")
    assert "DJANGO_SECURE_COOKIES" in message and "DJANGO_PLAIN_HTTP=1" in message


def test_a_tls_terminating_proxy_header_is_trusted_only_when_configured(tmp_path):
    s = settings_with(tmp_path, **PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "DJANGO_SECURE_PROXY_SSL_HEADER" in refusal(
        tmp_path, **PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER="X-Proto: https"
    )


REQUESTS = """
import json, django
django.setup()
from django.test import Client
plain = Client().get("/accounts/login/")
tls = Client().get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location"),
    "tls_status": tls.status_code, "hsts": tls.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(tls.cookies["csrftoken"]["secure"]), "csp": tls.get("Content-Security-Policy"),
}))
"""


def responses_with(tmp_path, **env) -> dict:
    result = run_python(REQUESTS, clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies(tmp_path):
    r = responses_with(tmp_path, **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"})
    assert r["plain_status"] == 301 and r["plain_location"] == "https://testserver/accounts/login/"
    assert r["tls_status"] == 200 and r["hsts"] == "max-age=31536000; includeSubDomains"
    assert r["csrf_cookie_secure"] is True
    assert "script-src 'self'" in r["csp"]


def test_with_the_plain_http_switch_there_is_no_redirect_hsts_or_secure_cookie(tmp_path):
    r = responses_with(tmp_path, **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"}, DJANGO_PLAIN_HTTP="1")
    assert r["plain_status"] == 200 and r["hsts"] is None and r["csrf_cookie_secure"] is False
    assert "script-src 'self'" in r["csp"]


# --- CSP, passwords, login throttling --------------------------------------------------------------
def test_the_content_security_policy_allows_only_this_site(tmp_path):
    policy = settings_with(tmp_path, **PRODUCTION)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }


def test_the_csp_can_be_turned_off_explicitly(tmp_path):
    s = settings_with(tmp_path, **PRODUCTION, DJANGO_CSP="0")
    assert not s["CSP"] and s["CONTENT_SECURITY_POLICY"] is None


def test_numeric_passwords_are_refused_and_logins_are_throttled(tmp_path):
    s = settings_with(tmp_path, **PRODUCTION)
    assert s["VALIDATORS"] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert s["BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "guardian.backends.ObjectPermissionBackend",
    ]
    assert s["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"


# --- The deploy check ------------------------------------------------------------------------------
def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(tmp_path, **PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_previous_audit_keys_are_refused_when_short_or_the_current_key(tmp_path):
    assert "shorter than 32" in refusal(tmp_path, **PRODUCTION, AUDIT_PREVIOUS_KEYS="too-short")
    assert "holds the current AUDIT_KEY" in refusal(tmp_path, **PRODUCTION, AUDIT_PREVIOUS_KEYS=AUDIT)
