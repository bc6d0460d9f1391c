from __future__ import annotations

from rest_framework.routers import SimpleRouter

from workinggroups.api import views

router = SimpleRouter()
router.register("programme", views.WorkItemViewSet, basename="work-item")
router.register("working-groups", views.WorkingGroupViewSet, basename="working-group")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register(
    r"meetings/(?P<meeting_pk>[0-9]+)/documents",
    views.MeetingDocumentViewSet,
    basename="meeting-document",
)

urlpatterns = router.urls
