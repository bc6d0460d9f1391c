"""Pages of the dialogue with states (8(b)) and the state profiles (8(f)): a state's dialogue
history and its profile (the staff, the experts and that state's own point of contact; others
get "not found"), an exchange's page with its follow-up actions, the forms by which the staff and
the experts record and correct them, and, for the staff, every state's dialogue with filters and
the follow-up actions due."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import require
from core.web import add_errors, page_of
from states.dialogue import services
from states.dialogue.filtersets import DialogueFilterSet, DialogueFollowUpFilterSet
from states.dialogue.forms import DialogueForm, FollowUpDoneForm, FollowUpForm, StateProfileForm
from states.dialogue.models import Dialogue, DialogueFollowUp, StateProfile
from states.models import MemberState

PAGE_SIZE = 50


def _state_for(request: HttpRequest, iso3: str) -> MemberState:
    """The state whose dialogue or profile the reader opens: "not found" for those who may not."""
    state = get_object_or_404(MemberState, iso3=iso3.upper())
    require(request.user, "states.read_dialogue_of_state", state)
    return state


def _dialogue_for(request: HttpRequest, pk: int) -> Dialogue:
    queryset = Dialogue.objects.visible_to(request.user).for_list()
    return get_object_or_404(queryset, pk=pk)


@login_required
def state_dialogue(request: HttpRequest, iso3: str) -> HttpResponse:
    """A state's dialogue history, newest first, with each exchange's follow-up actions."""
    state = _state_for(request, iso3)
    dialogue = Dialogue.objects.visible_to(request.user).filter(state=state).for_list()
    page = page_of(request, dialogue, PAGE_SIZE)
    return render(
        request,
        "states/dialogue/state_dialogue.html",
        {
            "state": state,
            "page": page,
            "dialogue": page.object_list,
            "profile": StateProfile.objects.filter(state=state).first(),
            "today": timezone.localdate(),
        },
    )


@login_required
def dialogue_list(request: HttpRequest) -> HttpResponse:
    """Every state's dialogue, for the staff and the experts, with filters."""
    require(request.user, "states.see_all_dialogue")
    filterset = DialogueFilterSet(
        request.GET, queryset=Dialogue.objects.visible_to(request.user).for_list()
    )
    valid = filterset.is_valid()
    rows = filterset.qs if valid else Dialogue.objects.none()
    page = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "states/dialogue/dialogue_list.html",
        {"filter": filterset, "page": page, "dialogue": page.object_list},
        status=200 if valid else 400,
    )


@login_required
def follow_ups_due(request: HttpRequest) -> HttpResponse:
    """The follow-up actions of every dialogue, open ones by due date (overdue marked)."""
    require(request.user, "states.see_all_dialogue")
    base = (
        DialogueFollowUp.objects.visible_to(request.user)
        .select_related("dialogue__state", "owner")
        .order_by("done_on", "due_on", "id")
    )
    data = request.GET.copy()
    data.setdefault("done", "false")
    filterset = DialogueFollowUpFilterSet(data, queryset=base)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else DialogueFollowUp.objects.none()
    page = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "states/dialogue/follow_ups_due.html",
        {"filter": filterset, "page": page, "follow_ups": page.object_list},
        status=200 if valid else 400,
    )


def _detail(
    request: HttpRequest,
    dialogue: Dialogue,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "states/dialogue/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "state": dialogue.state,
            "follow_ups": dialogue.follow_ups.select_related("owner"),
            "follow_up_form": follow_up_form or FollowUpForm(),
            "done_form": FollowUpDoneForm(initial={"done_on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _dialogue_for(request, pk))


def _dialogue_values(form: DialogueForm) -> dict:
    data = dict(form.cleaned_data)
    data["committee_participants"] = list(data.get("committee_participants") or [])
    return data


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _state_for(request, iso3)
    require(request.user, "states.keep_dialogue", state)
    posted = request.method == "POST"
    form = DialogueForm(request.POST) if posted else DialogueForm()
    if posted and form.is_valid():
        try:
            dialogue = services.record_dialogue(
                state, acting_user=request.user, **_dialogue_values(form)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The dialogue was recorded."))
            return redirect(dialogue)
    return render(
        request,
        "states/dialogue/dialogue_form.html",
        {"form": form, "state": state, "dialogue": None},
        status=400 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _dialogue_for(request, pk)
    require(request.user, "states.keep_dialogue", dialogue.state)
    posted = request.method == "POST"
    initial = {
        "held_on": dialogue.held_on,
        "kind": dialogue.kind,
        "place": dialogue.place,
        "committee_participants": list(dialogue.committee_participants.all()),
        "other_committee_participants": dialogue.other_committee_participants,
        "state_participants": dialogue.state_participants,
        "discussed": dialogue.discussed,
        "agreed": dialogue.agreed,
        "correspondence_reference": dialogue.correspondence_reference,
    }
    form = DialogueForm(request.POST) if posted else DialogueForm(initial=initial)
    if posted and form.is_valid():
        try:
            services.update_dialogue(dialogue, acting_user=request.user, **_dialogue_values(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The dialogue was corrected."))
            return redirect(dialogue)
    return render(
        request,
        "states/dialogue/dialogue_form.html",
        {"form": form, "state": dialogue.state, "dialogue": dialogue},
        status=400 if posted else 200,
    )


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _dialogue_for(request, pk)
    require(request.user, "states.keep_dialogue", dialogue.state)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.add_follow_up(dialogue, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up action was added."))
            return redirect(dialogue)
    return _detail(request, dialogue, follow_up_form=form, status=400)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int, follow_up_id: int) -> HttpResponse:
    dialogue = _dialogue_for(request, pk)
    # The action of this dialogue only: another dialogue's id is "not found" here.
    follow_up = get_object_or_404(DialogueFollowUp, pk=follow_up_id, dialogue=dialogue)
    require(request.user, "states.keep_dialogue", dialogue.state)
    form = FollowUpDoneForm(request.POST)
    error_text = None
    if form.is_valid():
        try:
            services.mark_follow_up_done(
                follow_up, acting_user=request.user, done_on=form.cleaned_data["done_on"]
            )
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(request, _("The follow-up action was marked done."))
            return redirect(dialogue)
    else:
        error_text = " ".join(e for errors in form.errors.values() for e in errors)
    messages.error(request, error_text)
    return _detail(request, dialogue, status=400)


@login_required
def state_profile(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _state_for(request, iso3)
    profile = StateProfile.objects.visible_to(request.user).select_related("updated_by")
    return render(
        request,
        "states/dialogue/state_profile.html",
        {"state": state, "profile": profile.filter(state=state).first()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def state_profile_edit(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _state_for(request, iso3)
    require(request.user, "states.keep_state_profile", state)
    profile = StateProfile.objects.filter(state=state).first()
    posted = request.method == "POST"
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS} if profile else {}
    form = StateProfileForm(request.POST) if posted else StateProfileForm(initial=initial)
    if posted and form.is_valid():
        try:
            services.save_state_profile(state, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The profile of the State was saved."))
            return redirect("states:state-profile", iso3=state.iso3)
    return render(
        request,
        "states/dialogue/state_profile_form.html",
        {"form": form, "state": state},
        status=400 if posted else 200,
    )
