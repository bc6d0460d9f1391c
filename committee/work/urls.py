"""Pages of the Committee's own work, included at the site root by committee/urls.py in the
"committee" namespace (with the base's pages, core/urls.py)."""

from __future__ import annotations

from django.urls import path

from committee.work import views
from committee.work import written_review_views as written
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
    # The annual review as the Committee writes it (8(a)).
    path("annual-reviews/written/", written.written_review_list, name="written-reviews"),
    path("annual-reviews/written/<int:pk>/", written.written_review_detail, name="written-review"),
    path(
        "annual-reviews/written/<int:pk>/chapters/new/",
        written.written_review_chapter_new,
        name="written-review-chapter-new",
    ),
    path(
        "annual-reviews/written/chapters/<int:pk>/",
        written.written_review_chapter,
        name="written-review-chapter",
    ),
    path(
        "annual-reviews/written/chapters/<int:pk>/comment/",
        written.written_review_comment,
        name="written-review-comment",
    ),
    path(
        "annual-reviews/written/comments/<int:pk>/answer/",
        written.written_review_answer,
        name="written-review-answer",
    ),
    path(
        "annual-reviews/written/<int:pk>/circulate/",
        written.written_review_circulate,
        name="written-review-circulate",
    ),
    path(
        "annual-reviews/written/<int:pk>/adopt/",
        written.written_review_adopt,
        name="written-review-adopt",
    ),
    path(
        "annual-reviews/written/<int:pk>/issue/",
        written.written_review_issue,
        name="written-review-issue",
    ),
    path(
        "annual-reviews/written/<int:pk>/download/",
        written.written_review_download,
        name="written-review-download",
    ),
    path(
        "programme/items/<int:pk>/assessment/",
        views.work_item_assessment,
        name="work-item-assessment",
    ),
    path("experts/workload/", views.expert_workload, name="expert-workload"),
    path("experts/assignments/", views.expert_assignments, name="expert-assignments"),
    path(
        "experts/assignments/new/",
        views.expert_assignment_form,
        name="expert-assignment-create",
    ),
    path(
        "experts/assignments/<int:pk>/edit/",
        views.expert_assignment_form,
        name="expert-assignment-edit",
    ),
    path(
        "experts/assignments/<int:pk>/delete/",
        views.expert_assignment_delete,
        name="expert-assignment-delete",
    ),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/wording/", views.reminder_template, name="reminder-template"),
    path("reminders/<int:pk>/download/", views.reminder_download, name="reminder-download"),
]
