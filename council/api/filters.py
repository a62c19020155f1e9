"""Filters of the council's public registers."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from council.api.common import YearFilter
from council.models import Decision, DraftDecision, DraftStatus, Kind, Sitting


class SittingFilter(filters.FilterSet):
    year = YearFilter(field_name="starts_at__year", help_text=_("Calendar year"))
    kind = filters.ChoiceFilter(
        choices=Kind.choices, field_name="kind", help_text=_("Kind of sitting")
    )

    class Meta:
        model = Sitting
        fields: list[str] = []


class DraftFilter(filters.FilterSet):
    year = YearFilter(field_name="year", help_text=_("Registration year"))
    stage = filters.ChoiceFilter(
        choices=DraftStatus.choices, field_name="status", help_text=_("Stage")
    )

    class Meta:
        model = DraftDecision
        fields: list[str] = []


class DecisionFilter(filters.FilterSet):
    year = YearFilter(field_name="year", help_text=_("Year of adoption"))

    class Meta:
        model = Decision
        fields: list[str] = []
