from __future__ import annotations

from rest_framework.routers import SimpleRouter

from committee.work.api import views

router = SimpleRouter()
router.register("annual-reviews", views.AnnualReviewViewSet, basename="annual-review")
router.register("dashboard", views.DashboardViewSet, basename="dashboard")
router.register("issued-reviews", views.IssuedReviewViewSet, basename="issued-review")

urlpatterns = router.urls
