"""The API's token endpoint, with the same lockout as the login page (django-axes)."""

from axes.handlers.proxy import AxesProxyHandler
from rest_framework.authtoken.views import ObtainAuthToken

from workflows.accounts import locked_out


class TokenView(ObtainAuthToken):
    """POST username and password, get {"token"}. After repeated failures the account is locked
    out for a while (429), whatever the password."""

    def post(self, request, *args, **kwargs):
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        # Axes marks the Django request; DRF's wraps it, so the check is made here. A user name
        # that is not text (or holds a NUL byte) is refused by the serializer below with a 400.
        if isinstance(username, str) and "\x00" not in username:
            credentials = {"username": username}
            if AxesProxyHandler.is_locked(request._request, credentials):
                return locked_out(request._request, None, credentials)
        return super().post(request, *args, **kwargs)
