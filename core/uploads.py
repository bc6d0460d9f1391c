"""Upload handlers that stop reading a request as soon as a file is too large.

Django's own handlers write an upload to memory or a temporary file to its end, and only then
does the document check (core/files.py) measure it: a 2 GB body was read, and written to
disk, before being refused. These refuse a body whose Content-Length already says it is too
large before reading anything, and otherwise stop at the first chunk past
settings.UPLOAD_MAX_BYTES. The refusal is a 400 that names the field and the limit, shaped as
the document check's own refusal: JSON for the API (core/api.py), a page for the site
(``bad_request`` below)."""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views import defaults


class UploadTooLarge(RequestDataTooBig):
    """A file past settings.UPLOAD_MAX_BYTES: a SuspiciousOperation, so that Django answers it
    wherever the body is first read (the CSRF check reads it before any view runs)."""

    def __init__(self, field: str | None = None) -> None:
        self.field = field
        super().__init__(
            _("The file is too large: the largest document accepted is %(limit)s.")
            % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )

    @property
    def message(self) -> str:
        return self.args[0]

    def as_api_error(self) -> dict[str, str | dict[str, list[str]]]:
        """The API's error shape (core/api.py): ``detail``, and the field's message."""
        if self.field is None:
            return {"detail": self.message}
        return {"detail": f"{self.field}: {self.message}", "errors": {self.field: [self.message]}}


class _StopsAtTheLimit(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],  # noqa: N803
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile]] | None:
        # The other fields of a form take at most DATA_UPLOAD_MAX_MEMORY_SIZE on top of the file.
        fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        if content_length and content_length > settings.UPLOAD_MAX_BYTES + fields:
            raise UploadTooLarge
        return super().handle_raw_input(input_data, META, content_length, boundary, encoding)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            raise UploadTooLarge(self.field_name)
        return super().receive_data_chunk(raw_data, start)


class LimitedMemoryFileUploadHandler(_StopsAtTheLimit, MemoryFileUploadHandler):
    """Django's in-memory handler (small files), stopping at the limit."""


class LimitedTemporaryFileUploadHandler(_StopsAtTheLimit, TemporaryFileUploadHandler):
    """Django's temporary-file handler (larger files), stopping at the limit."""


def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    """handler400: a too-large upload is told why; anything else is Django's 400 page."""
    if not isinstance(exception, UploadTooLarge):
        return defaults.bad_request(request, exception, **kwargs)
    if request.path.startswith("/api/"):
        return JsonResponse(exception.as_api_error(), status=400)
    return TemplateResponse(
        request, "upload_too_large.html", {"message": exception.message}, status=400
    ).render()
