from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Local council")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from council.api import schema  # noqa: F401  (the API's authentication, described)
        from council.models import (
            Committee,
            CommitteeMembership,
            Councillor,
            Decision,
            DraftDecision,
        )

        # A bad COUNCIL_TERMS stops the start with its name, not a request later.
        from council.oparl.objects import terms

        terms()

        # The public version moves when what these say changes (workflows/version.py).
        from council.selectors import public_state, with_execution
        from council.web import pdf
        from council.web.http import bump_public_version
        from program.models import Department, Objective, ProgramItem, Strategy
        from workflows import version
        from workflows.door import protect_links

        version.public_state = public_state

        # An item read on its own learns what the council did with it from here.
        ProgramItem.read_execution = staticmethod(with_execution)

        # The many-to-many links of the registers are behind the same door as their records.
        protect_links(DraftDecision.committees)
        protect_links(DraftDecision.initiating_councillors)
        protect_links(Decision.amends)
        protect_links(Decision.repeals)

        # Reference data has no change time of its own: public pages that show it are told.
        for model in (Department, Strategy, Objective, Committee, Councillor, CommitteeMembership):
            post_save.connect(bump_public_version, sender=model, weak=False)
            post_delete.connect(bump_public_version, sender=model, weak=False)

        # The publication PDFs follow the record: rendered once a publication or a
        # convocation has committed.
        pdf.connect_signals()
