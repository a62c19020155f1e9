"""Access to the staff pages: logged in, and with a role in this service."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from program import roles


def staff_required(view: Callable) -> Callable:
    """Logged-in staff with a role."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not roles.user_roles(request.user):
            return render(
                request,
                "staff/error.html",
                {"message": _("Your account has no role in this service.")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped
