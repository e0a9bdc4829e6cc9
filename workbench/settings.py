"""Settings for the leaflet workbench, all read from the environment.

Defaults give a working local setup (SQLite under var/, Redis on 6379, console
e-mail); anything set wrongly stops the process at start-up with the variable's
name rather than misbehaving later. See .env.example for every variable.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workbench.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WORKBENCH_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)


def _local_secret_key() -> str:
    # The working local default: a random key kept in var/ (git-ignored), so
    # `manage.py` works in a fresh checkout without any variable set.
    # Deployments set DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE, shared by
    # every web server.
    import secrets

    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env_secret("DJANGO_SECRET_KEY") or _local_secret_key()
if len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is shorter than 32 characters; use a long random value.")


def _local_audit_key() -> str:
    # Like the local secret key: generated once into var/ so a fresh checkout
    # works. Deployments must hold the key outside the database (AUDIT_KEY or
    # AUDIT_KEY_FILE): someone who can write the database but not read this
    # key cannot forge or rewind the keyed audit chain.
    import secrets

    path = VAR_DIR / "audit_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


AUDIT_KEY = env_secret("AUDIT_KEY") or ""
if not AUDIT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_KEY (or AUDIT_KEY_FILE) is required when DJANGO_DEBUG is off: the audit chain is keyed "
            "with it, and it must be kept outside the database. Use a long random value."
        )
    AUDIT_KEY = _local_audit_key()
if len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_KEY is shorter than 32 characters; use a long random value.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "workbench",
    "translations",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workbench.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbench.context_processors.roles",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'workbench.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_sqlite)
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} cannot be parsed: {exc}") from None
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(f"DATABASE_URL uses {_db['ENGINE']}; only sqlite and postgresql are supported.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock when the transaction
    # starts, so two writers serialise instead of one failing half-way with
    # "database is locked" on lock upgrade. SQLite has no SELECT ... FOR UPDATE;
    # this is what makes our atomic services race-free on it too.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _test_name = env_str("WORKBENCH_TEST_SQLITE", "")
    if _test_name:
        # A file, not :memory:, so the Celery worker the tests start can see
        # what the tests committed.
        _db["TEST"] = {"NAME": _test_name}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and per-object permissions -------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Outsiders must never learn that a leaflet exists: guardian answers 404, not 403.
GUARDIAN_RAISE_404 = True
ANONYMOUS_USER_NAME = None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation (the UI's languages; content languages are workbench.languages)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ms", "Bahasa Melayu"),
    ("ta", "தமிழ்"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Singapore")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "workbench" / "static"]

# --- Limits ---------------------------------------------------------------------
# A leaflet is read by patients: a segment longer than this is a paste accident,
# not a paragraph. Reject it with a message instead of storing it.
MAX_SEGMENT_CHARS = env_int("WORKBENCH_MAX_SEGMENT_CHARS", 20_000, minimum=100)
MAX_SEGMENTS = env_int("WORKBENCH_MAX_SEGMENTS", 1000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# --- Redis and Celery -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None  # job state lives in our own rows, not in Celery results
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it finished, so a worker killed mid-task
# (OOM, deploy) leaves it on the queue for another worker. Our tasks claim their
# job row with a conditional UPDATE, so a redelivered task is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: model calls take seconds, and prefetched
# messages would sit behind a slow call while another worker idles.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged message after the visibility timeout. It
# must exceed the longest task (a batch of model calls with retries, bounded by
# MODEL_TIMEOUT_S x attempts, well under 15 minutes) or a slow but healthy task
# would be delivered twice; an hour leaves margin while still recovering work
# from a dead worker the same hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_S", 3600, minimum=60),
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
HEALTHZ_WORKER_TIMEOUT_S = env_float("HEALTHZ_WORKER_TIMEOUT_S", 2.0, minimum=0.1)

# --- Model providers (see translations/providers.py and README "Model endpoints")
MODEL_PROVIDERS_JSON = env_str("MODEL_PROVIDERS_JSON", "")
MODEL_PROVIDERS_FILE = env_str("MODEL_PROVIDERS_FILE", "")
MODEL_MAX_ATTEMPTS = env_int("MODEL_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
MODEL_BACKOFF_BASE_S = env_float("MODEL_BACKOFF_BASE_S", 1.0, minimum=0.0)
MODEL_BACKOFF_MAX_S = env_float("MODEL_BACKOFF_MAX_S", 60.0, minimum=0.0)
MODEL_BATCH_MAX_SEGMENTS = env_int("MODEL_BATCH_MAX_SEGMENTS", 40, minimum=1)
MODEL_BATCH_MAX_CHARS = env_int("MODEL_BATCH_MAX_CHARS", 6000, minimum=200)

# --- PHI guard --------------------------------------------------------------------
PHI_PUBLIC_NUMBERS = env_list("PHI_PUBLIC_NUMBERS", ["995", "999", "1777", "1800 221 4444", "6389 2222"])
PHI_MRN_PATTERNS = env_list("PHI_MRN_PATTERNS", [r"\bMRN[:\s#-]*\d{6,10}\b"])

# Hosts (names, or CIDR ranges for IP addresses) that this deployment declares
# to be inside the hospital network. Only a provider whose base URL points at
# one of them may be given PHI policy "allow"; everything else is external.
WORKBENCH_INTERNAL_HOSTS = env_list("WORKBENCH_INTERNAL_HOSTS", [])

# --- E-mail ------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "workbench@localhost")
SITE_URL = env_str("WORKBENCH_SITE_URL", "http://127.0.0.1:8000")

# --- Security headers that cost nothing locally -------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
