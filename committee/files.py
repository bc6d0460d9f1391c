"""Uploaded documents: checked by their content, never by their name, and served only through
views that have checked who is asking."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Legacy Word (.doc) files are OLE2 compound files; the magic number alone cannot tell a .doc
# from a .xls, so for that one container we also need the name to agree.
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
DOCUMENT_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
SNIFF_BYTES = 8192


def sniff_document(upload: File) -> str:
    """Return the extension ("pdf", "docx" or "doc") that the file's content shows, or raise a
    ValidationError saying what is wrong. Also enforces settings.UPLOAD_MAX_BYTES."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest document accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty_file")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in DOCUMENT_KINDS:
        return kind.extension
    name = (getattr(upload, "name", "") or "").lower()
    if head.startswith(OLE2_MAGIC) and name.endswith(".doc"):
        return "doc"
    found = kind.mime if kind is not None else _("not a recognised document format")
    raise ValidationError(
        _(
            "“%(name)s” is not a PDF or Word document: its content is %(found)s. "
            "Upload the report as a PDF, DOCX or DOC file."
        )
        % {"name": getattr(upload, "name", "file"), "found": found},
        code="invalid_document_type",
    )


def validate_document(upload: File) -> None:
    """Field validator form of sniff_document."""
    sniff_document(upload)


def serve_file(field_file, *, download_name: str) -> FileResponse:
    """Stream a stored file as an attachment. The caller has already checked permission."""
    extension = download_name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=DOCUMENT_KINDS.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
