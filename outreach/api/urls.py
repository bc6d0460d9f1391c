from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from outreach.api import views
from outreach.visits.api import views as visit_views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register(
    "organization-contacts", views.OrganizationContactViewSet, basename="organization-contact"
)
router.register("events", views.EventViewSet, basename="event")
router.register("faqs", views.FAQViewSet, basename="faq")
router.register("expert-roster", views.FormerExpertViewSet, basename="former-expert")
router.register("visits", visit_views.CountryVisitViewSet, basename="country-visit")
router.register("training-courses", visit_views.TrainingCourseViewSet, basename="training-course")

urlpatterns = [
    *router.urls,
    path("search/", views.SearchView.as_view(), name="search"),
]
