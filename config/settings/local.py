"""Settings for a developer's machine: the embedded default (SQLite, eager tasks, console email)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
