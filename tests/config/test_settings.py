"""The same code runs embedded (SQLite, eager tasks) or deployed (PostgreSQL, Redis) depending on the environment.

Each test loads the settings in a fresh interpreter with a controlled environment, as a server process would.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from accounts.tasks import notification_email_task
from tests.accounts.factories import NotificationFactory, UserFactory

REPO_ROOT = Path(__file__).resolve().parents[2]
# Variables the settings read that would leak a developer's or CI's configuration into these tests.
SWITCHES = [
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_READ_DOT_ENV_FILE",
    "MEDIA_ROOT",
    "AGREEMENT_SCAN_MAX_BYTES",
]
PRINT_SETTINGS = """
import json
import logging
import django
django.setup()
from django.conf import settings
from config.celery_app import app
database = settings.DATABASES["default"]
print(json.dumps({
    "engine": database["ENGINE"],
    "name": str(database["NAME"]),
    "always_eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "eager_propagates": settings.CELERY_TASK_EAGER_PROPAGATES,
    "broker_url": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "app_always_eager": app.conf.task_always_eager,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": settings.EMAIL_HOST,
    "email_file_path": str(getattr(settings, "EMAIL_FILE_PATH", "")),
    "time_zone": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "debug": settings.DEBUG,
    "media_root": str(settings.MEDIA_ROOT),
    "scan_max_bytes": settings.AGREEMENT_SCAN_MAX_BYTES,
}))
"""


def run_settings(module: str = "config.settings.local", **environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in SWITCHES}
    env.update(environment, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def load_settings(module: str = "config.settings.local", **environment: str) -> dict:
    process = run_settings(module, **environment)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_uploads_are_kept_under_var_unless_the_environment_says_where():
    default = load_settings()
    configured = load_settings(MEDIA_ROOT="/srv/iei-media", AGREEMENT_SCAN_MAX_BYTES="2097152")

    assert (default["media_root"], default["scan_max_bytes"]) == (str(REPO_ROOT / "var" / "media"), 10 * 1024 * 1024)
    assert (configured["media_root"], configured["scan_max_bytes"]) == ("/srv/iei-media", 2097152)


def test_without_environment_the_embedded_default_is_sqlite_and_eager_tasks():
    loaded = load_settings()

    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert Path(loaded["name"]).parent == REPO_ROOT / "var"
    assert (loaded["always_eager"], loaded["eager_propagates"], loaded["app_always_eager"]) == (True, True, True)
    assert (loaded["broker_url"], loaded["result_backend"]) == ("", None)
    assert loaded["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert loaded["email_file_path"] == str(REPO_ROOT / "var" / "emails")
    assert loaded["debug"] is True


def test_database_and_broker_urls_switch_to_postgresql_and_a_real_worker():
    loaded = load_settings(
        DATABASE_URL="postgres://iei:secret@db.internal:5432/iei", CELERY_BROKER_URL="redis://redis.internal:6379/0"
    )

    assert (loaded["engine"], loaded["name"]) == ("django.db.backends.postgresql", "iei")
    assert (loaded["always_eager"], loaded["app_always_eager"]) == (False, False)
    assert loaded["broker_url"] == loaded["result_backend"] == "redis://redis.internal:6379/0"


def test_email_url_switches_to_smtp():
    loaded = load_settings(EMAIL_URL="smtp://mailer:secret@mail.example.org:587")

    assert (loaded["email_backend"], loaded["email_host"]) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
    )


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test", "config.settings.production"])
def test_every_environment_keeps_time_in_utc_shown_in_china_time(module):
    loaded = load_settings(module, SECRET_KEY="a-production-secret")

    assert (loaded["time_zone"], loaded["use_tz"]) == ("Asia/Shanghai", True)


def test_production_refuses_to_start_without_a_secret_key():
    process = run_settings("config.settings.production")

    assert process.returncode != 0
    assert "Set the SECRET_KEY environment variable" in process.stderr


def test_production_with_a_secret_key_is_not_in_debug_mode():
    loaded = load_settings("config.settings.production", SECRET_KEY="a-production-secret", DEBUG="true")

    assert loaded["debug"] is False


def test_a_task_run_eagerly_logs_nothing_about_a_broker(db, caplog):
    """Celery passes an eager task's arguments through a producer: on the embedded default it must not go looking
    for a broker (kombu warned "No hostname was supplied" on every notification)."""
    caplog.set_level(logging.WARNING, logger="kombu")
    notification = NotificationFactory(recipient=UserFactory(email="a@college.example"))

    assert notification_email_task.delay([notification.pk]).get() == 1

    assert len(mail.outbox) == 1
    assert [record.getMessage() for record in caplog.records if record.name.startswith("kombu")] == []
