"""The libraries' apps as this site names them (their own names are English only)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginLockoutsConfig(AxesAppConfig):
    verbose_name = _("Login lockouts")
