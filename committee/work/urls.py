"""Pages of the Committee's own work, included at the site root by committee/urls.py in the
"committee" namespace (with the base's pages, core/urls.py)."""

from __future__ import annotations

from django.urls import path

from committee.work import views
from committee.work.models import AnnualReview
from core.views import build_restart

urlpatterns = [
    path("home/", views.home_page, name="role-home"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/<slug:key>.csv", views.dashboard_csv, name="dashboard-csv"),
    path("annual-reviews/", views.annual_review_list, name="annual-reviews"),
    path("annual-reviews/<int:pk>/", views.annual_review_detail, name="annual-review"),
    path(
        "annual-reviews/<int:pk>/restart/",
        build_restart,
        {"model": AnnualReview},
        name="annual-review-restart",
    ),
    path(
        "annual-reviews/<int:pk>/download/",
        views.annual_review_download,
        name="annual-review-download",
    ),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/wording/", views.reminder_template, name="reminder-template"),
    path("reminders/<int:pk>/download/", views.reminder_download, name="reminder-download"),
]
