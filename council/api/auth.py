"""Signing in to the API: tokens that expire and can be revoked (django-rest-knox), issued only
under the same rules as the staff pages' login (lockout, second factor), and session calls held
to the same second-factor rule."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from council.api.planning_serializers import StrictSerializer
from council.staff.accounts import locked_out, second_factor_problem
from program import roles


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp_token = serializers.RegexField(
        r"^\d{6,8}$",
        required=False,
        help_text="the code from the authenticator app, for an account that has one",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="send it as `Authorization: Token <token>`")
    expiry = serializers.DateTimeField(help_text="the token stops working at this moment")


class TokenView(APIView):
    """POST username and password (and `otp_token`, the code of the authenticator app, for an
    account that has one), get a token that expires after API_TOKEN_HOURS. After repeated
    failures the account is locked out for a while (429), whatever the password."""

    authentication_classes: list = []  # the credentials are in the body
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        credentials = {"username": data["username"]}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return locked_out(request._request, None, credentials)
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("Unable to log in with the user name and password.")]}
            )
        if not roles.user_roles(user):
            raise PermissionDenied(_("Your account has no role in this service."))
        verified = False
        if user_has_device(user):
            code = data.get("otp_token")
            if not code:
                raise ValidationError(
                    {
                        "otp_token": [
                            _(
                                "This account uses two-factor authentication: give the code "
                                "from your authenticator app."
                            )
                        ]
                    }
                )
            verified = any(
                device.verify_token(code)
                for device in TOTPDevice.objects.devices_for_user(user, confirmed=True)
            )
            if not verified:
                raise ValidationError(
                    {"otp_token": [_("The code is not valid or has expired. Please try again.")]}
                )
        problem = second_factor_problem(user, verified=verified)
        if problem is not None:
            raise PermissionDenied(problem)
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        instance, token = AuthToken.objects.create(user, expiry=settings.API_TOKEN_TTL)
        return Response(
            TokenSerializer({"token": token, "expiry": instance.expiry}).data,
            status=status.HTTP_200_OK,
        )


@extend_schema(request=None, responses={204: None})
class LogoutView(knox_views.LogoutView):
    """Revoke the token this request is made with."""


@extend_schema(request=None, responses={204: None})
class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the caller."""
