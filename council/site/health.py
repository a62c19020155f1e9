import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from psycopg.errors import QueryCanceled

# One probe at a time, on its own connection: a database that stops answering makes the probes
# queue behind the stuck one and time out, rather than pile up threads.
_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        connections.close_all()


@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring, answered within
    HEALTHZ_TIMEOUT seconds whatever the database does (a stalled connection included)."""
    try:
        answers = _probe.submit(_database_answers).result(timeout=settings.HEALTHZ_TIMEOUT)
    except FuturesTimeout:
        return JsonResponse({"status": "error", "database": "timeout"}, status=503)
    if not answers:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_status()})


def cache_status() -> str:
    """ "ok", or "unavailable" (the service then works without its cache: not an error)."""
    try:
        cache.set("healthz", "1", timeout=10)
        return "ok" if cache.get("healthz") == "1" else "unavailable"
    except Exception:
        return "unavailable"


def bad_request(request, exception=None):
    """A request Django refuses before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many
    fields, a forbidden host): JSON on the API, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("The request cannot be read: it is malformed or too large.")}, status=400
        )
    html = loader.render_to_string(
        "error.html",
        {"status": 400, "message": _("The request cannot be read: it is malformed or too large.")},
    )
    return HttpResponse(html, status=400)


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
    if unavailable and isinstance(error.__cause__, QueryCanceled):
        message = _(
            "The service took too long to answer (its database is very busy). Please try again "
            "in a minute."
        )
    elif unavailable:
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
