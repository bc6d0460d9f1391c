from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from states.api import practice_views, views

router = SimpleRouter()
router.register("states", views.MemberStateViewSet, basename="state")
router.register("reports", views.NationalReportViewSet, basename="report")
router.register(
    "points-of-contact", views.NationalPointOfContactViewSet, basename="point-of-contact"
)
router.register("matrix-fields", views.MatrixFieldViewSet, basename="matrix-field")
router.register("matrices", views.MatrixViewSet, basename="matrix")
router.register(
    "effective-practices", practice_views.EffectivePracticeViewSet, basename="effective-practice"
)
router.register("action-plans", practice_views.NationalActionPlanViewSet, basename="action-plan")

urlpatterns = [
    *router.urls,
    path("matrix-statistics/", views.MatrixStatisticsView.as_view(), name="matrix-statistics"),
]
