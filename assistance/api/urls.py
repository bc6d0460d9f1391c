from __future__ import annotations

from rest_framework.routers import SimpleRouter

from assistance.api import projects, views

router = SimpleRouter()
router.register("assistance/areas", views.AssistanceAreaViewSet, basename="assistance-area")
router.register(
    "assistance/requests", views.AssistanceRequestViewSet, basename="assistance-request"
)
router.register("assistance/offers", views.AssistanceOfferViewSet, basename="assistance-offer")
router.register("assistance/matches", views.MatchViewSet, basename="match")
router.register("assistance/digests", views.QuarterlyDigestViewSet, basename="digest")
router.register(
    "assistance/projects", projects.AssistanceProjectViewSet, basename="assistance-project"
)
router.register(
    "assistance/trust-fund-contributions",
    projects.TrustFundContributionViewSet,
    basename="trust-fund-contribution",
)

urlpatterns = router.urls
