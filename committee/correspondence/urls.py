"""Pages of the correspondence register, in the "committee" namespace (committee/urls.py)."""

from __future__ import annotations

from django.urls import path

from committee.correspondence import views

urlpatterns = [
    path("correspondence/", views.register_list, name="correspondence"),
    path("correspondence/incoming/", views.register_incoming, name="correspondence-incoming"),
    path("correspondence/draft/", views.draft_outgoing, name="correspondence-draft"),
    path("correspondence/<int:pk>/", views.item_detail, name="correspondence-item"),
    path(
        "correspondence/<int:pk>/<slug:step>/",
        views.item_step,
        name="correspondence-step",
    ),
    path(
        "correspondence/<int:pk>/documents/add/",
        views.add_document,
        name="correspondence-add-document",
    ),
    path("correspondence/<int:pk>/links/add/", views.add_link, name="correspondence-add-link"),
    path(
        "correspondence/documents/<int:pk>/",
        views.document_download,
        name="correspondence-document",
    ),
]
