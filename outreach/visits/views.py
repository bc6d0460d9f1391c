"""Pages of country visits and training courses: the lists, a visit or course with what was
done, and the pages that move them along (each step confirmed on its own page before it is
taken). Thin: the rules are the services' and outreach/visits/permissions.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.files import serve_file
from core.permissions import can, require
from core.web import add_errors, page_of
from outreach.visits import forms, services
from outreach.visits.choices import CourseStatus, VisitStatus
from outreach.visits.models import (
    CountryVisit,
    CourseFollowUp,
    CourseMaterial,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)

PAGE_SIZE = 25
VISIT_RULE = "outreach.manage_country_visits"
COURSE_RULE = "outreach.manage_training_courses"


def _visits(user: Any):
    return CountryVisit.objects.visible_to(user).select_related("event", "state")


def _courses(user: Any):
    return TrainingCourse.objects.visible_to(user).select_related("event")


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "outreach/visits/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=400 if form.is_bound else 200,
    )


# --- country visits ------------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits the reader may read (all for staff and experts; a point of contact, those to
    its state), latest invitation first."""
    require(request.user, "outreach.read_country_visit")
    page = page_of(request, _visits(request.user), PAGE_SIZE)
    return render(
        request, "outreach/visits/visit_list.html", {"page": page, "visits": page.object_list}
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, VISIT_RULE)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.record_invitation(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The invitation was recorded."))
            return redirect(visit)
    return _form_page(
        request,
        form,
        title=_("Record an invitation to a country visit"),
        back=reverse("outreach:visit-list"),
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        _visits(request.user).prefetch_related(
            "experts",
            "organizations",
            Prefetch("follow_ups", VisitFollowUp.objects.select_related("owner")),
        ),
        pk=pk,
    )
    may_manage = can(request.user, VISIT_RULE, visit)
    steps = []
    if may_manage:
        for name, step in VISIT_STEPS.items():
            if step["to"] in services.VISIT_STEPS[visit.status]:
                steps.append(
                    (
                        reverse("outreach:visit-step", kwargs={"pk": visit.pk, "step": name}),
                        step["title"],
                    )
                )
    return render(
        request,
        "outreach/visits/visit_detail.html",
        {
            "visit": visit,
            "event": visit.event,
            "may_manage": may_manage,
            "steps": steps,
            "may_report": may_manage and visit.status == VisitStatus.HELD,
            "may_follow_up": may_manage
            and visit.status in (VisitStatus.HELD, VisitStatus.REPORTED, VisitStatus.FOLLOW_UP),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_participants(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(_visits(request.user), pk=pk)
    require(request.user, VISIT_RULE, visit)
    initial = {
        "experts": list(visit.experts.all()),
        "organizations": list(visit.organizations.all()),
        "officials": visit.officials,
    }
    form = forms.VisitParticipantsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_visit_participants(visit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The participants were saved."))
            return redirect(visit)
    return _form_page(
        request,
        form,
        title=_("Participants in the visit"),
        back=visit.get_absolute_url(),
        object=visit,
    )


# Each step of a visit: the status it moves to, what the confirmation page says, its form.
VISIT_STEPS: dict[str, dict[str, Any]] = {
    "accept": {
        "to": VisitStatus.ACCEPTED,
        "title": gettext_lazy("Accept the invitation"),
        "warning": gettext_lazy("The Committee accepts the state's invitation to visit."),
    },
    "schedule": {
        "to": VisitStatus.SCHEDULED,
        "form": forms.ScheduleForm,
        "title": gettext_lazy("Schedule the visit"),
        "warning": gettext_lazy(
            "The dates are confirmed; if the event is public, the public calendar shows the visit."
        ),
    },
    "held": {
        "to": VisitStatus.HELD,
        "title": gettext_lazy("Record the visit as held"),
        "warning": gettext_lazy("The visit took place on the dates shown. This cannot be undone."),
    },
    "follow-up": {
        "to": VisitStatus.FOLLOW_UP,
        "title": gettext_lazy("Move to the follow-up"),
        "warning": gettext_lazy("The report was issued; the follow-up actions are now tracked."),
    },
    "cancel": {
        "to": VisitStatus.CANCELLED,
        "title": gettext_lazy("Call off the visit"),
        "warning": gettext_lazy(
            "The visit will not take place; its event is cancelled on the calendar. "
            "This cannot be undone."
        ),
    },
}


def _confirm_page(
    request: HttpRequest, *, obj: Any, form: Any, title: Any, warning: Any
) -> HttpResponse:
    return render(
        request,
        "outreach/visits/confirm.html",
        {"object": obj, "form": form, "title": title, "warning": warning},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in VISIT_STEPS:
        raise Http404
    chosen = VISIT_STEPS[step]
    visit = get_object_or_404(_visits(request.user), pk=pk)
    require(request.user, VISIT_RULE, visit)
    form_class = chosen.get("form")
    form = None
    if form_class is not None:
        initial = {"start_date": visit.event.start_date, "end_date": visit.event.end_date}
        form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.move_visit(
                visit, chosen["to"], acting_user=request.user, **(form.cleaned_data if form else {})
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(visit)
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The visit is now: %(status)s.") % {"status": VisitStatus(chosen["to"]).label},
            )
            return redirect(visit)
    return _confirm_page(
        request, obj=visit, form=form, title=chosen["title"], warning=chosen["warning"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(_visits(request.user), pk=pk)
    require(request.user, VISIT_RULE, visit)
    form = forms.VisitReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_visit_report(
                visit,
                form.cleaned_data["report"],
                acting_user=request.user,
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The report was issued."))
            return redirect(visit)
    return _form_page(
        request,
        form,
        title=_("Issue the visit's report"),
        back=visit.get_absolute_url(),
        object=visit,
        files=True,
    )


@login_required
def visit_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(_visits(request.user), pk=pk)
    if not visit.report:
        raise Http404
    return serve_file(visit.report, download_name=f"country-visit-{visit.pk}-report.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def visit_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(_visits(request.user), pk=pk)
    require(request.user, VISIT_RULE, visit)
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_visit_follow_up(visit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(visit)
    return _form_page(
        request,
        form,
        title=_("Record a follow-up action"),
        back=visit.get_absolute_url(),
        object=visit,
    )


def _follow_up_done(request: HttpRequest, action: Any, record: Any, service: Any) -> HttpResponse:
    form = forms.DoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(action, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action was marked done."))
            return redirect(record)
    return _confirm_page(
        request,
        obj=record,
        form=form,
        title=_("Mark the action done"),
        warning=action.text,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        VisitFollowUp.objects.select_related("visit__event"), pk=pk, visit__in=_visits(request.user)
    )
    require(request.user, VISIT_RULE, action.visit)
    return _follow_up_done(request, action, action.visit, services.complete_visit_follow_up)


# --- training courses ----------------------------------------------------------------------


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "outreach.read_training_course")
    page = page_of(request, _courses(request.user), PAGE_SIZE)
    return render(
        request, "outreach/visits/course_list.html", {"page": page, "courses": page.object_list}
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require(request.user, COURSE_RULE)
    form = forms.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The course was put on the calendar."))
            return redirect(course)
    return _form_page(
        request, form, title=_("Plan a training course"), back=reverse("outreach:course-list")
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(_courses(request.user).prefetch_related("materials"), pk=pk)
    # A point of contact reads its own state's participants only (the rule's rows).
    participants = (
        TrainingParticipant.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("state")
    )
    may_manage = can(request.user, COURSE_RULE, course)
    steps = []
    if may_manage:
        for name, step in COURSE_STEPS.items():
            if step["to"] in services.COURSE_STEPS[course.status]:
                steps.append(
                    (
                        reverse("outreach:course-step", kwargs={"pk": course.pk, "step": name}),
                        step["title"],
                    )
                )
    return render(
        request,
        "outreach/visits/course_detail.html",
        {
            "course": course,
            "event": course.event,
            "participants": participants,
            "states_count": len({p.state_id for p in participants}),
            "follow_ups": course.follow_ups.select_related("owner"),
            "may_manage": may_manage,
            "steps": steps,
            "open": course.status != CourseStatus.CANCELLED,
        },
    )


COURSE_STEPS: dict[str, dict[str, Any]] = {
    "held": {
        "to": CourseStatus.HELD,
        "title": gettext_lazy("Record the course as held"),
        "warning": gettext_lazy("The course took place on the dates shown. This cannot be undone."),
    },
    "cancel": {
        "to": CourseStatus.CANCELLED,
        "title": gettext_lazy("Call off the course"),
        "warning": gettext_lazy(
            "The course will not take place; its event is cancelled on the calendar. "
            "This cannot be undone."
        ),
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def course_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in COURSE_STEPS:
        raise Http404
    chosen = COURSE_STEPS[step]
    course = get_object_or_404(_courses(request.user), pk=pk)
    require(request.user, COURSE_RULE, course)
    if request.method == "POST":
        try:
            services.move_course(course, chosen["to"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The course is now: %(status)s.") % {"status": CourseStatus(chosen["to"]).label},
            )
        return redirect(course)
    return _confirm_page(
        request, obj=course, form=None, title=chosen["title"], warning=chosen["warning"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(_courses(request.user), pk=pk)
    require(request.user, COURSE_RULE, course)
    form = forms.ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participant(course, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The participant was added."))
            if "another" in request.POST:
                return redirect("outreach:course-participant-add", pk=course.pk)
            return redirect(course)
    return _form_page(
        request,
        form,
        title=_("Add a participant"),
        back=course.get_absolute_url(),
        object=course,
        another=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        TrainingParticipant.objects.select_related("course__event", "state"),
        pk=pk,
        course__in=_courses(request.user),
    )
    course = participant.course
    require(request.user, COURSE_RULE, course)
    if request.method == "POST":
        services.remove_participant(participant, acting_user=request.user)
        messages.success(request, _("The participant was removed."))
        return redirect(course)
    return _confirm_page(
        request,
        obj=course,
        form=None,
        title=_("Remove a participant"),
        warning=_("Remove %(name)s (%(state)s) from the course? The history keeps the entry.")
        % {"name": participant.name, "state": participant.state.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_material_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(_courses(request.user), pk=pk)
    require(request.user, COURSE_RULE, course)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_material(
                course,
                form.cleaned_data["file"],
                acting_user=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(course)
    return _form_page(
        request,
        form,
        title=_("Add a course document"),
        back=course.get_absolute_url(),
        object=course,
        files=True,
    )


@login_required
def course_material_download(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(
        CourseMaterial.objects.all(), pk=pk, course__in=_courses(request.user)
    )
    return serve_file(material.file, download_name=material.download_name())


@login_required
@require_http_methods(["GET", "POST"])
def course_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(_courses(request.user), pk=pk)
    require(request.user, COURSE_RULE, course)
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_course_follow_up(course, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up action was recorded."))
            return redirect(course)
    return _form_page(
        request,
        form,
        title=_("Record a follow-up action"),
        back=course.get_absolute_url(),
        object=course,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        CourseFollowUp.objects.select_related("course__event"),
        pk=pk,
        course__in=_courses(request.user),
    )
    require(request.user, COURSE_RULE, action.course)
    return _follow_up_done(request, action, action.course, services.complete_course_follow_up)
