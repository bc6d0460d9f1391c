"""The public website speaks the six official languages: every message of the public templates
has a translation (not fuzzy, not empty) in the Arabic, Chinese, English, French, Russian and
Spanish catalogues, the compiled catalogues match their sources, and every public page renders
in each language, right-to-left in Arabic.

The messages are extracted the way ``makemessages`` does it: Django's ``templatize`` turns each
template into Python-like source and ``xgettext`` reads the messages from it."""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
LOCALE = ROOT / "locale"
CATALOGUES = {"ar": "ar", "zh-hans": "zh_Hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}

# The templates of the public website: what the anonymous reader can reach, with the parts of
# those pages that signed-in users see too.
PUBLIC_TEMPLATES = [
    "base.html",
    "_filter_fields.html",
    "home.html",
    "403.html",
    "404.html",
    "registration/login.html",
    "states/state_list.html",
    "states/state_detail.html",
    "states/report_detail.html",
    "states/_report_table.html",
    "states/_pagination.html",
    "states/_status.html",
    "states/matrix_list.html",
    "states/matrix_detail.html",
    "states/_matrix_header.html",
    "states/_matrix_legend.html",
    "states/matrix_pdf_pending.html",
    "states/matrix_pdf.html",
    "states/matrix_none.html",
    "states/matrix_statistics.html",
    "states/_bar_chart.html",
    "states/_matrix_status.html",
    "states/shared_list.html",
    "states/shared_detail.html",
    "assistance/request_list.html",
    "assistance/request_detail.html",
    "assistance/offer_list.html",
    "assistance/offer_detail.html",
    "assistance/_filters.html",
    "assistance/_status.html",
    "assistance/_tabs.html",
    "outreach/_filters.html",
    "outreach/calendar.html",
    "outreach/event_detail.html",
    "outreach/faq.html",
    "outreach/cooperation.html",
    "outreach/cooperation_page.html",
    "outreach/search.html",
    "workinggroups/programme.html",
    "workinggroups/work_item.html",
    "workinggroups/working_group_list.html",
    "workinggroups/working_group_detail.html",
    "workinggroups/_filters.html",
]

Message = tuple[str | None, str, str | None]  # (context, msgid, msgid_plural)


def _unquote(lines: list[str]) -> str:
    text = "".join(re.match(r'^\s*"(.*)"\s*$', line).group(1) for line in lines)
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def read_po(text: str) -> dict[Message, dict]:
    """Entries of a PO file: ``{(context, msgid, plural): {"msgstr": [...], "fuzzy": bool}}``."""
    entries: dict[Message, dict] = {}
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        key = (
            _unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
            msgid,
            _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
        )
        strings = [_unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[key] = {"msgstr": strings, "fuzzy": fuzzy}
    return entries


@cache
def template_messages(names: tuple[str, ...] = tuple(PUBLIC_TEMPLATES)) -> dict[Message, str]:
    """The messages of the given templates, each with the first template it appears in."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (Debian package gettext) is needed to extract the messages")
    found: dict[Message, str] = {}
    for name in names:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        python_like = templatize(source, origin=str(TEMPLATES / name))
        result = subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--keyword=gettext_noop",
                "--keyword=gettext_lazy",
                "--keyword=ngettext_lazy:1,2",
                "--keyword=pgettext:1c,2",
                "--keyword=npgettext:1c,2,3",
                "--output=-",
                "-",
            ],
            input=python_like,
            capture_output=True,
            text=True,
            check=True,
        )
        for key in read_po(result.stdout):
            found.setdefault(key, name)
    return found


def catalogue(code: str) -> Path:
    return LOCALE / CATALOGUES[code] / "LC_MESSAGES" / "django.po"


def test_the_public_templates_exist():
    missing = [name for name in PUBLIC_TEMPLATES if not (TEMPLATES / name).exists()]
    assert not missing


@pytest.mark.parametrize("code", list(CATALOGUES))
def test_every_public_message_is_translated_in_each_catalogue(code):
    entries = read_po(catalogue(code).read_text(encoding="utf-8"))
    missing = []
    for key, template in template_messages().items():
        entry = entries.get(key)
        if entry is None or entry["fuzzy"] or not all(s.strip() for s in entry["msgstr"]):
            missing.append(f"{template}: {key[1]!r}")
    assert not missing, f"{len(missing)} messages lack a {code} translation:\n" + "\n".join(
        missing[:40]
    )


@pytest.mark.parametrize("code", list(CATALOGUES))
def test_the_compiled_catalogue_matches_its_source(code):
    po = catalogue(code)
    with open(po.with_suffix(".mo"), "rb") as compiled:
        translations = gnu_gettext.GNUTranslations(compiled)
    stale = []
    for (context, msgid, plural), entry in read_po(po.read_text(encoding="utf-8")).items():
        if entry["fuzzy"] or not entry["msgstr"][0] or plural:
            continue
        got = translations.pgettext(context, msgid) if context else translations.gettext(msgid)
        if got != entry["msgstr"][0]:
            stale.append(msgid)
    assert not stale, (
        f"run `manage.py compilemessages`: {len(stale)} entries differ, e.g. {stale[:3]}"
    )


def test_placeholders_survive_translation():
    """A translation keeps the %(name)s and {{ name }} placeholders of its message."""
    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    broken = []
    for code in CATALOGUES:
        for (_ctx, msgid, plural), entry in read_po(
            catalogue(code).read_text(encoding="utf-8")
        ).items():
            wanted = sorted(pattern.findall(plural or msgid))
            for text in entry["msgstr"]:
                if text and sorted(pattern.findall(text)) != wanted and not plural:
                    broken.append(f"{code}: {msgid!r}")
    assert not broken, broken[:20]


PUBLIC_PAGES = [
    "/",
    "/states/",
    "/states/CHN/",
    "/matrices/",
    "/matrices/statistics/",
    "/assistance/requests/",
    "/assistance/offers/",
    "/events/",
    "/faq/",
    "/cooperation/",
    "/effective-practices/",
    "/action-plans/",
    "/search/?q=report",
    "/login/",
    "/programme/",
    "/working-groups/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "zh-hans", "fr", "ru", "es"])
def test_every_public_page_renders_in_each_language(client, code, member_states):
    for path in PUBLIC_PAGES:
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, path
        page = response.content.decode()
        assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in page, path


@pytest.mark.django_db
def test_english_stays_at_the_root_and_the_switcher_links_every_language(client, member_states):
    page = client.get("/states/CHN/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    for code in ("ar", "zh-hans", "fr", "ru", "es"):
        assert f'href="/{code}/states/CHN/"' in page
    arabic = client.get("/ar/states/CHN/").content.decode()
    assert 'dir="rtl"' in arabic and "الدول الأعضاء" in arabic
    assert "会员国" in client.get("/zh-hans/states/").content.decode()


# --- Every message of every catalogue ----------------------------------------------------------

TRANSLATED = ["ar", "zh_Hans", "fr", "ru", "es"]
SOURCES = ["assistance", "committee", "core", "outreach", "states", "workinggroups", "templates"]


@pytest.mark.parametrize("catalogue", TRANSLATED)
def test_no_message_of_a_catalogue_is_empty_or_fuzzy(catalogue):
    import polib

    entries = [e for e in polib.pofile(LOCALE / catalogue / "LC_MESSAGES" / "django.po")]
    empty = [e.msgid for e in entries if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert (empty, fuzzy) == ([], []), f"{catalogue}: {len(empty)} empty, {len(fuzzy)} fuzzy"


def test_the_catalogues_hold_every_message_of_the_code(tmp_path, settings):
    """makemessages, run on a copy of the catalogues (the sources linked in, never written), finds
    no message that a catalogue lacks: a new string without its five translations fails here."""
    import os

    import polib
    from django.core.management import call_command

    for name in SOURCES:
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(LOCALE / "fr", tmp_path / "locale" / "fr")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    before = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes()
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["fr"], symlinks=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    fresh = polib.pofile(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    kept = polib.pofile(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    known = {(e.msgctxt, e.msgid) for e in kept if e.translated()}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert missing == [], f"{len(missing)} messages of the code are in no catalogue"
    assert (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes() == before, "written"
