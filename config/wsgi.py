"""WSGI entry point for gunicorn; DJANGO_SETTINGS_MODULE picks the settings (production in docker-compose)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()
