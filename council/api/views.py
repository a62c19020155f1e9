"""Read API of the council's public registers: sittings from convocation, draft decisions from
registration, decisions from adoption."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from council.api.serializers import DecisionSerializer, DraftSerializer, SittingSerializer
from council.models import AgendaEntry, Decision, DraftDecision, Kind, Sitting, SittingStatus

YEAR = OpenApiParameter("year", int, description="calendar year")


def year_param(request) -> int | None:
    value = request.query_params.get("year")
    if value is None:
        return None
    if not value.isdigit() or not 1990 <= int(value) <= 2100:
        raise ValidationError({"year": [_("A year such as 2026.")]})
    return int(value)


def sittings_queryset():
    """Sittings are public from their convocation; the agenda of a planned one is not."""
    entries = AgendaEntry.objects.select_related("draft__item").order_by("position")
    return (
        Sitting.objects.exclude(status=SittingStatus.PLANNED)
        .select_related("chair")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("starts_at", "pk")
    )


@extend_schema_view(
    get=extend_schema(
        parameters=[YEAR, OpenApiParameter("kind", str, enum=Kind.values)],
        summary="Council sittings, from their convocation on",
    )
)
class SittingListView(generics.ListAPIView):
    serializer_class = SittingSerializer

    def get_queryset(self):
        queryset = sittings_queryset()
        if (year := year_param(self.request)) is not None:
            queryset = queryset.filter(starts_at__year=year)
        if (kind := self.request.query_params.get("kind")) is not None:
            if kind not in Kind.values:
                raise ValidationError({"kind": [_("One of: %s.") % ", ".join(Kind.values)]})
            queryset = queryset.filter(kind=kind)
        return queryset


class SittingDetailView(generics.RetrieveAPIView):
    serializer_class = SittingSerializer
    queryset = sittings_queryset()


def drafts_queryset():
    entries = AgendaEntry.objects.select_related("sitting").order_by("sitting__starts_at")
    return (
        DraftDecision.objects.select_related("department", "item", "decision")
        .prefetch_related(Prefetch("agenda_entries", queryset=entries))
        .order_by("year", "registration_number", "pk")
    )


@extend_schema_view(get=extend_schema(parameters=[YEAR], summary="The register of draft decisions"))
class DraftListView(generics.ListAPIView):
    serializer_class = DraftSerializer

    def get_queryset(self):
        queryset = drafts_queryset()
        if (year := year_param(self.request)) is not None:
            queryset = queryset.filter(year=year)
        return queryset


class DraftDetailView(generics.RetrieveAPIView):
    serializer_class = DraftSerializer
    queryset = drafts_queryset()


def decisions_queryset():
    return Decision.objects.select_related("draft", "item").order_by("year", "number", "pk")


@extend_schema_view(get=extend_schema(parameters=[YEAR], summary="Adopted decisions (HCL)"))
class DecisionListView(generics.ListAPIView):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        queryset = decisions_queryset()
        if (year := year_param(self.request)) is not None:
            queryset = queryset.filter(year=year)
        return queryset


class DecisionDetailView(generics.RetrieveAPIView):
    serializer_class = DecisionSerializer
    queryset = decisions_queryset()
