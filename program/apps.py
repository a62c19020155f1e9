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

        from django.db.models.signals import post_delete, post_save

        from council.models import Committee, Councillor, DraftDecision
        from program.models import Department, Objective, ProgramItem, Strategy
        from program.public import bump_reference_generation
        from workflows.door import protect_links

        # The many-to-many links of the registers are behind the same door as their records.
        for field in (
            ProgramItem.objectives,
            ProgramItem.consulted_departments,
            ProgramItem.committees,
            DraftDecision.committees,
        ):
            protect_links(field)

        for model in (Department, Strategy, Objective, Committee, Councillor):
            post_save.connect(bump_reference_generation, sender=model, weak=False)
            post_delete.connect(bump_reference_generation, sender=model, weak=False)
