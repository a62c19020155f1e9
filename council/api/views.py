"""Read API of the council's public registers: sittings from convocation, draft decisions from
registration, decisions from adoption."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from council.api.common import PublicDetailView, PublicListView
from council.api.filters import DecisionFilter, DocumentFilter, DraftFilter, SittingFilter
from council.api.serializers import (
    DecisionDetailSerializer,
    DecisionSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    DraftDetailSerializer,
    DraftSerializer,
    SittingDetailSerializer,
    SittingSerializer,
)
from council.documents import document_add, listed
from council.models import AgendaEntry, Decision, Document, DraftDecision, Sitting
from program.models import AnnualProgram


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
    serializer_class = SittingDetailSerializer

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
    serializer_class = DraftDetailSerializer

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
