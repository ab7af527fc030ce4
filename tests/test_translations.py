"""The platform speaks Simplified Chinese and English: the committed zh_Hans catalogue covers every marked string,
translates all of them, and its compiled .mo is the .po; LocaleMiddleware picks the language (docs/i18n.md)."""

import ast
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from colleges.choices import StudentStatus
from colleges.models import Student
from common.services import require_reason

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
# What `make messages` leaves out of the scan (its --ignore options), besides the catalogue itself.
NOT_SCANNED = {".venv", "var", "tests", "bench", "static", "node_modules", "locale"}


def _entries(po: Path) -> list[dict]:
    """The entries of a .po file, each as {"flags": set, "msgctxt"/"msgid"/"msgid_plural"/"msgstr[n]": str}."""
    entries = []
    for block in po.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, field = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            elif not line.startswith("#"):
                field, _, text = line.partition(" ")
                entry[field] = ast.literal_eval(text)
        entries.append(entry)
    return entries


def _key(entry: dict) -> str:
    """How gettext files an entry's msgid: behind its context, if it has one."""
    return f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]


def _translations(entry: dict) -> list[str]:
    return [text for field, text in entry.items() if field.startswith("msgstr")]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (apt install gettext)")
def test_makemessages_adds_no_entry_to_the_committed_catalogue(tmp_path, monkeypatch):
    # makemessages scans the working directory and writes into the catalogue: let it scan the project through
    # links and write into a copy.
    for child in settings.BASE_DIR.iterdir():
        if child.name not in NOT_SCANNED and not child.name.startswith("."):
            (tmp_path / child.name).symlink_to(child)
    shutil.copytree(CATALOGUE, tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, symlinks=True, verbosity=0)

    committed = {_key(entry) for entry in _entries(CATALOGUE / "django.po")}
    fresh = {_key(entry) for entry in _entries(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")}
    assert not fresh - committed, (
        f"Not in the catalogue: run `make messages` and translate {sorted(fresh - committed)}"
    )
    assert not committed - fresh, f"No longer in the code: run `make messages` to drop {sorted(committed - fresh)}"


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _entries(CATALOGUE / "django.po")
    assert len(entries) > 400
    untranslated = [entry["msgid"] for entry in entries if entry["msgid"] and not all(_translations(entry))]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert not untranslated, f"Untranslated: {untranslated}"
    assert not fuzzy, f"Fuzzy (check the translation, then remove the flag): {fuzzy}"


def test_the_committed_mo_is_the_compiled_po():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    written = {}
    for entry in _entries(CATALOGUE / "django.po"):
        if not entry["msgid"]:
            continue  # the header, which msgfmt rewrites
        if "msgid_plural" in entry:
            written[_key(entry), 0] = entry["msgstr[0]"]
        else:
            written[_key(entry)] = entry["msgstr"]
    del compiled[""]
    assert compiled == written, "Run `make messages` (or compilemessages) and commit django.mo"


def test_labels_and_messages_come_out_in_the_active_language():
    with translation.override("zh-hans"):
        assert Student._meta.verbose_name == "学生"
        assert StudentStatus.WITHDRAWN.label == "已退学"
        with pytest.raises(ValidationError) as refusal:
            require_reason(" ")
        assert refusal.value.message_dict["reason"] == ["请说明原因：原因将随记录保存，并告知对方。"]
    with translation.override("en"):
        assert StudentStatus.WITHDRAWN.label == "Withdrawn"


@pytest.mark.parametrize(
    ("accept_language", "title"),
    [("zh-hans", "<title>登录 · "), ("zh-CN,zh;q=0.9,en;q=0.8", "<title>登录 · "), ("en", "<title>Sign in · ")],
)
def test_the_browser_language_chooses_the_page_language(client, accept_language, title):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert title in page.content.decode()


@override_settings(LANGUAGE_CODE="zh-hans")
def test_a_browser_that_names_no_language_gets_simplified_chinese(client):
    assert "<title>登录 · 产教融合</title>" in client.get(reverse("login")).content.decode()
    assert client.get("/api/v1/no-such-list/").json()["detail"] == "未找到。"
