"""Romanian by default; English when the visitor chooses it with the language switcher."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.site.routers import public_reads


class LanguageMiddleware(LocaleMiddleware):
    """Pages follow the language chosen with the switcher (its cookie), else Romanian, whatever
    the browser's own language. API clients may also ask through Accept-Language."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


STAFF_PATHS = ("/staff/", "/admin/")


class PublicReadMiddleware:
    """Anonymous GET and HEAD requests outside the staff pages read from the replica, when one is
    configured (council/site/routers.py). Deciding needs no database: a session cookie or an
    Authorization header is enough to send the request to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PUBLIC_READ_DATABASE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(STAFF_PATHS)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        ):
            with public_reads():
                return self.get_response(request)
        return self.get_response(request)


class StaffSessionMiddleware:
    """A staff session ends after SESSION_IDLE_SECONDS without a request (besides the absolute
    SESSION_COOKIE_AGE). When REQUIRE_OTP_FOR_SECRETARIAT is on, the secretariat must have
    confirmed a second factor before using the staff pages or the admin."""

    # How often the last-seen time is written to the session (not on every request).
    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("Your session expired after a period of inactivity."))
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            if now - last_seen >= self.TOUCH_SECONDS or "last_seen" not in request.session:
                request.session["last_seen"] = now
            if self.needs_second_factor(request):
                return redirect(f"{reverse('staff:otp-setup')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def needs_second_factor(request) -> bool:
        if not request.path.startswith(STAFF_PATHS):
            return False
        if request.path.startswith(("/staff/otp/", "/staff/logout/", "/staff/login/")):
            return False
        from council.staff.accounts import second_factor_problem

        user = request.user
        return second_factor_problem(user, verified=user.is_verified()) is not None
