"""Filters of the council's public registers."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from council.api.common import IdFilter, YearFilter
from council.api.planning_filters import UtcDateTimeFilter
from council.models import (
    Decision,
    DecisionStatus,
    Document,
    DocumentKind,
    DraftDecision,
    DraftStatus,
    Kind,
    Sitting,
)
from council.selectors import decisions_matching


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
    status = filters.ChoiceFilter(
        choices=DecisionStatus.choices, help_text=_("What became of the decision")
    )
    q = filters.CharFilter(
        method="search",
        help_text=_(
            "A reference (HCL 12, 12/2026, 12/16.04.2026) or words of the title, whatever "
            "the diacritics"
        ),
    )

    def search(self, queryset, name, value):
        return decisions_matching(queryset, value)

    class Meta:
        model = Decision
        fields: list[str] = []


class DocumentFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=DocumentKind.choices, help_text=_("Kind of document"))
    draft = IdFilter(field_name="draft_id", help_text=_("Documents of this draft"))
    decision = IdFilter(field_name="decision_id", help_text=_("Documents of this decision"))
    sitting = IdFilter(field_name="sitting_id", help_text=_("Documents of this sitting"))
    program = YearFilter(
        field_name="program__year", help_text=_("Documents of the program of this year")
    )
    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("ISO 8601 moment: documents changed since then (incremental sync)"),
    )

    class Meta:
        model = Document
        fields: list[str] = []
