"""Read API of the council's public registers: sittings from convocation, draft decisions from
registration, decisions from adoption."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from council.api.common import PublicDetailView, PublicListView
from council.api.filters import DecisionFilter, DraftFilter, SittingFilter
from council.api.serializers import DecisionSerializer, DraftSerializer, SittingSerializer
from council.models import AgendaEntry, Decision, DraftDecision, Sitting


def sittings_queryset():
    """Sittings are public from their convocation; the agenda of a planned one is not."""
    entries = AgendaEntry.objects.select_related("draft__item").order_by("position")
    return (
        Sitting.objects.public()
        .select_related("chair")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("starts_at", "pk")
    )


@extend_schema_view(get=extend_schema(summary="Council sittings, from their convocation on"))
class SittingListView(PublicListView):
    serializer_class = SittingSerializer
    filterset_class = SittingFilter
    csv_name = "paacl-sittings"

    def get_queryset(self):
        return sittings_queryset()


class SittingDetailView(PublicDetailView):
    serializer_class = SittingSerializer

    def get_queryset(self):
        return sittings_queryset()


def drafts_queryset():
    entries = AgendaEntry.objects.select_related("sitting").order_by("sitting__starts_at")
    return (
        DraftDecision.objects.select_related("department", "item", "decision")
        .prefetch_related(Prefetch("agenda_entries", queryset=entries))
        .order_by("year", "registration_number", "pk")
    )


@extend_schema_view(get=extend_schema(summary="The register of draft decisions"))
class DraftListView(PublicListView):
    serializer_class = DraftSerializer
    filterset_class = DraftFilter
    csv_name = "paacl-drafts"

    def get_queryset(self):
        return drafts_queryset()


class DraftDetailView(PublicDetailView):
    serializer_class = DraftSerializer

    def get_queryset(self):
        return drafts_queryset()


def decisions_queryset():
    return Decision.objects.select_related("draft", "item").order_by("year", "number", "pk")


@extend_schema_view(get=extend_schema(summary="Adopted decisions (HCL)"))
class DecisionListView(PublicListView):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    csv_name = "paacl-decisions"

    def get_queryset(self):
        return decisions_queryset()


class DecisionDetailView(PublicDetailView):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        return decisions_queryset()
