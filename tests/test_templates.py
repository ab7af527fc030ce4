"""The pages work under a Content-Security-Policy without 'unsafe-inline': no template carries inline code or style."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

# An opening tag; a template tag inside it (`{% if %}`) holds no angle bracket in our templates.
TAG = re.compile(r"<[a-z][^<>]*>", re.IGNORECASE)
INLINE = {
    "an inline script": re.compile(r"^<script\b(?![^>]*\ssrc=)", re.IGNORECASE),
    "an inline style block": re.compile(r"^<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    # htmx runs hx-on code through eval, which the policy and htmx's allowEval=false both refuse.
    "an hx-on handler": re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE),
    "a javascript: URL": re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE),
}


def _project_templates() -> list[Path]:
    """Every template of the project: templates/ and the templates/ folder of each of our apps."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [Path(apps.get_app_config(label).path) / "templates" for label in settings.LOCAL_APPS]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_carries_inline_script_style_or_event_handler():
    templates = _project_templates()
    assert settings.BASE_DIR / "templates" / "base.html" in templates
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}: {what} in {tag}"
        for path in templates
        for tag in TAG.findall(path.read_text(encoding="utf-8"))
        for what, pattern in INLINE.items()
        if pattern.search(tag)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/admin/login/", "/api/docs/"])
def test_pages_carry_the_content_security_policy(db, client, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert (policy["frame-ancestors"], policy["object-src"]) == ("'none'", "'none'")
    assert (policy["form-action"], policy["base-uri"]) == ("'self'", "'self'")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
