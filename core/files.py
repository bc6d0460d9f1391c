"""Uploaded documents: checked by their content, never by their name, and served only through
views that have checked who is asking."""

from __future__ import annotations

import zipfile
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
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
        if kind.extension == "docx":
            check_archive(upload)
        elif kind.extension == "pdf":
            check_pdf(upload)
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


def _name(upload: File) -> str:
    return getattr(upload, "name", "") or _("the file")


def check_archive(upload: File) -> None:
    """Refuse a DOCX whose zip archive would expand beyond what any real document needs.

    Only the central directory (the sizes each part declares) is read, so the check costs the
    same for a bomb as for a letter. A part that lies about its size passes here; the search
    indexer, the one place that inflates documents, also stops at a cap of its own
    (outreach/search.py), so neither can exhaust the server's memory."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise ValidationError(
            _("“%(name)s” is damaged: its content cannot be read. Save it again and upload it.")
            % {"name": _name(upload)},
            code="damaged_document",
        ) from error
    finally:
        upload.seek(0)
    if len(members) > settings.UPLOAD_MAX_ARCHIVE_MEMBERS:
        raise ValidationError(
            _(
                "“%(name)s” is made of %(count)s parts; a Word document accepted has at most "
                "%(limit)s."
            )
            % {
                "name": _name(upload),
                "count": len(members),
                "limit": settings.UPLOAD_MAX_ARCHIVE_MEMBERS,
            },
            code="archive_too_many_parts",
        )
    expanded = sum(member.file_size for member in members)
    limit = settings.UPLOAD_MAX_EXPANDED_BYTES
    if expanded > limit:
        raise ValidationError(
            _(
                "“%(name)s” would expand to %(size)s when opened; the largest accepted is "
                "%(limit)s. Save the document as PDF, or split it."
            )
            % {
                "name": _name(upload),
                "size": filesizeformat(expanded),
                "limit": filesizeformat(limit),
            },
            code="archive_too_large",
        )
    ratio = settings.UPLOAD_MAX_COMPRESSION_RATIO
    for member in members:
        # Tiny parts compress extremely well without being a danger; only weigh the large ones.
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ValidationError(
                _(
                    "“%(name)s” is compressed far more than a Word document can be (a part of it "
                    "expands %(ratio)s times), as archive bombs are. Save the document again, or "
                    "as PDF."
                )
                % {
                    "name": _name(upload),
                    "ratio": member.file_size // max(member.compress_size, 1),
                },
                code="archive_bomb",
            )


# What makes a PDF do something when opened or clicked, rather than show pages: scripts, launched
# programs, forms that post or fetch data, embedded files, Flash/3D media, XFA forms.
ACTIVE_PDF_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/XFA"}
    | {"/RichMedia", "/RichMediaContent", "/RichMediaSettings"}
)
ACTIVE_PDF_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR"}
    | {"/Rendition", "/RichMediaExecute"}
)
# A real report has thousands of objects; past this the file is refused rather than half-checked.
MAX_PDF_OBJECTS = 500_000


class _ActiveContent(Exception):
    pass


def _walk_pdf(root: Any) -> None:
    """Visit every dictionary and array reachable from the catalogue (pages, annotations, the
    names tree, the form), raising _ActiveContent at the first sign of active content. Streams
    are not decoded: the keys that matter live in dictionaries."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects to check")
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in ACTIVE_PDF_KEYS:
                    raise _ActiveContent(name)
                if name == "/S" and isinstance(value, str) and value in ACTIVE_PDF_ACTIONS:
                    raise _ActiveContent(value)
                if name == "/OpenAction":
                    target = value.get_object() if isinstance(value, IndirectObject) else value
                    # An opening destination (a page and a zoom) is harmless; an action is not.
                    if isinstance(target, DictionaryObject) and target.get("/S") != "/GoTo":
                        raise _ActiveContent(f"{name} {target.get('/S', '')}".strip())
                if isinstance(value, (DictionaryObject, ArrayObject, IndirectObject)):
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(
                item
                for item in node
                if isinstance(item, (DictionaryObject, ArrayObject, IndirectObject))
            )


def check_pdf(upload: File) -> None:
    """Refuse a PDF that pypdf cannot read (damaged) or that carries active content: a report is
    published to everyone, and opening it must not run anything in a reader's PDF viewer."""
    from pypdf import PdfReader

    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _(
                    "“%(name)s” is protected by a password, so it cannot be published. Upload it "
                    "without the password."
                )
                % {"name": _name(upload)},
                code="encrypted_document",
            )
        _walk_pdf(reader.trailer["/Root"])
    except ValidationError:
        raise
    except _ActiveContent as found:
        raise ValidationError(
            _(
                "“%(name)s” contains active content (%(what)s): scripts, actions, embedded files "
                "or interactive forms are not accepted in documents. Print it to PDF again, or "
                "save it as PDF/A, and upload that."
            )
            % {"name": _name(upload), "what": str(found).replace("/", "")},
            code="active_content",
        ) from found
    except Exception as error:  # pypdf raises many kinds of errors on a broken file
        raise ValidationError(
            _("“%(name)s” is damaged: its content cannot be read. Save it again and upload it.")
            % {"name": _name(upload)},
            code="damaged_document",
        ) from error
    finally:
        upload.seek(0)


def validate_document(upload: File) -> None:
    """Field validator form of sniff_document."""
    sniff_document(upload)


def serve_file(field_file: FieldFile, *, download_name: str) -> FileResponse:
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
