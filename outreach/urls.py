from __future__ import annotations

from django.urls import path

from outreach import desk, views
from outreach.visits import urls as visit_urls

app_name = "outreach"

urlpatterns = [
    path("events/", views.calendar, name="calendar"),
    path("events/export.<str:fmt>", views.event_export, name="event-export"),
    path("open-data/events.<str:fmt>", views.event_open_data, name="event-open-data"),
    path("organizations/export.<str:fmt>", views.organization_export, name="organization-export"),
    path("organizations/contacts/export.<str:fmt>", views.contact_export, name="contact-export"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events.ics", views.events_ics, name="events-ics"),
    path("faq/", views.faq, name="faq"),
    path("cooperation/", views.cooperation, name="cooperation"),
    path("cooperation/<slug:slug>/", views.cooperation_page, name="cooperation-page"),
    path("organizations/contacts/", views.organization_contacts, name="contacts"),
    path("expert-roster/", views.expert_roster, name="roster"),
    path("search/", views.search, name="search"),
    # The secretariat's pages that edit the outreach content (outreach/desk.py).
    path("outreach-desk/", desk.desk_index, name="desk"),
    path("outreach-desk/<slug:kind>/", desk.desk_list, name="desk-list"),
    path("outreach-desk/<slug:kind>/new/", desk.desk_create, name="desk-create"),
    path("outreach-desk/<slug:kind>/<int:pk>/edit/", desk.desk_edit, name="desk-edit"),
    path("outreach-desk/<slug:kind>/<int:pk>/delete/", desk.desk_delete, name="desk-delete"),
    # Country visits and training courses (outreach/visits/).
    *visit_urls.urlpatterns,
]
