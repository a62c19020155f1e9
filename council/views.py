import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found


@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_status()})


def cache_status() -> str:
    """ "ok", or "unavailable" (the service then works without its cache: not an error)."""
    try:
        cache.set("healthz", "1", timeout=10)
        return "ok" if cache.get("healthz") == "1" else "unavailable"
    except Exception:
        return "unavailable"


def not_found(request, exception=None):
    """API paths answer JSON, like every other API error; pages get the site's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    """500, except when the database cannot be reached: then a 503 that says so and asks the
    visitor to come back shortly (the service reconnects by itself when the database returns).
    Rendered without the database: no session, no user, no messages."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    status = 503 if unavailable else 500
    if unavailable:
        message = _(
            "The service is temporarily unavailable because its database cannot be reached. "
            "Please try again in a few minutes."
        )
    else:
        message = _("Something went wrong on our side. The error has been recorded.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        html = loader.render_to_string("error.html", {"status": status, "message": message})
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = "60"
    return response
