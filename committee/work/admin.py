"""The secretariat's admin for the committee's own work. Seats, builds, drafts and progress go
through the services (pages, API, and the seat form and actions here); the admin reads them and
never hard-deletes a record of the committee."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from committee.work import services as committee_services
from committee.work.models import (
    AnnualReview,
    CommitteeMember,
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ReportingReminder,
    ReviewChapter,
    ReviewComment,
    WorkItem,
    WrittenReview,
)
from core.admin_base import ServiceOwnedAdmin, run_service


class RecordAdmin(ServiceOwnedAdmin):
    """Every model of the committee's own work has a service that writes it."""


class SeatForm(forms.ModelForm):
    """What ``seat_committee_member`` asks for; the service checks the rules."""

    class Meta:
        model = CommitteeMember
        fields = ["state", "role", "term_start", "term_end", "representative", "contact_email"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RecordAdmin):
    list_display = ["state", "role", "term_start", "term_end", "representative"]
    list_filter = ["role"]
    search_fields = ["state__name", "state__iso3", "representative"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]
    actions = ["end_term_today"]

    def get_urls(self):
        seat = path(
            "seat/",
            self.admin_site.admin_view(self.seat_view),
            name="committee_committeemember_seat",
        )
        return [seat, *super().get_urls()]

    def seat_view(self, request: HttpRequest) -> HttpResponse:
        """Seat a delegation through ``seat_committee_member``: its refusals (an overlapping
        term, a second chair) come back on the form, nothing is written."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SeatForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                member = committee_services.seat_committee_member(
                    acting_user=request.user, **form.cleaned_data
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                self.message_user(
                    request, _("%(member)s seated.") % {"member": member}, messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:committee_committeemember_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Seat a delegation on the committee"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/committee/committeemember/seat.html", context)

    @admin.action(description=gettext_lazy("End the selected delegations' terms today"))
    def end_term_today(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset.select_related("state"),
            lambda member: committee_services.end_committee_term(member, acting_user=request.user),
            done=lambda n: ngettext("%d term ended today.", "%d terms ended today.", n) % n,
        )


# The title and the texts in the six languages, a field each (django-modeltranslation).
@admin.register(ProgrammeOfWork)
class ProgrammeOfWorkAdmin(RecordAdmin, TranslationAdmin):
    list_display = ["number", "title", "period_start", "period_end"]


@admin.register(WorkItem)
class WorkItemAdmin(RecordAdmin, TranslationAdmin):
    list_display = ["paragraph", "area", "lead_working_group", "status", "progress", "programme"]
    list_filter = ["programme", "area", "lead_working_group", "status"]
    search_fields = [
        "paragraph",
        *(build_localized_fieldname("text", language) for language in AVAILABLE_LANGUAGES),
    ]
    list_select_related = ["programme"]
    # Status and progress move through recorded progress updates, which keep the note.
    readonly_fields = ["status", "progress", "updated_at"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(RecordAdmin):
    list_display = [
        "year",
        "version",
        "language",
        "as_at",
        "status",
        "progress",
        "requested_by",
        "finished_at",
    ]
    list_filter = ["status", "year", "language"]
    readonly_fields = [
        "year",
        "version",
        "language",
        "as_at",
        "status",
        "progress",
        "stage",
        "error",
        "document",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # builds are requested on the annual review page or through the API


# The annual review as written (8(a)): drafted, commented, adopted and issued on its pages.
@admin.register(WrittenReview)
class WrittenReviewAdmin(RecordAdmin):
    list_display = ["year", "language", "title", "status", "symbol", "issued_on", "pdf_status"]
    list_filter = ["status", "year", "language"]
    search_fields = ["title", "symbol"]


@admin.register(ReviewChapter)
class ReviewChapterAdmin(RecordAdmin):
    list_display = ["review", "position", "title", "updated_at"]
    list_select_related = ["review"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(RecordAdmin):
    list_display = ["chapter", "author", "created_at", "resolved"]
    list_select_related = ["chapter", "author"]


# The subject and the text in the six languages, a field each (django-modeltranslation).
@admin.register(NoteVerbaleTemplate)
class NoteVerbaleTemplateAdmin(RecordAdmin, TranslationAdmin):
    list_display = ["name", "subject", "is_default", "updated_at"]


@admin.register(ReportingReminder)
class ReportingReminderAdmin(RecordAdmin):
    list_display = ["reference", "state", "language", "drafted_by", "drafted_at"]
    search_fields = ["reference", "state__name", "state__iso3"]
    list_select_related = ["state", "drafted_by"]
    readonly_fields = [
        "state",
        "template",
        "reference",
        "subject",
        "text",
        "language",
        "document",
        "drafted_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False
