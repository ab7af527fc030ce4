"""Settings for a developer's machine: the embedded default (SQLite, eager tasks, email written to files)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)

# Without EMAIL_URL each email is a file in var/emails/, to read there: printed, a session's notifications would
# grow the development server's log by megabytes (docs/operations.md, "Email").
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "emails"
