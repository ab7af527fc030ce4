# The one image of docker-compose.yml: web (gunicorn, the default command), worker, beat and migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3

WORKDIR /app
# A home of its own, as tools write there (gunicorn's control socket); the code itself stays root-owned.
RUN groupadd --system app && useradd --system --gid app --create-home --home-dir /home/app app

# Dependencies first, read from pyproject.toml, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# The key only lets production settings load for collectstatic; it is not kept in the image.
RUN pip install --no-deps . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown app:app var var/media

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
