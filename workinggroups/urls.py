from __future__ import annotations

from django.urls import path

from workinggroups import views

app_name = "workinggroups"

urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme/export.<str:fmt>", views.programme_export, name="programme-export"),
    path(
        "programme/recommendations/",
        views.review_recommendations,
        name="review-recommendations",
    ),
    path("programme/items/<int:pk>/", views.work_item, name="work-item"),
    path(
        "programme/items/<slug:paragraph>/",
        views.work_item_by_paragraph,
        name="work-item-paragraph",
    ),
    path("working-groups/", views.working_group_list, name="working-group-list"),
    path("working-groups/<int:number>/", views.working_group_detail, name="working-group"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/export.<str:fmt>", views.meeting_export, name="meeting-export"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/documents/", views.meeting_document_upload, name="document-upload"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting-outcome"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path(
        "meeting-documents/<int:pk>/download/",
        views.meeting_document_download,
        name="document-download",
    ),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new-address/", views.calendar_replace, name="calendar-replace"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
