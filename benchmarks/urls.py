from django.http import HttpResponse
from django.urls import path

from committee.urls import urlpatterns as site


def trivial(request):
    """The yardstick: what Django itself costs per request on this machine."""
    return HttpResponse("ok", content_type="text/plain")


# The site's own patterns as they are (they use i18n_patterns, which cannot be included).
urlpatterns = [path("bench/trivial", trivial), *site]
