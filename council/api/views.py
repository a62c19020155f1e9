"""Read API of the council's public registers: sittings from convocation, draft decisions from
registration, decisions from adoption."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from council import participation
from council.api.common import PublicDetailView, PublicListView, conditional
from council.api.filters import DecisionFilter, DocumentFilter, DraftFilter, SittingFilter
from council.api.planning_filters import EmptyFilter
from council.api.serializers import (
    CommitteeSerializer,
    CouncillorSerializer,
    DebateRequestRequestSerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    DraftDetailSerializer,
    DraftSerializer,
    PublicConsultationSerializer,
    RecommendationRequestSerializer,
    SittingDetailSerializer,
    SittingSerializer,
    TransparencyReportSerializer,
)
from council.documents import document_add, listed
from council.models import (
    AgendaEntry,
    Committee,
    CommitteeMembership,
    Councillor,
    Decision,
    Document,
    DraftDecision,
    RollCallVote,
    Sitting,
)
from council.net import AnonThrottle
from council.selectors import public_consultations
from council.transparency import report_for, years_reported
from program.models import AnnualProgram
from workflows import clock


def sittings_queryset():
    """Sittings are public from their convocation; the agenda of a planned one is not."""
    entries = AgendaEntry.objects.select_related("draft__item").order_by("position")
    return (
        Sitting.objects.public()
        .select_related("chair")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("starts_at", "pk")
    )


def sitting_detail_queryset():
    """A sitting with its attendance and each entry's roll call (a constant number of queries)."""
    entries = (
        AgendaEntry.objects.select_related("draft__item")
        .prefetch_related(
            Prefetch("roll_call", queryset=RollCallVote.objects.order_by("councillor__name"))
        )
        .order_by("position")
    )
    return (
        Sitting.objects.public()
        .select_related("chair")
        .prefetch_related(Prefetch("entries", queryset=entries), "attendance")
    )


@extend_schema_view(get=extend_schema(summary="Council sittings, from their convocation on"))
class SittingListView(PublicListView):
    serializer_class = SittingSerializer
    filterset_class = SittingFilter
    csv_name = "paacl-sittings"

    def get_queryset(self):
        return sittings_queryset()


class SittingDetailView(PublicDetailView):
    serializer_class = SittingDetailSerializer

    def get_queryset(self):
        return sitting_detail_queryset()


def drafts_queryset():
    entries = AgendaEntry.objects.select_related("sitting").order_by("sitting__starts_at")
    return (
        DraftDecision.objects.select_related("department", "item", "decision")
        .prefetch_related(Prefetch("agenda_entries", queryset=entries), "initiating_councillors")
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
    serializer_class = DraftDetailSerializer

    def get_queryset(self):
        return drafts_queryset()


def decisions_queryset():
    return (
        Decision.objects.select_related("draft", "item")
        .prefetch_related("amends", "repeals", "amended_by", "repealed_by")
        .order_by("year", "number", "pk")
    )


@extend_schema_view(get=extend_schema(summary="Adopted decisions (HCL)"))
class DecisionListView(PublicListView):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    csv_name = "paacl-decisions"

    def get_queryset(self):
        return decisions_queryset()


class DecisionDetailView(PublicDetailView):
    serializer_class = DecisionDetailSerializer

    def get_queryset(self):
        return decisions_queryset()


def documents_queryset():
    """Public documents (the staff see the others in the records' details)."""
    return listed(Document.objects.public()).order_by("id")


@extend_schema_view(get=extend_schema(summary="Public documents of the council's record"))
class DocumentListView(PublicListView):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    csv_name = "paacl-documents"

    def get_queryset(self):
        return documents_queryset()


class DocumentDetailView(PublicDetailView):
    serializer_class = DocumentSerializer

    def get_queryset(self):
        return documents_queryset()


class DocumentUploadView(APIView):
    """Add a document to a record (multipart): the secretariat, and the responsible department
    for its drafts."""

    parser_classes = [MultiPartParser, FormParser]
    record = ""
    lookup = "pk"

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: DocumentSerializer,
            400: OpenApiResponse(description="a bad file, kind or field, named in `errors`"),
            403: OpenApiResponse(description="not allowed to add documents to this record"),
            404: OpenApiResponse(description="no such record"),
        },
        summary="Add a document",
    )
    def post(self, request, **kwargs):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        model = {
            "draft": DraftDecision,
            "decision": Decision,
            "sitting": Sitting,
            "program": AnnualProgram,
        }[self.record]
        target = get_object_or_404(model, **{self.lookup: kwargs[self.lookup]})
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        document = document_add(
            user=request.user,
            record=self.record,
            record_id=target.pk,
            kind=data["kind"],
            file=upload,
            filename=upload.name,
            title=data.get("title", ""),
            internal_reason=data.get("internal_reason", ""),
            previous=data.get("previous"),
            public_version_of=data.get("public_version_of"),
            language=data["language"],
        )
        public_ids = set(
            Document.objects.public().filter(pk=document.pk).values_list("pk", flat=True)
        )
        return Response(
            DocumentSerializer(
                listed(Document.objects.filter(pk=document.pk)).get(),
                context={"request": request, "public_ids": public_ids},
            ).data,
            status=status.HTTP_201_CREATED,
        )


def composition_version() -> tuple:
    """Councillors and memberships carry no change time: their few rows are the version (and
    today, which moves a mandate or a membership in or out of office)."""
    return (
        clock.today(),
        tuple(
            Councillor.objects.order_by("pk").values_list(
                "pk", "name", "party", "party_group", "mandate_start", "mandate_end",
                "mandate_end_reason", "replaces_id",
            )
        ),
        tuple(
            CommitteeMembership.objects.order_by("pk").values_list(
                "pk", "committee_id", "councillor_id", "role", "start", "end"
            )
        ),
        tuple(Committee.objects.order_by("pk").values_list("pk", "slug", "name")),
    )  # fmt: skip


def councillors_queryset():
    return (
        Councillor.objects.select_related("replaces")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CommitteeMembership.objects.select_related("committee").order_by(
                    "committee__name"
                ),
            )
        )
        .order_by("name", "pk")
    )


@extend_schema_view(get=extend_schema(summary="Councillors, in office and former"))
class CouncillorListView(PublicListView):
    serializer_class = CouncillorSerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-councillors"

    def get_queryset(self):
        return councillors_queryset()

    def version_parts(self, queryset):
        return composition_version()


class CompositionDetailView(PublicDetailView):
    """A councillor or a committee: versioned by the whole composition (no change time)."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return conditional(
            request, composition_version(), lambda: Response(self.get_serializer(obj).data)
        )


class CouncillorDetailView(CompositionDetailView):
    serializer_class = CouncillorSerializer

    def get_queryset(self):
        return councillors_queryset()


def committees_queryset():
    return Committee.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=CommitteeMembership.objects.select_related("councillor").order_by(
                "role", "councillor__name"
            ),
        )
    ).order_by("name")


@extend_schema_view(get=extend_schema(summary="Standing committees and their members"))
class CommitteeListView(PublicListView):
    serializer_class = CommitteeSerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-committees"

    def get_queryset(self):
        return committees_queryset()

    def version_parts(self, queryset):
        return composition_version()


class CommitteeDetailView(CompositionDetailView):
    serializer_class = CommitteeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return committees_queryset()


# Public consultations (Legea 52/2003) -----------------------------------------------------------


def consultations_queryset():
    return (
        public_consultations()
        .prefetch_related("recommendations", "debate_requests")
        .order_by("-consultation_announced_on", "-pk")
    )


@extend_schema_view(get=extend_schema(summary="Public consultations on normative drafts"))
class ConsultationListView(PublicListView):
    serializer_class = PublicConsultationSerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-consultations"

    def get_queryset(self):
        return consultations_queryset()


@extend_schema_view(get=extend_schema(summary="One public consultation"))
class ConsultationDetailView(PublicDetailView):
    serializer_class = PublicConsultationSerializer

    def get_queryset(self):
        return consultations_queryset()


class ParticipationThrottle(AnonThrottle):
    """At most a few recommendations or debate requests an hour from one client address."""

    rate = f"{participation.HOURLY_LIMIT}/hour"
    scope = "participation"


@extend_schema(
    request=RecommendationRequestSerializer,
    responses={
        201: OpenApiResponse(description="registered; it counts once its e-mail is confirmed"),
        400: OpenApiResponse(description="a field is wrong: `errors` names each"),
        409: OpenApiResponse(description="the consultation is not open"),
        429: OpenApiResponse(description="too many from this address"),
    },
    summary="Send a recommendation (no account)",
)
class RecommendationCreateView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [ParticipationThrottle]

    def post(self, request, pk):
        get_object_or_404(consultations_queryset(), pk=pk)
        serializer = RecommendationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participation.throttle(data["email"])
        recommendation, _token = participation.recommendation_send(
            draft_id=pk, text=data["text"], name=data["name"], email=data["email"],
            organisation=data.get("organisation", ""), consent=data["consent"],
            language=request.LANGUAGE_CODE,
        )  # fmt: skip
        return Response(
            {
                "reference": recommendation.reference,
                "detail": _(
                    "Received. Open the link we sent to your e-mail address: the recommendation "
                    "counts from that moment."
                ),
            },
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    request=DebateRequestRequestSerializer,
    responses={
        201: OpenApiResponse(description="registered"),
        400: OpenApiResponse(description="a field is wrong"),
        409: OpenApiResponse(description="the consultation is not open"),
    },
    summary="Ask for a public debate (an association or a public authority)",
)
class DebateRequestCreateView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [ParticipationThrottle]

    def post(self, request, pk):
        get_object_or_404(consultations_queryset(), pk=pk)
        serializer = DebateRequestRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        request_ = participation.debate_request(draft_id=pk, **serializer.validated_data)
        return Response(
            {"organisation": request_.organisation, "requested_at": request_.requested_at},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    responses={200: TransparencyReportSerializer, 404: OpenApiResponse(description="no such year")},
    summary="The annual report on decisional transparency (Legea 52/2003, art. 13)",
)
class TransparencyReportView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request, year):
        if year not in years_reported():
            raise NotFound
        return Response(TransparencyReportSerializer(report_for(year).as_dict()).data)
