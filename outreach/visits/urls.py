"""The addresses of country visits and training courses (in the "outreach" namespace)."""

from __future__ import annotations

from django.urls import path

from outreach.visits import views

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/participants/", views.visit_participants, name="visit-participants"),
    path("visits/<int:pk>/report/", views.visit_report, name="visit-report"),
    path("visits/<int:pk>/report.pdf", views.visit_report_download, name="visit-report-download"),
    path("visits/<int:pk>/follow-ups/new/", views.visit_follow_up, name="visit-follow-up"),
    path(
        "visits/follow-ups/<int:pk>/done/", views.visit_follow_up_done, name="visit-follow-up-done"
    ),
    path("visits/<int:pk>/<slug:step>/", views.visit_step, name="visit-step"),
    path("training/", views.course_list, name="course-list"),
    path("training/new/", views.course_create, name="course-create"),
    path("training/<int:pk>/", views.course_detail, name="course-detail"),
    path(
        "training/<int:pk>/participants/new/",
        views.course_participant_add,
        name="course-participant-add",
    ),
    path(
        "training/participants/<int:pk>/remove/",
        views.course_participant_remove,
        name="course-participant-remove",
    ),
    path("training/<int:pk>/documents/new/", views.course_material_add, name="course-material-add"),
    path(
        "training/documents/<int:pk>/",
        views.course_material_download,
        name="course-material-download",
    ),
    path("training/<int:pk>/follow-ups/new/", views.course_follow_up, name="course-follow-up"),
    path(
        "training/follow-ups/<int:pk>/done/",
        views.course_follow_up_done,
        name="course-follow-up-done",
    ),
    path("training/<int:pk>/<slug:step>/", views.course_step, name="course-step"),
]
