"""The states app's API: one router for the member states, the reports and points of contact,
the matrix, and the effective practices and action plans (each sub-package's api/views.py)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from states.api import views
from states.dialogue.api import views as dialogue_views
from states.legislation.api import views as legislation_views
from states.matrices.api import templates as matrix_templates
from states.matrices.api import views as matrix_views
from states.practices.api import views as practice_views
from states.reports.api import views as report_views

router = SimpleRouter()
router.register("states", views.MemberStateViewSet, basename="state")
router.register("reports", report_views.NationalReportViewSet, basename="report")
router.register(
    "points-of-contact", report_views.NationalPointOfContactViewSet, basename="point-of-contact"
)
router.register("matrix-fields", matrix_views.MatrixFieldViewSet, basename="matrix-field")
router.register("matrices", matrix_views.MatrixViewSet, basename="matrix")
router.register(
    "matrix-templates", matrix_templates.MatrixTemplateViewSet, basename="matrix-template"
)
router.register(
    "effective-practices", practice_views.EffectivePracticeViewSet, basename="effective-practice"
)
router.register("action-plans", practice_views.NationalActionPlanViewSet, basename="action-plan")
router.register("legislation", legislation_views.NationalLegislationViewSet, basename="legislation")
router.register("dialogue", dialogue_views.DialogueViewSet, basename="dialogue")

urlpatterns = [
    *router.urls,
    path(
        "matrix-statistics/", matrix_views.MatrixStatisticsView.as_view(), name="matrix-statistics"
    ),
]
