"""The service's URLs plus the floor: a view that does nothing, behind the same middleware
stack, so a benchmark can say what the framework alone costs next to each page."""

from django.http import HttpResponse
from django.urls import path

from council.site.urls import urlpatterns as site


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


BODIES: dict[int, bytes] = {}


def floor_of_size(request, size: int):
    """The floor with a body of `size` bytes made once: what sending a page's bytes costs."""
    body = BODIES.setdefault(size, b"x" * min(size, 50_000_000))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/<int:size>/", floor_of_size),
    *site,
]
