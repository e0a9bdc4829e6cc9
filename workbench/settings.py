"""Settings for the leaflet workbench, all read from the environment.

DJANGO_DEBUG off (the default) is production: the secret and audit keys are
required, the site is HTTPS-only and sends a Content-Security-Policy. With
DJANGO_DEBUG=1 (`make run`) the defaults give a working local setup (keys
generated into var/, SQLite under var/, Redis on 6379, console e-mail, plain
HTTP). Anything set wrongly stops the process at start-up with the variable's
name rather than misbehaving later. See .env.example for every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
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


def _local_key(filename: str) -> str:
    # The working local default (DJANGO_DEBUG=1 only): a random key generated
    # once into var/ (git-ignored), so `make run` works in a fresh checkout
    # without any variable set.
    import secrets

    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# Deployments set both keys, the same on every web server and worker (or the
# *_FILE variants for Docker/Kubernetes secrets). The audit key keys the audit
# chain (HMAC) and must be kept outside the database: someone who can write the
# database but not read this key cannot forge or rewind the chain. With DEBUG
# off there is no fallback: a key generated into one machine's var/ would
# silently differ between servers and be lost with the machine.
SECRET_KEY = env_secret("DJANGO_SECRET_KEY") or ""
AUDIT_KEY = env_secret("AUDIT_KEY") or ""
_missing_keys = [name for name, value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("AUDIT_KEY", AUDIT_KEY)) if not value]
if _missing_keys and not DEBUG:
    _names = " and ".join(f"{name} (or {name}_FILE)" for name in _missing_keys)
    raise ImproperlyConfigured(
        f"{_names} {'is' if len(_missing_keys) == 1 else 'are'} required when DJANGO_DEBUG is off: set "
        "a long random value, the same on every server and worker "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
        "For local use set DJANGO_DEBUG=1 instead, which generates the keys into var/."
    )
SECRET_KEY = SECRET_KEY or _local_key("secret_key")
AUDIT_KEY = AUDIT_KEY or _local_key("audit_key")
if len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is shorter than 32 characters; use a long random value.")
if len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_KEY is shorter than 32 characters; use a long random value.")
# Rotating the audit key: the new key becomes AUDIT_KEY and the old ones move here, oldest first (comma- or
# line-separated; or AUDIT_PREVIOUS_KEYS_FILE). They only verify the events they sealed, which must all
# come before the first event of the next key (review/audit.py); new events are sealed with AUDIT_KEY.
# Never drop a key while events sealed with it exist: the approvals and publications they record would
# stop counting.
AUDIT_PREVIOUS_KEYS = [
    key.strip() for key in (env_secret("AUDIT_PREVIOUS_KEYS") or "").replace("\n", ",").split(",") if key.strip()
]
if any(len(key) < 32 for key in AUDIT_PREVIOUS_KEYS):
    raise ImproperlyConfigured("AUDIT_PREVIOUS_KEYS holds a key shorter than 32 characters.")
if AUDIT_KEY in AUDIT_PREVIOUS_KEYS:
    raise ImproperlyConfigured("AUDIT_PREVIOUS_KEYS holds the current AUDIT_KEY; list only the keys it replaced.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before django.contrib.auth, so that its createsuperuser (audited) is the one manage.py runs.
    "review.auth_commands",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "guardian",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "workbench",
    "translations",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database unreachable -> 503 page / problem JSON; an upload the disk could not take -> 507.
    "workbench.middleware.ServiceFaultsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workbench.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# (CSPMiddleware is added below when the policy is on.) Axes last, as its
# documentation asks: it turns a locked-out login into the lockout page.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

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
# DATABASE_CONN_MAX_AGE > 0 keeps each web process's connection open between
# requests (seconds; recommended for gunicorn's sync workers: a new PostgreSQL
# connection per request costs a server process and cold catalog caches).
# Django then checks a kept connection before a request reuses it
# (DATABASE_CONN_HEALTH_CHECKS, on by default), so a restarted database costs
# a reconnect, not a failed request.
try:
    _db = dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} cannot be parsed: {exc}") from None
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(f"DATABASE_URL uses {_db['ENGINE']}; only sqlite and postgresql are supported.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with a flush that lifts the delete-refusing rules for
    # the flush's own statements only (see workbench/db_backends/sqlite3).
    _db["ENGINE"] = "workbench.db_backends.sqlite3"
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
    # First, so a locked-out username+address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
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
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that combination is refused for the cool-off
# time, even with the right password; other users and other addresses are not
# affected. A successful login resets the count. Admins unlock early with
# `manage.py axes_reset_username USERNAME` or in the admin (Axes -> access attempts).
# Behind a reverse proxy every request comes from the proxy's address, so the
# lockout is then effectively per username.
AXES_FAILURE_LIMIT = env_int("WORKBENCH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WORKBENCH_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workbench.middleware.login_lockout_response"
# Quiet start-up; lockouts are still logged as warnings.
AXES_VERBOSE = False

# --- Internationalisation (the UI's languages; content languages are workbench.languages)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ms", "Bahasa Melayu"),
    ("ta", "தமிழ்"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Singapore English dates ("2 Dec 2026", not "Dec. 2, 2026") and Tamil date-times Django leaves unset.
FORMAT_MODULE_PATH = ["workbench.formats"]
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
# Largest XLIFF or TMX file accepted from a vendor or a memory import (bytes):
# checked before the file is parsed. 1 KiB to 200 MiB; a bad value stops startup.
EXCHANGE_MAX_FILE_BYTES = env_int(
    "WORKBENCH_EXCHANGE_MAX_FILE_BYTES", 10 * 1024 * 1024, minimum=1024, maximum=200 * 1024 * 1024
)
# Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are spooled to a file in this folder while the
# request is read (empty: the system's temporary folder). When it is full or read-only, the upload is
# refused with a message and the form kept (workbench/uploads.py), not a server error.
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", "") or None
if FILE_UPLOAD_TEMP_DIR and not Path(FILE_UPLOAD_TEMP_DIR).is_dir():
    raise ImproperlyConfigured(f"FILE_UPLOAD_TEMP_DIR={FILE_UPLOAD_TEMP_DIR!r} is not an existing folder.")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "workbench.uploads.DiskSafeTemporaryFileUploadHandler",
]
# How long a translator's claim on a text keeps other translators off it (minutes,
# from the claim or the translator's last save); then anyone may take it over.
# 1 minute to 7 days; a bad value stops startup.
TRANSLATION_CLAIM_MINUTES = env_int("WORKBENCH_TRANSLATION_CLAIM_MINUTES", 120, minimum=1, maximum=7 * 24 * 60)
# Off (default): a reviewer's change to a translation is a suggestion that a translator or an author
# accepts (review/suggestions.py), so the reviewer can still approve. On: the review screen also lets
# reviewers edit directly, which removes them as approvers of the text (the screen warns first).
REVIEWERS_EDIT_DIRECTLY = env_bool("WORKBENCH_REVIEWERS_EDIT_DIRECTLY", False)

# --- Redis and Celery -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Shared by every web process, so a patient page rendered by one is served by
# all. Only pages keyed by immutable rows are cached (see public_leaflet), and
# a cache that is down only costs a render: short timeouts, and Redis errors
# answered as misses (workbench/cache.py; docs/reliability.md "Redis").
CACHES = {
    "default": {
        "BACKEND": "workbench.cache.TolerantRedisCache",
        "LOCATION": env_str("CACHE_URL", "") or REDIS_URL,
        "KEY_PREFIX": "workbench",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
# A broker that is down or frozen costs a request moments, never a hang: a message that cannot be
# sent after its commit is logged and left to the recovery sweeper (workbench/queueing.py). Seconds
# to connect to and to wait for Redis (web and worker alike; also bounds a worker's wait on a dead
# connection), and one quick retry of a publish, which reconnects after a Redis restart.
_BROKER_SOCKET_TIMEOUT_S = env_float("CELERY_BROKER_SOCKET_TIMEOUT_S", 3.0, minimum=0.1)
_BROKER_TIMEOUTS = {"socket_connect_timeout": _BROKER_SOCKET_TIMEOUT_S, "socket_timeout": _BROKER_SOCKET_TIMEOUT_S}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# How long "can the job queue take work?" waits before a person's request to queue work is refused.
QUEUE_CHECK_TIMEOUT_S = env_float("QUEUE_CHECK_TIMEOUT_S", 0.5, minimum=0.05)
# kombu's Redis transport with the fix that keeps a worker alive when Redis goes away mid-task
# (workbench.queueing.RedisTransport); another broker's transport as kombu chooses it.
if CELERY_BROKER_URL.startswith("redis://"):
    CELERY_BROKER_TRANSPORT = "workbench.queueing:RedisTransport"
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
    **_BROKER_TIMEOUTS,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_S", 3600, minimum=60),
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Recovery (translations/recovery.py, docs/architecture.md "Recovery"): the database says what work
# is owed, and a sweep re-sends what the broker may have lost, long before the visibility timeout.
# A RUNNING batch claimed longer ago than the lease belongs to a worker that died and is queued
# again. It must exceed the longest a live worker holds a batch: twice (MODEL_SLOT_WAIT_S + a provider's
# timeout_s), a call and the call made again after a refused dialect parameter, each waiting for a
# concurrency slot first; a worker refuses to start when a provider's does not fit.
MODEL_BATCH_LEASE_S = env_float("MODEL_BATCH_LEASE_S", 900.0, minimum=1.0)
# Every worker offers the sweep this often, and one offer per interval runs whichever worker makes
# it (a Redis key decides); 0 turns the workers' timer off (run translations.tasks.recover yourself).
RECOVERY_INTERVAL_S = env_float("RECOVERY_INTERVAL_S", 60.0, minimum=0.0)
# How long past its due time work may wait unclaimed before its message is sent again: a queued
# batch, a job whose batches are all done, a pending webhook delivery, a queued evaluation.
RECOVERY_GRACE_S = env_float("RECOVERY_GRACE_S", 300.0, minimum=0.0)
# How many times a batch (or a provider evaluation run) whose worker was lost is run again; lost once
# more, it fails its job or run (with the reason) instead: it may be what kills the workers.
RECOVERY_MAX_PER_BATCH = env_int("RECOVERY_MAX_PER_BATCH", 3, minimum=1, maximum=100)
HEALTHZ_WORKER_TIMEOUT_S = env_float("HEALTHZ_WORKER_TIMEOUT_S", 2.0, minimum=0.1)
# /healthz tells anonymous callers only up/down per component. Staff, and a
# monitor sending this value in an X-Healthz-Token header, get the details
# (error messages, which name hosts and ports; worker names; timings).
HEALTHZ_TOKEN = env_secret("HEALTHZ_TOKEN") or ""
if HEALTHZ_TOKEN and len(HEALTHZ_TOKEN) < 24:
    raise ImproperlyConfigured(
        "HEALTHZ_TOKEN is shorter than 24 characters; use a long random value or leave it unset."
    )

# --- Model providers (see translations/providers.py and README "Model endpoints")
MODEL_PROVIDERS_JSON = env_str("MODEL_PROVIDERS_JSON", "")
MODEL_PROVIDERS_FILE = env_str("MODEL_PROVIDERS_FILE", "")
MODEL_MAX_ATTEMPTS = env_int("MODEL_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
MODEL_BACKOFF_BASE_S = env_float("MODEL_BACKOFF_BASE_S", 1.0, minimum=0.0)
MODEL_BACKOFF_MAX_S = env_float("MODEL_BACKOFF_MAX_S", 60.0, minimum=0.0)
MODEL_BATCH_MAX_SEGMENTS = env_int("MODEL_BATCH_MAX_SEGMENTS", 40, minimum=1)
MODEL_BATCH_MAX_CHARS = env_int("MODEL_BATCH_MAX_CHARS", 6000, minimum=200)
# A provider's concurrency slot (translations/providers.py ProviderSlot) is renewed while its call
# runs; one held by a worker that died lapses this long after the provider's timeout_s.
MODEL_SLOT_GRACE_S = env_float("MODEL_SLOT_GRACE_S", 30.0, minimum=0.0)
# How long a call waits for a free slot (or for Redis to answer) before it counts as a failed attempt.
MODEL_SLOT_WAIT_S = env_float("MODEL_SLOT_WAIT_S", 30.0, minimum=0.0)

# --- Provider evaluations (translations/evaluation.py, docs/evaluation.md) ---------
# Where the reference TSV files a queued evaluation may name live: a name chosen
# on the dashboard must resolve inside this folder.
EVALUATION_REFERENCE_DIR = Path(
    env_str("EVALUATION_REFERENCE_DIR", "") or BASE_DIR.parent / "shared" / "data" / "tico19"
).resolve()
# On: a finished job whose provider reported a different model than its last
# evaluation queues one re-run, against the approved memory of that language
# pair, or this file (inside EVALUATION_REFERENCE_DIR) when the memory is empty.
EVALUATION_AUTO_REVALIDATE = env_bool("EVALUATION_AUTO_REVALIDATE", False)
EVALUATION_DEFAULT_REFERENCE = env_str("EVALUATION_DEFAULT_REFERENCE", "tico19-dev.tsv")
if (
    not EVALUATION_DEFAULT_REFERENCE
    or Path(EVALUATION_DEFAULT_REFERENCE).name != EVALUATION_DEFAULT_REFERENCE
    or EVALUATION_DEFAULT_REFERENCE in (".", "..")
):
    raise ImproperlyConfigured(
        f"EVALUATION_DEFAULT_REFERENCE={EVALUATION_DEFAULT_REFERENCE!r} must be a file name inside "
        "EVALUATION_REFERENCE_DIR, without a folder."
    )

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

# --- The patient page and printed leaflets ------------------------------------------
# Whose leaflet it is: shown on every patient page and printed leaflet. Empty
# values are left out (a system check warns when the name is missing).
ORGANISATION_NAME = env_str("WORKBENCH_ORGANISATION_NAME", "")
ORGANISATION_CONTACT = env_str("WORKBENCH_ORGANISATION_CONTACT", "")
ORGANISATION_WEB = env_str("WORKBENCH_ORGANISATION_WEB", "")
if ORGANISATION_WEB and not ORGANISATION_WEB.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"WORKBENCH_ORGANISATION_WEB={ORGANISATION_WEB!r} is not an http(s) address.")
# A static file (path under the static directories, e.g. "workbench/org-logo.svg"), PNG or SVG.
ORGANISATION_LOGO = env_str("WORKBENCH_ORGANISATION_LOGO", "")
if ORGANISATION_LOGO and not ORGANISATION_LOGO.lower().endswith((".png", ".svg")):
    raise ImproperlyConfigured(f"WORKBENCH_ORGANISATION_LOGO={ORGANISATION_LOGO!r} is not a .png or .svg file.")
# Patients see "reviewed by a native speaker and a clinician"; with this on, also their names.
PATIENT_PAGE_REVIEWER_NAMES = env_bool("WORKBENCH_PATIENT_PAGE_REVIEWER_NAMES", False)
# The AI-assistance statement per content language; empty: the built-in wording, translated.
AI_ASSISTANCE_STATEMENTS = {
    code: env_str(f"WORKBENCH_AI_STATEMENT_{code.upper()}", "").strip() for code in ("en", "zh", "ms", "ta")
}
# Word paragraph styles that mark red flags in imported documents (besides a red-flags heading).
DOCX_RED_FLAG_STYLES = env_list("WORKBENCH_DOCX_RED_FLAG_STYLES", ["Red Flag", "Red Flags", "Warning"])
# Problem reports from readers (review/reports.py): limits counted in the database, so they
# hold while Redis is down. Per sender (a keyed hash of the address, never the address itself)
# within a window, and per leaflet per hour from anyone.
PROBLEM_REPORTS_PER_CLIENT = env_int("WORKBENCH_PROBLEM_REPORTS_PER_CLIENT", 5, minimum=1)
PROBLEM_REPORTS_CLIENT_WINDOW_MINUTES = env_int(
    "WORKBENCH_PROBLEM_REPORTS_CLIENT_WINDOW_MINUTES", 10, minimum=1, maximum=1440
)
PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR = env_int("WORKBENCH_PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR", 100, minimum=1)
# Leaflets whose next review falls within this many days appear on the authors' and publishers' home pages.
REVIEW_DUE_SOON_DAYS = env_int("WORKBENCH_REVIEW_DUE_SOON_DAYS", 60, minimum=0, maximum=730)

# --- Transport security, cookies and headers ---------------------------------------
# With DEBUG off the site is served over HTTPS only: secure cookies, HSTS and a
# redirect from http://. DJANGO_PLAIN_HTTP=1 turns those three off, for local
# plain-HTTP use only (the test suite sets it: its servers are plain HTTP on
# loopback). With DEBUG on (`make run`) they are off anyway.
if "DJANGO_SECURE_COOKIES" in os.environ:
    raise ImproperlyConfigured(
        "DJANGO_SECURE_COOKIES is no longer read: with DJANGO_DEBUG off cookies are always secure. "
        "Remove it; for local plain-HTTP use set DJANGO_PLAIN_HTTP=1 (or DJANGO_DEBUG=1)."
    )
PLAIN_HTTP = env_bool("DJANGO_PLAIN_HTTP", False)
HTTPS_ONLY = not DEBUG and not PLAIN_HTTP
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_SSL_REDIRECT = HTTPS_ONLY
# Load balancers probe the backend over plain HTTP; /healthz tells anonymous
# callers only up/down, so it is answered without the redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a decision for whoever owns the parent domain (hstspreload.org
# requires the apex domain to opt in); the token in our header alone preloads
# nothing. Off by default, so the deploy check's reminder (security.W021) is
# silenced below unless a deployment turns it on.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy Django sees plain HTTP; without this the
# redirect above would loop. Set it to the header the proxy sets on every request
# (and strips from clients), e.g. DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto.
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    if not all(c.isalnum() or c == "-" for c in _proxy_header):
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER={_proxy_header!r} is not a header name; use e.g. X-Forwarded-Proto."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a reviewer following the link in a notification e-mail must
# arrive logged in. Cross-site POSTs are refused either way (CSRF).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The pages' JavaScript never reads the CSRF cookie (forms carry the token).
CSRF_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (django-csp), on with or without DEBUG: no inline
# scripts or styles anywhere (the pages' code is in workbench/static/).
# DJANGO_CSP=0 turns it off, for debugging only.
CSP_ON = env_bool("DJANGO_CSP", True)
if CSP_ON:
    from csp.constants import NONE, SELF

    # Right after SecurityMiddleware, so every response (including WhiteNoise's) gets the header.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
    )
    # django-guardian's admin permissions page: its empty inline style, by hash, there only.
    MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "workbench.middleware.AdminCSPMiddleware")
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:"],
            "object-src": [NONE],
            "base-uri": [NONE],
            "frame-ancestors": [NONE],
            "form-action": [SELF],
        },
    }

# --- The REST API (/api/) --------------------------------------------------------------
# Sessions for the browser, per-user tokens for scripts (workbench/api_tokens.py). Every
# list is paginated; every caller is throttled (per token, else per user, else per address).
_API_RATES = {
    "caller": env_str("WORKBENCH_API_RATE", "1200/hour"),
    "anonymous": env_str("WORKBENCH_API_ANONYMOUS_RATE", "300/hour"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workbench.api_auth.ApiTokenAuthentication",
        # The browser's session, with Django's CSRF check on unsafe methods.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "workbench.api_base.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["workbench.api_base.CallerThrottle"],
    "DEFAULT_THROTTLE_RATES": _API_RATES,
    "EXCEPTION_HANDLER": "workbench.api_base.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "workbench.api_schema.ApiSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; the views that take a file upload set parser_classes = [MultiPartParser] themselves.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
for _rate_name, _rate in zip(("WORKBENCH_API_RATE", "WORKBENCH_API_ANONYMOUS_RATE"), _API_RATES.values(), strict=True):
    _count, _, _period = _rate.partition("/")
    if not _count.isdigit() or int(_count) < 1 or _period not in {"second", "minute", "hour", "day"}:
        raise ImproperlyConfigured(f"{_rate_name}={_rate!r} is not N/second, N/minute, N/hour or N/day.")
# Webhooks (review/webhooks.py): per attempt, the receiver's time to answer; how many attempts; the waits
# between attempts in seconds (the last repeats).
WEBHOOK_TIMEOUT_S = env_float("WORKBENCH_WEBHOOK_TIMEOUT_S", 10.0, minimum=1.0)
WEBHOOK_MAX_ATTEMPTS = env_int("WORKBENCH_WEBHOOK_MAX_ATTEMPTS", 6, minimum=1, maximum=50)
_backoff = env_list("WORKBENCH_WEBHOOK_BACKOFF_S", ["30", "120", "600", "3600", "21600"])
if not _backoff or not all(step.isdigit() and int(step) >= 1 for step in _backoff):
    raise ImproperlyConfigured(
        f"WORKBENCH_WEBHOOK_BACKOFF_S={','.join(_backoff)!r} is not a comma-separated list of seconds (each >= 1)."
    )
WEBHOOK_BACKOFF_S = [int(step) for step in _backoff]
# Tokens live at most this many days (the user picks fewer).
API_TOKEN_MAX_DAYS = env_int("WORKBENCH_API_TOKEN_MAX_DAYS", 365, minimum=1, maximum=3650)
SPECTACULAR_SETTINGS = {
    "TITLE": "Leaflet workbench API",
    "DESCRIPTION": (
        "Author, translate, review and publish patient leaflets. Every call goes through the same "
        "services and permission checks as the pages: nothing reaches patients unless, for every "
        "language, a native speaker and a clinician approved exactly that text."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
}

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO; its warnings (a missing glyph) still show.
        "weasyprint": {"level": "WARNING"},
        # The openai client's transport logs every model call's URL at INFO; the job's audit events say
        # which provider answered, and its failures are logged by the job runner with the reason.
        "httpx": {"level": "WARNING"},
    },
}

# Grounded drafting: how many retrieved passages a draft job sends the model at most (0: none).
DRAFT_PASSAGES = env_int("DRAFT_PASSAGES", 6, minimum=0)

# Trusted sources: the largest file (bytes) and the longest text (characters) a source may have.
SOURCE_MAX_BYTES = env_int("SOURCE_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
SOURCE_MAX_CHARS = env_int("SOURCE_MAX_CHARS", 200_000, minimum=1)
