"""Pages of the committee's own work, included at the site root by committee/urls.py."""

from __future__ import annotations

from django.urls import path

from committee import domain_views
from committee.models import AnnualReview

app_name = "committee"

urlpatterns = [
    path("dashboard/", domain_views.dashboard_page, name="dashboard"),
    path("dashboard/<slug:key>.csv", domain_views.dashboard_csv, name="dashboard-csv"),
    path("annual-reviews/", domain_views.annual_review_list, name="annual-reviews"),
    path("annual-reviews/<int:pk>/", domain_views.annual_review_detail, name="annual-review"),
    path(
        "annual-reviews/<int:pk>/restart/",
        domain_views.build_restart,
        {"model": AnnualReview},
        name="annual-review-restart",
    ),
    path(
        "annual-reviews/<int:pk>/download/",
        domain_views.annual_review_download,
        name="annual-review-download",
    ),
    path("reminders/", domain_views.reminders, name="reminders"),
    path("reminders/wording/", domain_views.reminder_template, name="reminder-template"),
    path("reminders/<int:pk>/download/", domain_views.reminder_download, name="reminder-download"),
    path("mail/", domain_views.mail_list, name="mail"),
    path("mail/<int:pk>/send-again/", domain_views.mail_resend, name="mail-resend"),
    path("audit/", domain_views.audit_log, {"log": "changes"}, name="audit-changes"),
    path("audit/sign-ins/", domain_views.audit_log, {"log": "sign-ins"}, name="audit-sign-ins"),
]
