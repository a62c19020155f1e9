"""The items and programs API: public reads and the staff workflow (CONTRACT.md, "Staff API").

Views stay thin: visibility comes from program.selectors, writes from program.services and the
one transition service in workflows.services.
"""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from council.api.common import PublicDetailView, PublicListView, conditional
from council.api.fast import ROW_FIELDS, public_item_dicts
from council.api.planning_filters import EmptyFilter, ItemFilter, ObjectiveFilter
from council.api.planning_serializers import (
    DepartmentSerializer,
    HistorySerializer,
    InputRequestSerializer,
    InputSerializer,
    ItemSerializer,
    ItemWriteSerializer,
    ObjectiveSerializer,
    ProgramApproveSerializer,
    ProgramSerializer,
    StaffHistorySerializer,
    StaffItemSerializer,
    StrategySerializer,
    TransitionRequestSerializer,
    TransitionSerializer,
)
from council.api.serializers import with_documents
from council.models import Committee, Decision
from council.selectors import with_execution
from council.services import program_approve
from program import roles
from program.models import (
    AnnualProgram,
    Department,
    DepartmentalInput,
    ItemChange,
    ItemStatus,
    Objective,
    ProgramItem,
    ProgramStatus,
    ProgramVersion,
    Strategy,
)
from program.selectors import item_is_staff_visible, items_visible_to
from program.services import (
    item_create,
    item_input_give,
    item_update,
    program_publish,
)
from workflows.errors import Invalid
from workflows.models import TransitionLog
from workflows.services import available_transitions, transition_fire

ERRORS = {
    400: OpenApiResponse(description="invalid input or a condition not met: `detail`, `problems`"),
    403: OpenApiResponse(description="your role or department may not do this"),
    404: OpenApiResponse(description="no such item, or not visible to you"),
    409: OpenApiResponse(description="the current state does not allow it: `current_state`"),
}

# Transitions the public history shows: the council's approval and the publication.
PUBLIC_TRANSITIONS = ("approve", "publish")


def item_queryset(user):
    queryset = with_execution(
        ProgramItem.objects.select_related("program", "department").prefetch_related(
            "consulted_departments",
            Prefetch("objectives", queryset=Objective.objects.select_related("strategy")),
        )
    )
    if item_is_staff_visible(user):
        queryset = queryset.select_related("approved_in").prefetch_related("committees")
    return items_visible_to(user, queryset)


def item_serializer_class(user):
    return StaffItemSerializer if item_is_staff_visible(user) else ItemSerializer


def visible_item(request, pk) -> ProgramItem:
    return get_object_or_404(item_queryset(request.user), pk=pk)


def write_fields(data: dict) -> dict:
    """Serializer output to service keyword arguments."""
    fields = dict(data)
    if "planned_month" in fields:
        fields["year"], fields["planned_month"] = fields.pop("planned_month")
    if "committees" in fields:
        slugs = fields["committees"]
        found = list(Committee.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {c.slug for c in found})
        if unknown:
            raise Invalid(_("Unknown committees: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        fields["committees"] = found
    return fields


class ItemListCreateView(PublicListView):
    """Program items: published ones for everybody; staff also see what their role may see."""

    filterset_class = ItemFilter
    csv_name = "paacl-items"

    def fast_rows(self, queryset):
        """Anonymous readers, the great majority, get the values()-based list (council.api.fast)."""
        if item_is_staff_visible(self.request.user):
            return None
        return queryset.values(*ROW_FIELDS)

    def serialize_rows(self, rows):
        return public_item_dicts(list(rows))

    def get_queryset(self):
        return item_queryset(self.request.user).order_by("program__year", "sequence", "pk")

    def get_serializer_class(self):
        return item_serializer_class(self.request.user)

    @extend_schema(
        request=ItemWriteSerializer,
        responses={201: StaffItemSerializer, **ERRORS},
        summary="Create a draft in your department",
    )
    def post(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        serializer = ItemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = write_fields(serializer.validated_data)
        item = item_create(user=request.user, **fields)
        return Response(
            StaffItemSerializer(visible_item(request, item.pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ItemDetailView(APIView):
    @extend_schema(responses={200: StaffItemSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        item = visible_item(request, pk)
        serializer = item_serializer_class(request.user)(item, context={"request": request})
        return conditional(request, (item.pk, item.updated_at), lambda: Response(serializer.data))

    @extend_schema(
        request=ItemWriteSerializer,
        responses={200: StaffItemSerializer, **ERRORS},
        summary="Edit a draft",
    )
    def patch(self, request, pk):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        visible_item(request, pk)
        serializer = ItemWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = write_fields(serializer.validated_data)
        if "department" in fields:
            raise Invalid(_("The responsible department of an item cannot be changed."))
        year = fields.pop("year", None)
        item = ProgramItem.objects.select_related("program").get(pk=pk)
        if year is not None and year != item.program.year:
            raise Invalid(_("An item stays in the program of its year; change only the month."))
        item_update(item_id=pk, user=request.user, **fields)
        item = visible_item(request, pk)
        return Response(StaffItemSerializer(item, context={"request": request}).data)


class ItemTransitionsView(generics.ListAPIView):
    """The transitions you may fire now on this item (a list, paginated like every list)."""

    permission_classes = [IsAuthenticated]
    serializer_class = TransitionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no item
            return []
        item = visible_item(self.request, self.kwargs["pk"])
        return [
            {"name": t.name, "label": str(t.custom.get("label", t.name)), "target": t.target}
            for t in available_transitions(item, self.request.user)
        ]


class ItemTransitionFireView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=TransitionRequestSerializer,
        responses={200: StaffItemSerializer, **ERRORS},
        summary="Fire a transition",
    )
    def post(self, request, pk, name):
        visible_item(request, pk)
        serializer = TransitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transition_fire(
            model=ProgramItem,
            pk=pk,
            name=name,
            user=request.user,
            comment=serializer.validated_data["comment"],
            expected_state=serializer.validated_data.get("expected_state"),
        )
        item = visible_item(request, pk)
        return Response(
            item_serializer_class(request.user)(item, context={"request": request}).data
        )


class ItemInputsView(generics.ListAPIView):
    """Departmental inputs: internal to the file, for staff who can see the item."""

    permission_classes = [IsAuthenticated]
    serializer_class = InputSerializer

    def check_staff(self, request):
        if not item_is_staff_visible(request.user):
            raise PermissionDenied(_("Departmental inputs are internal to the file."))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no item
            return DepartmentalInput.objects.none()
        self.check_staff(self.request)
        item = visible_item(self.request, self.kwargs["pk"])
        return item.inputs.select_related("department", "given_by").order_by(
            "-round", "department__name", "pk"
        )

    @extend_schema(
        request=InputRequestSerializer,
        responses={201: InputSerializer, **ERRORS},
        summary="Give your department's input",
    )
    def post(self, request, pk):
        self.check_staff(request)
        visible_item(request, pk)
        serializer = InputRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        department = None
        if slug := serializer.validated_data.get("department"):
            department = Department.objects.filter(slug=slug).first()
            if department is None:
                raise Invalid(_("Unknown department “%(slug)s”.") % {"slug": slug})
        given = item_input_give(
            item_id=pk,
            user=request.user,
            department=department,
            opinion=serializer.validated_data["opinion"],
            text=serializer.validated_data["text"],
        )
        return Response(InputSerializer(given).data, status=status.HTTP_201_CREATED)


class ItemHistoryView(PublicListView):
    """The item's state changes; who made them and why for staff only."""

    filterset_class = EmptyFilter
    csv_name = "paacl-item-history"

    def version_parts(self, queryset):
        summary = queryset.order_by().aggregate(count=Count("pk"), last=Max("at"))
        return summary["count"], summary["last"]

    def get_serializer_class(self):
        return (
            StaffHistorySerializer
            if item_is_staff_visible(self.request.user)
            else HistorySerializer
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no item
            return TransitionLog.objects.none()
        item = visible_item(self.request, self.kwargs["pk"])
        rows = TransitionLog.objects.for_object(item).select_related("actor").order_by("at", "id")
        if not item_is_staff_visible(self.request.user):
            rows = rows.filter(transition__in=PUBLIC_TRANSITIONS)
        return rows


def program_queryset(user):
    staff = item_is_staff_visible(user)
    published = Q(items__status=ItemStatus.PUBLISHED)
    visible_items = Q() if staff else published
    queryset = AnnualProgram.objects.annotate(
        items_count=Count("items", filter=visible_items, distinct=True)
    ).prefetch_related(
        Prefetch("versions", queryset=ProgramVersion.objects.order_by("number")),
        Prefetch(
            "versions__items",
            queryset=ProgramItem.objects.only("pk", "reference", "status", "approved_in"),
        ),
        Prefetch("versions__changes", queryset=ItemChange.objects.select_related("item")),
    )
    if not staff:
        queryset = queryset.filter(status=ProgramStatus.PUBLISHED)
    return queryset.order_by("-year")


class ProgramListView(PublicListView):
    """Annual programs: published ones for everybody, all of them for staff."""

    serializer_class = ProgramSerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-programs"

    def get_queryset(self):
        return program_queryset(self.request.user)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "staff": item_is_staff_visible(self.request.user),
        }


class ProgramDetailView(PublicDetailView):
    serializer_class = with_documents(ProgramSerializer)
    lookup_field = "year"

    def get_queryset(self):
        return program_queryset(self.request.user)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "staff": item_is_staff_visible(self.request.user),
        }


def program_response(request, year):
    program = get_object_or_404(program_queryset(request.user), year=year)
    return Response(ProgramSerializer(program, context={"request": request, "staff": True}).data)


class ProgramApproveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramApproveSerializer,
        responses={200: ProgramSerializer, **ERRORS},
        summary="Record the council decision approving the program or an amendment",
    )
    def post(self, request, year):
        if not roles.is_secretariat(request.user):
            raise PermissionDenied(_("Only the secretariat records the council's approval."))
        get_object_or_404(AnnualProgram, year=year)
        serializer = ProgramApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arguments = dict(serializer.validated_data)
        if "decision" in arguments:
            arguments["decision"] = get_object_or_404(Decision, pk=arguments["decision"])
        program_approve(year=year, user=request.user, **arguments)
        return program_response(request, year)


class ProgramPublishView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ProgramSerializer, **ERRORS}, summary="Publish")
    def post(self, request, year):
        if not roles.is_secretariat(request.user):
            raise PermissionDenied(_("Only the secretariat publishes the program."))
        get_object_or_404(AnnualProgram, year=year)
        program_publish(year=year, user=request.user)
        return program_response(request, year)


class StrategyListView(PublicListView):
    """The three strategies with their objective trees."""

    serializer_class = StrategySerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-strategies"
    lookup_field = "slug"

    def get_queryset(self):
        return strategy_queryset()

    def version_parts(self, queryset):
        return strategies_version()


class StrategyDetailView(PublicDetailView):
    serializer_class = StrategySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return strategy_queryset()

    def retrieve(self, request, *args, **kwargs):
        strategy = self.get_object()
        return conditional(
            request, strategies_version(), lambda: Response(self.get_serializer(strategy).data)
        )


def strategies_version() -> tuple:
    """Strategies and objectives carry no change time: their few rows are the version."""
    return (
        tuple(
            Strategy.objects.order_by("pk").values_list(
                "pk", "slug", "title", "start_year", "end_year"
            )
        ),
        tuple(
            Objective.objects.order_by("pk").values_list(
                "pk", "code", "title", "parent_id", "position"
            )
        ),
    )


def strategy_queryset():
    return Strategy.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position", "code"))
    ).order_by("title", "pk")


class ObjectiveListView(PublicListView):
    """Every objective of every strategy, flat, with its parent's code."""

    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    csv_name = "paacl-objectives"

    def get_queryset(self):
        return Objective.objects.select_related("strategy", "parent").order_by("code", "pk")

    def version_parts(self, queryset):
        return strategies_version()


class DepartmentListView(PublicListView):
    serializer_class = DepartmentSerializer
    filterset_class = EmptyFilter
    csv_name = "paacl-departments"

    def get_queryset(self):
        return Department.objects.select_related("parent").order_by("name", "pk")

    def version_parts(self, queryset):
        return tuple(queryset.values_list("pk", "slug", "name", "parent_id"))
