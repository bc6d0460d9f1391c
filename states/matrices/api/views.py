"""REST endpoints of the 1540 matrix: thin, the rules live in services and
permissions."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CommitteeViewSet, FileRenderer, PublicListCacheMixin
from core.files import serve_file
from core.permissions import can, require
from states.choices import MatrixSectionCode, WeaponType
from states.matrices import pdfs, spreadsheet
from states.matrices import services as matrix_services
from states.matrices import statistics as matrix_statistics
from states.matrices.api.serializers import (
    ApproveMatrixSerializer,
    CommentAnswerSerializer,
    MatrixCommentSerializer,
    MatrixDiffSerializer,
    MatrixEntrySerializer,
    MatrixFieldSerializer,
    MatrixLetterSerializer,
    MatrixSerializer,
    MatrixStatisticsSerializer,
    WorkbookAppliedSerializer,
    WorkbookApplySerializer,
    WorkbookErrorsSerializer,
    WorkbookPreviewSerializer,
    WorkbookUploadSerializer,
)
from states.matrices.diff import diff
from states.matrices.exports import XLSX, matrix_csv, matrix_xlsx
from states.matrices.filtersets import MatrixEntryFilterSet, MatrixFieldFilterSet, MatrixFilterSet
from states.matrices.models import (
    Matrix,
    MatrixComment,
    MatrixEntry,
    MatrixField,
    MatrixWorkbookImport,
)
from states.matrices.web import open_data_response, statistics_thresholds


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the revision you edited, as the entry's revision field or its ETag in If-Match, "
        "so that a colleague's newer save is not overwritten."
    )
    default_code = "precondition_required"


def _etag(entry: MatrixEntry) -> str:
    return f'"{entry.revision}"'


def _if_match_revision(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses (a 500).
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(
            {"If-Match": [_('Give the entry\'s ETag, as the server sent it (for example "3").')]}
        )
    return int(value)


@extend_schema_view(
    list=extend_schema(
        summary="List the fields of the matrix templates",
        description="Public. Each field has a stable code (e.g. OP2-N-ACQ-LF), its section, "
        "weapon type, column and English text.",
    ),
    retrieve=extend_schema(summary="One field of a matrix template"),
)
class MatrixFieldViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = MatrixField.objects.select_related("template", "section").order_by(
        "template", "position"
    )
    serializer_class = MatrixFieldSerializer
    ordering_fields = ["position", "code"]
    filterset_class = MatrixFieldFilterSet
    permission_classes = [permissions.AllowAny]


def _file_schema(summary: str, media_type: str):
    return extend_schema(
        summary=summary,
        responses={(200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=summary)},
    )


def _download(content: bytes | str, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@extend_schema_view(
    list=extend_schema(
        summary="List matrices (one row per version of a state's matrix)",
        description="The public sees published versions; a point of contact also sees their "
        "state's versions once sent to the state; the experts and the secretariat see all.",
    ),
    retrieve=extend_schema(summary="One version of a state's matrix"),
    create=extend_schema(
        summary="Start a new draft for a state (experts, secretariat)",
        description="The draft copies the state's last approved version, field by field.",
    ),
)
class MatrixViewSet(
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    CommitteeViewSet,
):
    queryset = Matrix.objects.select_related(
        "state", "template", "created_by", "sent_by", "approved_by", "published_by"
    )
    serializer_class = MatrixSerializer
    ordering_fields = [
        "id",
        "version",
        "status",
        "created_at",
        "updated_at",
        "sent_at",
        "approved_at",
        "published_at",
    ]
    filterset_class = MatrixFilterSet

    def _transition(self, step, **kwargs) -> Response:
        matrix = step(self.get_object(), acting_user=self.request.user, **kwargs)
        matrix = self.get_queryset().get(pk=matrix.pk)
        return Response(self.get_serializer(matrix).data)

    @extend_schema(
        summary="Send a draft to the state for review; its letter is generated in the background",
        request=None,
        responses={200: MatrixSerializer, 409: OpenApiResponse(description="Not a draft")},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._transition(matrix_services.send_matrix)

    @extend_schema(
        summary="Return the state's comments to the experts (the state's point of contact)",
        request=None,
        responses={200: MatrixSerializer, 409: OpenApiResponse(description="Not with the state")},
    )
    @action(detail=True, methods=["post"], url_path="return-comments")
    def return_comments(self, request, pk=None):
        return self._transition(matrix_services.return_comments)

    @extend_schema(
        summary="Record the committee's approval (secretariat)",
        request=ApproveMatrixSerializer,
        responses={200: MatrixSerializer, 409: OpenApiResponse(description="Not reviewed")},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        form = ApproveMatrixSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._transition(matrix_services.approve_matrix, **form.validated_data)

    @extend_schema(
        summary="Produce the letter of a version sent to the state again, in a language "
        "(experts, secretariat)",
        description="For a state that asks for its letter in another of the six official "
        "languages. The letter is written in the background (202); it replaces the version's "
        "letter once written, and ``letter_language`` then names its language.",
        request=MatrixLetterSerializer,
        responses={
            202: MatrixSerializer,
            400: OpenApiResponse(description="Not one of the six languages"),
            409: OpenApiResponse(description="A draft, which has no letter"),
        },
    )
    @action(detail=True, methods=["post"], url_path="produce-letter")
    def produce_letter(self, request, pk=None):
        matrix = self.get_object()
        # Who may ask is checked before what they ask for: a refusal says nothing of the input.
        require(request.user, "states.produce_matrix_letter", matrix)
        form = MatrixLetterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        language = form.validated_data.get("language") or matrix.state.correspondence_language
        matrix = matrix_services.produce_letter(matrix, acting_user=request.user, language=language)
        matrix = self.get_queryset().get(pk=matrix.pk)
        return Response(self.get_serializer(matrix).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Publish an approved matrix on the website (secretariat)",
        request=None,
        responses={200: MatrixSerializer, 409: OpenApiResponse(description="Not approved")},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(matrix_services.publish_matrix)

    @extend_schema(
        summary="The entries of a matrix, one per field",
        parameters=[
            OpenApiParameter("section", str, enum=MatrixSectionCode.values),
            OpenApiParameter("weapon_type", str, enum=WeaponType.values),
            OpenApiParameter("mark", str, enum=["X", "?", "NA"]),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        filters=False,
        responses={200: MatrixEntrySerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def entries(self, request, pk=None):
        matrix = self.get_object()
        # The matrix joined: whether a point of contact may see who changed an entry is asked
        # of its matrix's state, row by row (MatrixEntry.FIELD_PERMISSIONS).
        entries = MatrixEntry.objects.filter(matrix=matrix).select_related(
            "matrix", "field", "field__section", "updated_by"
        )
        filterset = MatrixEntryFilterSet(request.query_params, queryset=entries, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs.order_by("field__position"))
        return self.get_paginated_response(
            MatrixEntrySerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _entry(self, code: str) -> MatrixEntry:
        matrix = self.get_object()
        try:
            return MatrixEntry.objects.select_related(
                "matrix", "matrix__state", "field", "field__section", "updated_by"
            ).get(matrix=matrix, field__code=code)
        except MatrixEntry.DoesNotExist:
            raise Http404(_("This matrix has no field “%(code)s”.") % {"code": code}) from None

    @extend_schema(
        methods=["GET"],
        summary="One entry of a matrix, by field code; its ETag is its revision",
        responses={200: MatrixEntrySerializer},
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Change an entry of a draft (experts, secretariat), with its revision",
        description="Send the revision you edited in `revision` or as the ETag in `If-Match`. "
        "If someone saved the entry since, nothing is saved: 409 (412 with If-Match).",
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)],
        request=MatrixEntrySerializer,
        responses={
            200: MatrixEntrySerializer,
            409: OpenApiResponse(description="Saved by someone else since your revision"),
            412: OpenApiResponse(description="If-Match does not match the current revision"),
            428: OpenApiResponse(description="No revision given"),
        },
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"entries/(?P<code>[A-Za-z0-9-]+)",
        url_name="entry",
        filterset_class=None,
    )
    def entry(self, request, pk=None, code=None):
        entry = self._entry(code)
        if request.method == "PATCH":
            form = MatrixEntrySerializer(entry, data=request.data, partial=True)
            form.is_valid(raise_exception=True)
            values = dict(form.validated_data)
            header_revision = _if_match_revision(request)
            revision = values.pop("revision", None)
            if header_revision is not None:
                revision = header_revision
            if revision is None:
                raise PreconditionRequired()
            try:
                entry = matrix_services.update_entry(
                    entry, acting_user=request.user, revision=revision, **values
                )
            except matrix_services.StaleEntry as stale:
                if header_revision is not None:
                    raise PreconditionFailed(detail=" ".join(stale.messages)) from None
                raise
            entry = self._entry(code)
        response = Response(
            MatrixEntrySerializer(entry, context=self.get_serializer_context()).data
        )
        response["ETag"] = _etag(entry)
        return response

    @extend_schema(
        methods=["GET"],
        summary="The state's comments on a matrix (the state and the experts only)",
        filters=False,
        responses={200: MatrixCommentSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on a field: accept it or propose a change with its source (the state)",
        request=MatrixCommentSerializer,
        responses={201: MatrixCommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def comments(self, request, pk=None):
        matrix = self.get_object()
        require(request.user, "states.see_matrix_comments", matrix)
        if request.method == "POST":
            form = MatrixCommentSerializer(
                data=request.data,
                context={**self.get_serializer_context(), "matrix": matrix},
            )
            form.is_valid(raise_exception=True)
            comment = form.save()
            return Response(MatrixCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = (
            MatrixComment.objects.visible_to(request.user)
            .filter(matrix=matrix)
            .select_related("entry__field", "author", "responded_by")
        )
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(MatrixCommentSerializer(page, many=True).data)

    @extend_schema(
        summary="Answer a comment of the state: adopted, noted or declined (experts)",
        request=CommentAnswerSerializer,
        responses={200: MatrixCommentSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"comments/(?P<comment_id>[0-9]+)/answer",
        url_name="comment-answer",
    )
    def answer_comment(self, request, pk=None, comment_id=None):
        matrix = self.get_object()
        comment = get_object_or_404(
            MatrixComment.objects.visible_to(request.user), matrix=matrix, pk=comment_id
        )
        form = CommentAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        comment = matrix_services.respond_to_comment(
            comment, acting_user=request.user, **form.validated_data
        )
        return Response(MatrixCommentSerializer(comment).data)

    @extend_schema(
        summary="The fields that differ between this version and another of the same state",
        parameters=[
            OpenApiParameter(
                "against", int, required=True, description="The id of the other version."
            )
        ],
        filters=False,
        responses={200: MatrixDiffSerializer},
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def diff(self, request, pk=None):
        matrix = self.get_object()
        against_id = request.query_params.get("against", "")
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses (a 500).
        if not (against_id.isascii() and against_id.isdigit()):
            raise ValidationError(
                {"against": [_("Give the id of the version to compare with, a whole number.")]}
            )
        against = self.get_queryset().filter(pk=int(against_id)).first()
        if against is None:
            raise ValidationError(
                {"against": [_("There is no version %(id)s you can see.") % {"id": against_id}]}
            )
        changes = diff(matrix, against)
        return Response(
            MatrixDiffSerializer(
                {
                    "matrix": matrix.pk,
                    "against": against.pk,
                    "count": len(changes),
                    "changes": [
                        {
                            "code": change.code,
                            "section": change.section,
                            "text": change.text,
                            "changed": change.changed,
                            "before": change.before,
                            "after": change.after,
                        }
                        for change in changes
                    ],
                }
            ).data
        )

    @extend_schema(
        summary="Download the matrix letter (PDF), for the state and the committee's staff",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Letter")
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def letter(self, request, pk=None):
        matrix = self.get_object()
        if not can(request.user, "states.read_matrix_letter", matrix) or not matrix.letter:
            raise Http404
        return serve_file(matrix.letter, download_name=f"{matrix.download_stem()}-letter.pdf")

    @_file_schema("The matrix as CSV, one row per field", "text/csv")
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer], url_path="csv")
    def export_csv(self, request, pk=None):
        matrix = self.get_object()
        # The legend at its foot in the language the client asks for.
        with translation.override(translation.get_language_from_request(request._request)):
            text = matrix_csv(matrix)
        return _download(
            text,
            name=f"{matrix.download_stem()}.csv",
            content_type="text/csv; charset=utf-8",
        )

    @_file_schema("The matrix as an Excel workbook (XLSX)", XLSX)
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer], url_path="xlsx")
    def export_xlsx(self, request, pk=None):
        matrix = self.get_object()
        # The workbook's headers, legend and sheets in the language the client asks for.
        with translation.override(translation.get_language_from_request(request._request)):
            workbook = matrix_xlsx(matrix)
        return _download(workbook, name=f"{matrix.download_stem()}.xlsx", content_type=XLSX)

    @extend_schema(
        summary="Check a workbook brought back to the matrix and show its changes (experts, "
        "secretariat)",
        description="Upload the workbook exported from this matrix (`xlsx/`), changed offline. "
        "Every cell is checked; nothing is written to the matrix: the answer lists the changes, "
        "and the id and checksum to apply them with. Any bad cell: 400, each named by sheet, "
        "row, column and reason. A workbook exported before one of its entries was saved "
        "again: 409. Not an XLSX, too large, or another matrix's workbook: 400.",
        request={"multipart/form-data": WorkbookUploadSerializer},
        responses={
            201: WorkbookPreviewSerializer,
            400: WorkbookErrorsSerializer,
            409: OpenApiResponse(description="An entry was saved since the export"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="xlsx-import",
        parser_classes=[MultiPartParser, FormParser],
        filterset_class=None,
    )
    def xlsx_import(self, request, pk=None):
        matrix = self.get_object()
        # Who may ask is checked before what they send: a refusal says nothing of the file.
        require(request.user, "states.import_matrix_workbook", matrix)
        form = WorkbookUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            staged, changes = spreadsheet.stage_workbook(
                matrix, upload, acting_user=request.user, name=upload.name
            )
        except spreadsheet.WorkbookErrors as errors:
            return Response(
                {
                    "detail": " ".join(errors.messages[:1]),
                    "errors": [cell.as_dict() for cell in errors.cells],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        apply_url = request.build_absolute_uri(
            reverse("matrix-xlsx-import-apply", kwargs={"pk": matrix.pk, "import_id": staged.pk})
        )
        data = {
            "id": staged.pk,
            "checksum": staged.sha256,
            "file_name": staged.file_name,
            "count": len(changes),
            "changes": [
                {
                    "code": change.code,
                    "text": change.text,
                    "sheet": change.sheet,
                    "row": change.row,
                    "changed": change.changed,
                }
                for change in changes
            ],
            "apply_url": apply_url,
        }
        return Response(WorkbookPreviewSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Write the changes of a previewed workbook into the matrix (who uploaded it)",
        description="Send the checksum the preview gave. The changes are read again from the "
        "workbook and written with their history; an entry saved since the export: 409, "
        "nothing written.",
        request=WorkbookApplySerializer,
        responses={
            200: WorkbookAppliedSerializer,
            409: OpenApiResponse(description="An entry was saved since the export"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"xlsx-import/(?P<import_id>[0-9]+)/apply",
        url_name="xlsx-import-apply",
        filterset_class=None,
    )
    def xlsx_import_apply(self, request, pk=None, import_id=None):
        matrix = self.get_object()
        require(request.user, "states.import_matrix_workbook", matrix)
        staged = get_object_or_404(
            MatrixWorkbookImport.objects.uploaded_by(request.user), matrix=matrix, pk=import_id
        )
        form = WorkbookApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        changed = spreadsheet.apply_workbook(
            staged, acting_user=request.user, checksum=form.validated_data["checksum"]
        )
        return Response(WorkbookAppliedSerializer({"matrix": matrix.pk, "changed": changed}).data)

    @extend_schema(
        summary="The matrix as PDF, in the language asked for (Accept-Language)",
        description="Built once per version and language by the worker, then served as stored. "
        "While it is being built the answer is 202 with a Retry-After header: ask again then.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
            202: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Being prepared; ask again after Retry-After"
            ),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer], url_path="pdf")
    def export_pdf(self, request, pk=None):
        matrix = self.get_object()
        language = pdfs.reader_document_language()
        stored = pdfs.stored_pdf(matrix, language)
        if stored is not None:
            return serve_file(stored.file, download_name=f"{matrix.download_stem()}.pdf")
        pdfs.request_pdf(matrix, language)
        seconds = int(pdfs.RETRY_AFTER.total_seconds())
        return Response(
            {"detail": str(_("The PDF is being prepared; ask again in a few seconds."))},
            status=status.HTTP_202_ACCEPTED,
            headers={"Retry-After": str(seconds), "Cache-Control": "no-store"},
        )

    @_file_schema(
        "Open data: every state's current published matrix, one CSV row per state and field",
        "text/csv",
    )
    @action(
        detail=False,
        methods=["get"],
        renderer_classes=[FileRenderer],
        url_path="open-data",
        filterset_class=None,
        pagination_class=None,
    )
    def open_data(self, request):
        return open_data_response()


class MatrixStatisticsView(APIView):
    """The statistics of the approved matrices (12(h)); the same figures as the public page and
    its CSV."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Statistics of the latest approved matrix of each state (12(h))",
        description="Fields marked X by section and weapon type and by regional group, the "
        "number of states with at most N fields marked, and the yearly average with its change.",
        parameters=[
            OpenApiParameter(
                "at_most",
                int,
                description="Also count the states with at most this many fields marked.",
            )
        ],
        responses={200: MatrixStatisticsSerializer},
    )
    def get(self, request):
        thresholds = statistics_thresholds(request.query_params.get("at_most"))
        figures = matrix_statistics.cached(thresholds=thresholds)
        data = MatrixStatisticsSerializer({**figures.__dict__, "average": figures.average}).data
        return Response(data)
