"""The council itself: councillors and standing committees."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CouncillorQuerySet(models.QuerySet):
    def in_office(self, on: date | None = None) -> "CouncillorQuerySet":
        """Councillors whose mandate covers the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(mandate_start__lte=on).filter(
            Q(mandate_end__isnull=True) | Q(mandate_end__gte=on)
        )


class Councillor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=100, blank=True)
    mandate_start = models.DateField(_("mandate start"))
    # Empty while the mandate runs; set when it ends early (resignation, incompatibility).
    mandate_end = models.DateField(_("mandate end"), null=True, blank=True)

    objects = CouncillorQuerySet.as_manager()

    class Meta:
        verbose_name = _("councillor")
        verbose_name_plural = _("councillors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True)
                | Q(mandate_end__gte=models.F("mandate_start")),
                name="councillor_mandate_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name


def councillors_in_office(on: date | None = None) -> int:
    """How many councillors are in office: the base for quorum and the qualified majorities."""
    return Councillor.objects.in_office(on).count()


class Committee(models.Model):
    """A standing committee (comisie de specialitate) that gives opinions on draft decisions."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=300)
    members = models.ManyToManyField(
        Councillor, related_name="committees", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
