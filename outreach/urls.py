from __future__ import annotations

from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("events/", views.calendar, name="calendar"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events.ics", views.events_ics, name="events-ics"),
    path("faq/", views.faq, name="faq"),
    path("cooperation/", views.cooperation, name="cooperation"),
    path("cooperation/<slug:slug>/", views.cooperation_page, name="cooperation-page"),
    path("organizations/contacts/", views.organization_contacts, name="contacts"),
    path("expert-roster/", views.expert_roster, name="roster"),
    path("search/", views.search, name="search"),
]
