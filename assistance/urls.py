from __future__ import annotations

from django.urls import path

from assistance import project_views, views
from assistance.models import QuarterlyDigest
from core.views import build_restart

app_name = "assistance"

urlpatterns = [
    path("assistance/requests/", views.request_list, name="request-list"),
    path("assistance/requests.csv", views.request_csv, name="request-csv"),
    path("assistance/requests/export.<str:fmt>", views.request_export, name="request-export"),
    path("assistance/offers/export.<str:fmt>", views.offer_export, name="offer-export"),
    path("assistance/matches/export.<str:fmt>", views.match_export, name="match-export"),
    path(
        "open-data/assistance-requests.<str:fmt>",
        views.request_open_data,
        name="request-open-data",
    ),
    path("open-data/assistance-offers.<str:fmt>", views.offer_open_data, name="offer-open-data"),
    path("assistance/requests/new/", views.request_create, name="request-create"),
    path("assistance/requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("assistance/requests/<int:pk>/status/", views.request_step, name="request-step"),
    path("assistance/requests/<int:pk>/document/", views.request_document, name="request-document"),
    path("assistance/requests/<int:pk>/propose/<int:offer_pk>/", views.propose, name="propose"),
    path("assistance/offers/", views.offer_list, name="offer-list"),
    path("assistance/offers.csv", views.offer_csv, name="offer-csv"),
    path("assistance/offers/new/", views.offer_create, name="offer-create"),
    path("assistance/offers/<int:pk>/", views.offer_detail, name="offer-detail"),
    path("assistance/offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer-withdraw"),
    path("assistance/matches/<int:pk>/", views.match_detail, name="match-detail"),
    path("assistance/matches/<int:pk>/status/", views.match_step, name="match-step"),
    path("assistance/matches/<int:pk>/notes/", views.match_note, name="match-note"),
    path("assistance/matches/<int:pk>/feedback/", views.match_feedback, name="match-feedback"),
    path("assistance/dashboard/", views.dashboard, name="dashboard"),
    # Projects for groups of states and trust-fund contributions (12(e)).
    path("assistance/projects/", project_views.project_list, name="project-list"),
    path("assistance/projects/new/", project_views.project_create, name="project-create"),
    path("assistance/projects/<int:pk>/", project_views.project_detail, name="project-detail"),
    path("assistance/projects/<int:pk>/edit/", project_views.project_edit, name="project-edit"),
    path("assistance/trust-fund/", project_views.contribution_list, name="contribution-list"),
    path(
        "assistance/trust-fund/new/",
        project_views.contribution_create,
        name="contribution-create",
    ),
    path(
        "assistance/trust-fund/<int:pk>/",
        project_views.contribution_detail,
        name="contribution-detail",
    ),
    path(
        "assistance/trust-fund/<int:pk>/edit/",
        project_views.contribution_edit,
        name="contribution-edit",
    ),
    path("assistance/digests/", views.digest_list, name="digest-list"),
    path("assistance/digests/<int:pk>/", views.digest_detail, name="digest-detail"),
    path(
        "assistance/digests/<int:pk>/send-again/",
        views.digest_resend_mail,
        name="digest-resend-mail",
    ),
    path(
        "assistance/digests/<int:pk>/restart/",
        build_restart,
        {"model": QuarterlyDigest},
        name="digest-restart",
    ),
    path(
        "assistance/digests/<int:pk>/pdf/",
        views.digest_file,
        {"kind": "pdf"},
        name="digest-pdf",
    ),
    path(
        "assistance/digests/<int:pk>/html/",
        views.digest_file,
        {"kind": "html"},
        name="digest-html",
    ),
]
