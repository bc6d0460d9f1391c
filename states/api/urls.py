from __future__ import annotations

from rest_framework.routers import SimpleRouter

from states.api import views

router = SimpleRouter()
router.register("states", views.MemberStateViewSet, basename="state")
router.register("reports", views.NationalReportViewSet, basename="report")
router.register(
    "points-of-contact", views.NationalPointOfContactViewSet, basename="point-of-contact"
)

urlpatterns = router.urls
