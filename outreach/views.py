"""Pages of the outreach app: the public calendar and its iCalendar feed, the FAQ, the
cooperation pages and organisations, the website's search; the organisations' contacts and the
roster of former experts for the secretariat."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.exports import export_list
from core.opendata import open_data_response
from core.page_cache import cache_public_page
from core.permissions import require
from core.web import page_of
from outreach import search as site_search
from outreach.api.views import EventViewSet, OrganizationContactViewSet, OrganizationViewSet
from outreach.choices import SearchKind
from outreach.filtersets import EventFilterSet, FormerExpertFilterSet, OrganizationContactFilterSet
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)

PAGE_SIZE = 25


def _events(request: HttpRequest) -> tuple[EventFilterSet, object]:
    filterset = EventFilterSet(request.GET, queryset=Event.objects.visible_to(request.user))
    events = filterset.qs if filterset.is_valid() else Event.objects.none()
    return filterset, events


@cache_public_page(query=EventFilterSet)
def calendar(request: HttpRequest) -> HttpResponse:
    """Confirmed upcoming events, then the events held, latest first (11(b)(i))."""
    filterset, events = _events(request)
    today = timezone.localdate()
    upcoming = list(events.upcoming(today)[:100])
    page = page_of(request, events.past(today), PAGE_SIZE)
    return render(
        request,
        "outreach/calendar.html",
        {"filter": filterset, "upcoming": upcoming, "page": page, "past": page.object_list},
    )


@cache_public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.visible_to(request.user).prefetch_related("states", "organizations"), pk=pk
    )
    return render(request, "outreach/event_detail.html", {"event": event})


def events_ics(request: HttpRequest) -> HttpResponse:
    """The public calendar as an iCalendar feed that calendar programs subscribe to."""
    calendar_file = Calendar()
    calendar_file.add("prodid", "-//United Nations//1540 Committee calendar//EN")
    calendar_file.add("version", "2.0")
    calendar_file.add("x-wr-calname", _("1540 Committee: outreach events"))
    host = request.get_host()
    events = Event.objects.public().order_by("start_date", "pk")
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.start_date)
        # All-day events: DTEND is the day after the last day.
        item.add("dtend", event.end_date + timedelta(days=1))
        item.add("dtstamp", event.updated_at)
        item.add("last-modified", event.updated_at)
        if event.place:
            item.add("location", event.place)
        description = event.note or event.get_kind_display()
        item.add("description", description)
        item.add("categories", [event.get_kind_display()])
        item.add("status", "CONFIRMED")
        item.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar_file.add_component(item)
    response = HttpResponse(calendar_file.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="1540-committee-events.ics"'
    return response


@cache_public_page
def faq(request: HttpRequest) -> HttpResponse:
    questions = FAQ.objects.visible_to(request.user)
    return render(request, "outreach/faq.html", {"questions": questions})


@cache_public_page
def cooperation(request: HttpRequest) -> HttpResponse:
    """Cooperation with the other committees and UN bodies (11(b)(ii)) and the organisations
    the committee works with (10(b))."""
    pages = CooperationPage.objects.visible_to(request.user)
    organizations = Organization.objects.active().order_by("kind", "name")
    return render(
        request, "outreach/cooperation.html", {"pages": pages, "organizations": organizations}
    )


@cache_public_page
def cooperation_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(CooperationPage.objects.visible_to(request.user), slug=slug)
    paragraphs = [part.strip() for part in page.body.split("\n\n") if part.strip()]
    return render(
        request, "outreach/cooperation_page.html", {"page": page, "paragraphs": paragraphs}
    )


@login_required
def organization_contacts(request: HttpRequest) -> HttpResponse:
    require(request.user, "outreach.see_organization_contacts")
    filterset = OrganizationContactFilterSet(
        request.GET,
        queryset=OrganizationContact.objects.visible_to(request.user).select_related(
            "organization"
        ),
    )
    contacts = filterset.qs if filterset.is_valid() else OrganizationContact.objects.none()
    page = page_of(request, contacts, 50)
    return render(
        request,
        "outreach/contacts.html",
        {"filter": filterset, "page": page, "contacts": page.object_list},
    )


@login_required
def expert_roster(request: HttpRequest) -> HttpResponse:
    require(request.user, "outreach.see_expert_roster")
    filterset = FormerExpertFilterSet(
        request.GET, queryset=FormerExpert.objects.visible_to(request.user)
    )
    experts = filterset.qs if filterset.is_valid() else FormerExpert.objects.none()
    page = page_of(request, experts, 50)
    return render(
        request,
        "outreach/roster.html",
        {"filter": filterset, "page": page, "experts": page.object_list},
    )


@cache_public_page(query=("q", *site_search.FACETS))
def search(request: HttpRequest) -> HttpResponse:
    """The website's search page, with the counts of its facets (kind, state, year, language)."""
    raw = request.GET.get("q")
    text = site_search.clean_query(raw or "")
    facets, facet_errors = site_search.parse_facets(request.GET)
    # No words yet: the page introduces the search; words that cannot be searched: it says why.
    error = site_search.query_problem(raw) if raw is not None else ""
    errors = [error, *facet_errors.values()] if error else list(facet_errors.values())
    page = None
    found = []
    counts: dict = {}
    if text and not errors:
        entries = site_search.search(text, user=request.user, facets=facets)
        page = page_of(request, entries, PAGE_SIZE)
        found = site_search.results(page.object_list, text)
        counts = site_search.facet_counts(text, facets, user=request.user)
    return render(
        request,
        "outreach/search.html",
        {
            "q": text,
            "kind": facets.kind,
            "kinds": SearchKind.choices,
            "facets": facets.as_params(),
            "facet_counts": counts,
            "page": page,
            "results": found,
            # A result in another language says which.
            "reader_language": site_search.reader_language(),
            "errors": errors,
        },
    )


# --- Exports and open data ------------------------------------------------------------------------


def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The events of the calendar, with its filters, as CSV or XLSX."""
    return export_list(request, fmt, EventViewSet, stem="events")


def organization_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, fmt, OrganizationViewSet, stem="organizations")


def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request.user, "outreach.see_organization_contacts")
    return export_list(request, fmt, OrganizationContactViewSet, stem="organization-contacts")


def event_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public events, as open data."""
    return open_data_response(request, fmt, viewset=EventViewSet, stem="1540-events")
