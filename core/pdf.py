"""PDF rendering with WeasyPrint.

Generated files are stored under a new, unique name each time, and the row that points to them is
updated only after the file is completely written, in the same transaction as the rest of the
result: a worker killed half-way leaves at most an orphan file that nothing points to, and readers
keep seeing the previous complete version.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Fonts come from the system (Noto, with Chinese and
    Arabic glyphs, installed by scripts/system-deps)."""
    from weasyprint import HTML  # imported late: loading Pango costs start-up time everywhere

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
