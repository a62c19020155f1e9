"""Staff sign-in: password, then a one-time code for accounts that have set up a second factor
(django-otp, TOTP); repeated failures are locked out by django-axes."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from program import roles
from workflows import clock


def second_factor_problem(user: Any, *, verified: bool) -> str | None:
    """Why this account may not act yet (None: it may), for the staff pages, the admin, the API
    token and session-authenticated API calls alike: an account with an authenticator app acts
    only once confirmed with its code; with REQUIRE_OTP_FOR_SECRETARIAT, the secretariat and IT
    must have one."""
    if verified:
        return None
    if user_has_device(user):
        return _("Confirm with the code from your authenticator app.")
    if settings.REQUIRE_OTP_FOR_SECRETARIAT and (
        roles.is_secretariat(user) or roles.is_admin(user)
    ):
        return _(
            "Two-factor authentication is compulsory for your role: set up an authenticator "
            "app in the staff pages (Security) first."
        )
    return None


class StaffLoginForm(OTPAuthenticationFormMixin, AuthenticationForm):
    """User name and password; the six-digit code too when the account has a second factor."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False,
        label=gettext_lazy("Code from the authenticator app"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": gettext_lazy(
            "This account uses two-factor authentication: enter the code from your "
            "authenticator app."
        ),
        "invalid_token": gettext_lazy("The code is not valid or has expired. Please try again."),
    }

    def _chosen_device(self, user):
        """The form asks for the code only: it is checked against the user's authenticator app."""
        chosen = super()._chosen_device(user)
        if chosen is None:
            chosen = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        return chosen

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return cleaned


class StaffLoginView(LoginView):
    template_name = "staff/login.html"
    form_class = StaffLoginForm
    redirect_authenticated_user = True


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
def otp_setup(request):
    """Set up an authenticator app: scan the code, then confirm with the code it shows."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if confirmed is not None:
        if not request.user.is_verified():
            messages.info(request, _("Log in again with the code from your authenticator app."))
        return render(request, "staff/otp.html", {"confirmed": confirmed, "next": next_url})
    with transaction.atomic():
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "authenticator"}
        )
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return redirect(next_url or "staff:dashboard")
        form.add_error("otp_token", _("The code is not valid or has expired. Please try again."))
    qr_uri = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "staff/otp.html",
        {"form": form, "qr_uri": qr_uri, "secret": secret, "next": next_url},
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: 429, in JSON on the API (the token endpoint)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    message = _(
        "Too many failed login attempts. Please try again in %(minutes)d minutes, or ask an "
        "administrator to unlock the account."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "staff/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@login_required
def api_tokens(request):
    """The user's own API tokens: when each was issued and until when it works; revoke one or all.
    Tokens are stored as hashes: only their first characters can be shown."""
    from knox.models import AuthToken

    tokens = AuthToken.objects.filter(user=request.user)
    if request.method == "POST":
        if request.POST.get("all"):
            count, _deleted = tokens.delete()
        else:
            count, _deleted = tokens.filter(token_key=request.POST.get("token_key", "")).delete()
        if count:
            messages.success(request, _("Revoked: the token no longer works."))
        else:
            messages.error(request, _("There is no such token of yours."))
        return redirect("staff:api-tokens")
    live = tokens.filter(expiry__gt=clock.now()).order_by("-created")
    return render(
        request,
        "staff/api_tokens.html",
        {"tokens": live, "hours": int(settings.API_TOKEN_TTL.total_seconds() // 3600)},
    )
