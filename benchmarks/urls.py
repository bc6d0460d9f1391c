from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The yardstick: what Django itself costs per request on this machine."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial),
    path("", include("committee.urls")),
]
