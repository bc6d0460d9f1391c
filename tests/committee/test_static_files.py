"""Static files in production (core/staticfiles.py): no page fails for a stylesheet, and
every stylesheet a template names is there to be collected."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from core.staticfiles import StaticFilesStorage

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def test_every_static_file_a_template_names_exists_to_be_collected():
    templates = Path(settings.BASE_DIR).glob("*/templates/**/*.html")
    named = {
        name
        for template in [*templates, *Path(settings.BASE_DIR, "templates").rglob("*.html")]
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }

    assert named
    assert [name for name in sorted(named) if finders.find(name) is None] == []


def test_a_file_missing_from_the_manifest_gets_its_plain_url_instead_of_an_error(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")

    assert storage.url("css/never-collected.css") == "/static/css/never-collected.css"
