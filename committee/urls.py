"""URL configuration: the website, the admin, the REST API and its schema."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from committee.correspondence import urls as correspondence_urls
from committee.work import urls as work_urls
from core import accounts, metrics, views
from core import urls as core_urls
from core.api import unknown_api_path
from states.reports import views as report_views

# A too-large upload is refused while the body is read, before any view (core/uploads.py).
handler400 = "core.uploads.bad_request"

admin.site.site_header = "1540 Committee — administration"
admin.site.site_title = "1540 Committee"

api_v1 = [
    path("auth/token/", accounts.ObtainTokenView.as_view(), name="api-token"),
    path(
        "account/notifications/",
        accounts.NotificationSettingsView.as_view(),
        name="api-notification-settings",
    ),
    path("", include("states.api.urls")),
    path("", include("assistance.api.urls")),
    path("", include("workinggroups.api.urls")),
    path("", include("outreach.api.urls")),
    path("", include("committee.work.api.urls")),
    path("", include("committee.correspondence.api.urls")),
]

# Outside the language prefixes: machines, not readers, use these.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last of the API's: any other address under /api/ is a JSON 404, not the website's page.
    re_path(r"^api/(?P<path>.*)$", unknown_api_path, name="api-unknown"),
]

# The website, in the six official languages: English at the root as before, the others under
# /ar/, /zh-hans/, /fr/, /ru/ and /es/ (the language switcher links there).
urlpatterns += i18n_patterns(
    path("", report_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", accounts.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/setup/", accounts.two_factor_setup, name="two-factor-setup"),
    path("", include("states.urls")),
    path("", include("assistance.urls")),
    path("", include("workinggroups.urls")),
    path("", include("outreach.urls")),
    # The base's pages (core/urls.py: outgoing mail, audit log) and the Committee's own
    # (committee/work/urls.py) share the "committee" namespace their names have always had.
    path(
        "",
        include(
            (
                core_urls.urlpatterns + work_urls.urlpatterns + correspondence_urls.urlpatterns,
                "committee",
            )
        ),
    ),
    prefix_default_language=False,
)
