"""Filters of the program's public lists. Every value is validated; see council.api.common."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Exists, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from council.api.common import ChoiceInFilter, MonthFilter, StableOrderingFilter, YearFilter
from council.files import fold
from program.models import Department, ItemStatus, Objective, ProgramItem, Strategy


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 moment in any time zone, compared in UTC. (PostgreSQL accepts offsets up to
    ±15:59 only; ISO 8601 and Python allow more, e.g. -19:56, which must not be a 500.)"""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError as error:
                raise ValidationError(
                    {"updated_since": [_("This moment is out of range.")]}
                ) from error
        return super().filter(qs, value)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(filters.ModelChoiceFilter):
    """A model chosen by its slug or code: an unknown one is a 400 naming the parameter."""


class ItemFilter(filters.FilterSet):
    year = YearFilter(
        field_name="program__year",
        help_text=_("Program year, e.g. 2026 / anul programului"),
    )
    month = MonthFilter(
        field_name="planned_month",
        help_text=_("Planned month, 1-12 / luna planificată"),
    )
    department = filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        to_field_name="slug",
        field_name="department",
        help_text=_("Responsible department (slug) / compartimentul responsabil"),
    )
    strategy = SlugChoiceFilter(
        queryset=Strategy.objects.all(),
        to_field_name="slug",
        method="filter_strategy",
        help_text=_("Items linked to an objective of this strategy (slug)"),
    )
    objective = SlugChoiceFilter(
        queryset=Objective.objects.all(),
        to_field_name="code",
        method="filter_objective",
        help_text=_("Items linked to this objective or to one below it (code)"),
    )
    status = ChoiceInFilter(
        choices=ItemStatus.choices,
        field_name="status",
        lookup_expr="in",
        help_text=_("Comma-separated states; anonymous clients see only published items"),
    )
    q = filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text=_("Text in the reference, title or description"),
    )
    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("ISO 8601 moment: items changed since then (incremental sync)"),
    )
    ordering = StableOrderingFilter(
        mapping={
            "planned_month": ("program__year", "planned_month"),
            "reference": ("program__year", "sequence"),
            "updated_at": ("updated_at",),
        },
        help_text=_("planned_month, reference or updated_at; prefix with - to reverse"),
    )

    class Meta:
        model = ProgramItem
        fields: list[str] = []

    def filter_strategy(self, queryset, name, strategy):
        links = ProgramItem.objectives.through.objects.filter(
            programitem=OuterRef("pk"), objective__strategy=strategy
        )
        return queryset.filter(Exists(links))

    def filter_objective(self, queryset, name, objective):
        under = Q(objective__code=objective.code) | Q(
            objective__code__startswith=f"{objective.code}-"
        )
        links = ProgramItem.objectives.through.objects.filter(under, programitem=OuterRef("pk"))
        return queryset.filter(Exists(links))

    def filter_text(self, queryset, name, value):
        """Every word in the reference, title or description, whatever the diacritics (as the
        search page: "sedinta" finds "ședință")."""
        words = fold(value).split()
        if not words:
            return queryset
        if connection.vendor == "postgresql":
            text = Func(
                Concat(
                    "reference",
                    Value(" "),
                    "title",
                    Value(" "),
                    "description",
                    output_field=TextField(),
                ),
                function="unaccent",
                output_field=TextField(),
            )
            queryset = queryset.annotate(folded_text=text)
            for word in words:
                queryset = queryset.filter(folded_text__icontains=word)
            return queryset
        rows = queryset.values_list("pk", "reference", "title", "description")
        found = [pk for pk, *texts in rows if all(w in fold(" ".join(texts)) for w in words)]
        return queryset.filter(pk__in=found)


class ObjectiveFilter(filters.FilterSet):
    strategy = filters.ModelChoiceFilter(
        queryset=Strategy.objects.all(),
        to_field_name="slug",
        field_name="strategy",
        help_text=_("Strategy (slug)"),
    )
    level = filters.ChoiceFilter(
        choices=Objective._meta.get_field("level").choices,
        field_name="level",
        help_text=_("general, specific or measure"),
    )

    class Meta:
        model = Objective
        fields: list[str] = []


class EmptyFilter(filters.FilterSet):
    """For lists without filters: still refuses unknown parameters."""

    class Meta:
        fields: list[str] = []
