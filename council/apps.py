from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Local council")

    def ready(self) -> None:
        # The OpenAPI description of the API's own authentication class.
        from council.api import schema  # noqa: F401
