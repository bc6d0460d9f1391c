from __future__ import annotations

from django.urls import path

from states import views

app_name = "states"

urlpatterns = [
    path("states/", views.state_list, name="state-list"),
    path("states/<str:iso3>/", views.state_detail, name="state-detail"),
    path("reports/new/", views.report_create_on_behalf, name="report-create"),
    path("reports/inbox/", views.inbox, name="inbox"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/document/", views.report_document, name="report-document"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report-publish"),
    path("reports/<int:pk>/delete/", views.report_discard, name="report-discard"),
    path("my-state/", views.my_state, name="my-state"),
]
