"""Settings shared by every environment; each value that differs between machines comes from the environment.

Every variable read here is listed, with its default, in ``.env.example``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# Opt-in, so that a .env left in a checkout (docker-compose's) never changes what manage.py and the tests do.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
# The default key only serves the embedded default; production.py refuses to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "django_tables2",
    "django_htmx",
]
LOCAL_APPS = [
    "common",  # no models: its template tags (the pages' helpers)
    "accounts",
    "cities",
    "colleges",
    "enterprises",
    "partnerships",
    "evaluation",
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and the user: a signed-in user's saved language wins over the browser's.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.layout",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: DATABASE_URL, or an SQLite file under var/ when it is absent
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a request writes; IMMEDIATE takes the write lock up front
    # so two writers queue instead of failing with "database is locked".
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # An index's INCLUDE columns (the skill profiles' covering index) serve PostgreSQL's index-only reads; SQLite
    # builds the index on its key columns alone, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compilation costs more than it saves on the pages' queries, whose correlated subqueries make the planner's
    # estimate large on small tables (the incentives' total at scale 50: 0.9 s of JIT for a 40 ms query); the scoring
    # SQL turns it off for its own transactions too (evaluation/scoring/sql.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# The audit trail is recorded by PostgreSQL triggers (django-pghistory); this middleware tags each request's
# changes with the signed-in user. SQLite has no triggers for it: the embedded default keeps no history.
AUDIT_TRAIL_ENABLED = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if AUDIT_TRAIL_ENABLED:
    MIDDLEWARE.append("pghistory.middleware.HistoryMiddleware")
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# ------------------------------------------------------------------------------
# Passwords and authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["accounts.backends.MembershipBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# ------------------------------------------------------------------------------
# Content-Security-Policy (https://django-csp.readthedocs.io/en/latest/configuration.html)
# ------------------------------------------------------------------------------
# Scripts and styles come only from our own static files: no inline script, style or event handler anywhere
# (tests/test_templates.py checks the templates; docs/frontend.md). data: images are Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ------------------------------------------------------------------------------
# REST API (https://www.django-rest-framework.org/api-guide/settings/)
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not signed in" into a 401 rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.backends.MembershipTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.PlatformAutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IEI Platform API",
    "DESCRIPTION": (
        "The REST API of the industry–education integration platform. Sign in with a session, or send "
        "`Authorization: Token <key>` (POST /api/v1/auth/token/ with a username and password gives the key). "
        "Every list is scoped to what your role may see; docs/permissions.md has the matrix."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice sets used by several fields get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "Party": "partnerships.choices.Party",
        "AgreementKind": "partnerships.choices.AgreementKind",
        "CommitmentKind": "partnerships.choices.CommitmentKind",
        "TrainingBaseKind": "partnerships.choices.TrainingBaseKind",
        "PostingKind": "enterprises.choices.PostingKind",
        "CollegeKind": "colleges.choices.CollegeKind",
        "NotificationKind": "accounts.choices.NotificationKind",
    },
}

# ------------------------------------------------------------------------------
# Internationalisation: the pilot cities are in China; datetimes are stored in UTC
# ------------------------------------------------------------------------------
# LocaleMiddleware follows the browser's Accept-Language on a first visit and falls back to LANGUAGE_CODE.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The committed catalogue, compiled (.mo) too, so a machine without GNU gettext has it (docs/i18n.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files, served by WhiteNoise in every environment
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# ------------------------------------------------------------------------------
# Pages (docs/frontend.md): every table renders through one template, refreshed in place by htmx
# ------------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "generic/table.html"

# ------------------------------------------------------------------------------
# Uploaded files (signed agreement scans): kept by the default storage under MEDIA_ROOT
# ------------------------------------------------------------------------------
# No MEDIA_URL and nothing serves MEDIA_ROOT: a stored file is downloaded only through a view that checks the
# reader's scope (partnerships/downloads.py). https://docs.djangoproject.com/en/5.2/topics/files/
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# The largest scan a party may attach (10 MB); the proxy in front should refuse larger request bodies first.
AGREEMENT_SCAN_MAX_BYTES = env.int("AGREEMENT_SCAN_MAX_BYTES", default=10 * 1024 * 1024)

# ------------------------------------------------------------------------------
# Email: console by default; EMAIL_URL selects SMTP etc. (https://django-environ.readthedocs.io)
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IEI Platform <noreply@iei.example>")
# Where the platform is reached from outside: the notifications' emails link to its pages under it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# ------------------------------------------------------------------------------
# Celery: with no broker configured, tasks run eagerly in-process and their errors propagate
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # An eager task's arguments still go through a producer, as a real send's would, and a producer needs a
    # connection: kombu's in-process transport, rather than an unnamed broker taken for amqp://localhost (with a
    # warning on every task). Nothing is sent on it.
    CELERY_BROKER_WRITE_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The queue the platform's tasks go to (and its workers take them from).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# The soft limit lets a task clean up: a minute before the hard one, or a tenth of a short limit.
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 60, CELERY_TASK_TIME_LIMIT * 9 // 10)
# The visibility timeout must exceed the longest task, or Redis re-delivers a task that is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "scores-nightly": {
        "task": "evaluation.scores_nightly",
        "schedule": crontab(hour=env.int("SCORES_NIGHTLY_HOUR", default=2), minute=0),
    },
    # The candidates of recommendations (docs/matching.md, "Recommendations"): after the night's scores.
    "skill-profiles-nightly": {
        "task": "partnerships.skill_profiles_nightly",
        "schedule": crontab(hour=env.int("SKILL_PROFILES_NIGHTLY_HOUR", default=3), minute=30),
    },
    # The daily email of the notifications each user takes that way (docs/workflows.md, "Notifications").
    "notification-digest": {
        "task": "accounts.notification_digest",
        "schedule": crontab(
            hour=env.int("NOTIFICATION_DIGEST_HOUR", default=8),
            minute=env.int("NOTIFICATION_DIGEST_MINUTE", default=0),
        ),
    },
}
# An entity whose score inputs change is recomputed this long after the first change (one recomputation a burst).
SCORES_DEBOUNCE_SECONDS = env.int("SCORES_DEBOUNCE_SECONDS", default=30)
# A run still under way this long after it was queued is taken for lost (failed) by the nightly task.
SCORES_RUN_EXPIRY_SECONDS = env.int("SCORES_RUN_EXPIRY_SECONDS", default=6 * 3600)
# Retention of the runs' score rows (docs/scoring.md, "Storage"): every run of the last SCORES_KEEP_DAYS days, and
# the last run of each month for SCORES_KEEP_MONTHS months; the nightly task removes the others' rows.
SCORES_KEEP_DAYS = env.int("SCORES_KEEP_DAYS", default=35)
SCORES_KEEP_MONTHS = env.int("SCORES_KEEP_MONTHS", default=24)

# ------------------------------------------------------------------------------
# Cache: shared by every process in production (it debounces score recomputation); in-process by default
# ------------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# ------------------------------------------------------------------------------
# Logging: everything to stderr, where gunicorn, the worker and docker collect it
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # A task run in-process (no broker) would log a line per success into whatever command or request ran it (the
    # seed's notification emails, say); a worker logs them itself. Failures still show.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}
