"""Settings for the test suite: the same environment switches as base, plus speed and isolation."""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests assert English messages; tests/test_translations.py checks the Chinese catalogue.
LANGUAGE_CODE = "en"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the finders so pages render without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tasks run in-process whatever the broker, so that a test sees what they do; the tests of a real worker send
# through the broker (tests/conftest.py: live_celery_worker). A worker started by a test in a process of its own
# sets CELERY_TASK_ALWAYS_EAGER=false, so the tasks it sends go through the broker too.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
