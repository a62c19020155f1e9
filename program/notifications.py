"""Who is told what after a program item changes state: whoever must act next."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from program import roles
from program.models import Department, ProgramItem
from workflows.models import TransitionLog
from workflows.services import Notification


def department_addresses(departments: list[Department]) -> list[str]:
    """The e-mail addresses of a department's users, or the department's own address."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.DEPARTMENT,
            staff_profile__department__in=departments,
        )
        .exclude(email="")
    )
    addresses = set(users.values_list("email", flat=True))
    addresses.update(d.email for d in departments if d.email)
    return sorted(addresses)


def secretariat_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.SECRETARIAT)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def item_notifications(item: ProgramItem, log: TransitionLog) -> list[Notification]:
    # The staff of Primăria Sectorului 1 read Romanian.
    with override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse("staff:item", args=[item.pk])
        heading = f"{item.reference} — {item.title}"
        if log.transition == "submit":
            asked = list(
                Department.objects.filter(
                    inputs__item=item, inputs__round=item.submission_round
                ).distinct()
            )
            return [
                Notification(
                    department_addresses(asked),
                    _("Your input is requested: %(item)s") % {"item": item.reference},
                    _("Your department is asked for its input on:\n%(heading)s\n\n%(link)s")
                    % {"heading": heading, "link": link},
                )
            ]
        if log.transition == "forward_to_secretariat":
            return [
                Notification(
                    secretariat_addresses(),
                    _("To review: %(item)s") % {"item": item.reference},
                    _("%(department)s forwarded an item for review:\n%(heading)s\n\n%(link)s")
                    % {"department": item.department.name, "heading": heading, "link": link},
                )
            ]
        messages = {
            "return_to_draft": _("Returned to draft: %(item)s"),
            "approve": _("Approved by the council: %(item)s"),
            "reject": _("Rejected by the council: %(item)s"),
            "publish": _("Published: %(item)s"),
            "withdraw": _("Withdrawn: %(item)s"),
        }
        if log.transition not in messages:
            return []
        body = _("%(heading)s\nis now: %(state)s.\n\n%(comment)s%(link)s") % {
            "heading": heading,
            "state": item.get_status_display(),
            "comment": f"{log.comment}\n\n" if log.comment else "",
            "link": link,
        }
        recipients = department_addresses([item.department])
        if log.transition == "withdraw":
            recipients = sorted(set(recipients) | set(secretariat_addresses()))
        return [Notification(recipients, messages[log.transition] % {"item": item.reference}, body)]
