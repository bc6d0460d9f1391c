from __future__ import annotations

from rest_framework.routers import SimpleRouter

from committee.correspondence.api import views

router = SimpleRouter()
router.register("correspondence", views.CorrespondenceViewSet, basename="correspondence")

urlpatterns = router.urls
