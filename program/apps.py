from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = _("Annual activity program")

    def ready(self) -> None:
        from program.models import ProgramItem
        from program.notifications import item_notifications
        from program.roles import ensure_role_groups
        from workflows.door import protect_links
        from workflows.services import notifications_for

        # The role groups exist in every database, including the test databases.
        # Connected for every app: the permissions of apps migrated after this one exist then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="program.ensure_role_groups")

        # Whoever must act next is told after each change of an item's state.
        notifications_for(ProgramItem, item_notifications)

        # The many-to-many links of the registers are behind the same door as their records.
        for field in (
            ProgramItem.objectives,
            ProgramItem.consulted_departments,
            ProgramItem.committees,
        ):
            protect_links(field)
