from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = _("Annual activity program")

    def ready(self) -> None:
        from program.roles import ensure_role_groups

        # The role groups exist in every database, including the test databases.
        # Connected for every app: the permissions of apps migrated after this one exist then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="program.ensure_role_groups")
