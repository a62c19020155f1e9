"""What the API says about programs and their items, for anonymous clients and for staff."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from council.net import site_url
from program.models import (
    AnnualProgram,
    ChangeStatus,
    Department,
    DepartmentalInput,
    InitiatorType,
    ItemChange,
    ItemKind,
    ItemStatus,
    LegalCharacter,
    Majority,
    Objective,
    Opinion,
    PdfDocument,
    ProgramItem,
    ProgramVersion,
    Strategy,
)
from workflows.text import clean_text_fields

# Links in data point at the site's public address (SITE_URL), whoever asks: the same data
# reads the same from the API, the CSV and the JSON embedded in the PDF.
canonical_url = site_url


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["slug", "name"]


class StrategyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = ["slug", "title"]


class ObjectiveRefSerializer(serializers.ModelSerializer):
    strategy = StrategyRefSerializer()

    class Meta:
        model = Objective
        fields = ["code", "title", "strategy"]


class ItemSerializer(serializers.ModelSerializer):
    """An item as anyone who may see it sees it."""

    department = DepartmentRefSerializer()
    consulted_departments = DepartmentRefSerializer(many=True)
    program_year = serializers.IntegerField(source="program.year")
    planned_month = serializers.CharField(source="planned_month_iso", help_text="YYYY-MM")
    objectives = ObjectiveRefSerializer(many=True)
    progress = serializers.CharField(
        help_text="Where the item's draft decision stands (not_started until it is registered)."
    )
    overdue = serializers.BooleanField(
        help_text="The planned month has passed without an outcome at a council sitting."
    )
    sitting = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProgramItem
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "kind",
            "initiator",
            "department",
            "consulted_departments",
            "program_year",
            "planned_month",
            "status",
            "progress",
            "overdue",
            "objectives",
            "sitting",
            "decision",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_sitting(self, item: ProgramItem) -> int | None:
        """The public sitting (id) the item last went before."""
        return item.sitting_pk

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_decision(self, item: ProgramItem) -> int | None:
        """The decision (id) adopted on the item."""
        return item.decision_pk

    def get_url(self, item: ProgramItem) -> str:
        """The item's public page, at the site's canonical address."""
        return canonical_url(reverse("item", args=[item.pk]))


class StaffItemSerializer(ItemSerializer):
    """What staff who may see the item see in addition: the planning details and internal notes."""

    committees = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    approved_in_version = serializers.IntegerField(
        source="approved_in.number", allow_null=True, default=None
    )

    class Meta(ItemSerializer.Meta):
        fields = [
            *ItemSerializer.Meta.fields,
            "initiator_type",
            "legal_character",
            "majority",
            "needs_cgmb_mandate",
            "legal_basis",
            "committees",
            "notes",
            "submission_round",
            "approved_in_version",
            "created_at",
        ]


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PlannedMonthField(serializers.CharField):
    default_error_messages = {"invalid": _("Use the form YYYY-MM with a month from 01 to 12.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.fail("invalid")
        return int(match.group(1)), int(match.group(2))


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of ignoring a typo; checks every text (no control
    characters, a length limit: workflows.text)."""

    def get_fields(self):
        return clean_text_fields(super().get_fields())

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class ItemWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=500)
    planned_month = PlannedMonthField(help_text="YYYY-MM, in a program that is not over")
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(ItemKind.choices, required=False)
    initiator_type = serializers.ChoiceField(InitiatorType.choices, required=False)
    initiator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    legal_character = serializers.ChoiceField(LegalCharacter.choices, required=False)
    majority = serializers.ChoiceField(Majority.choices, required=False)
    needs_cgmb_mandate = serializers.BooleanField(required=False)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="objective codes"
    )
    consulted_departments = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="department slugs"
    )
    committees = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="committee slugs"
    )
    department = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Department.objects.all(),
        required=False,
        help_text="secretariat only: the responsible department",
    )


class TransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()


class TransitionRequestSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    expected_state = serializers.ChoiceField(
        ItemStatus.choices,
        required=False,
        help_text="the state you saw; a different current state is a conflict (409)",
    )


class InputSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer()
    given_by = serializers.CharField(source="given_by.username", allow_null=True, default=None)

    class Meta:
        model = DepartmentalInput
        fields = ["round", "department", "requested_at", "opinion", "text", "given_by", "given_at"]


class InputRequestSerializer(StrictSerializer):
    department = serializers.SlugField(required=False, help_text="default: your department")
    opinion = serializers.ChoiceField(Opinion.choices)
    text = serializers.CharField()


class HistorySerializer(serializers.Serializer):
    """A state change as the public sees it."""

    transition = serializers.CharField()
    at = serializers.DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword: the fields are named here.
        fields["from"] = serializers.CharField(source="source", allow_blank=True)
        fields["to"] = serializers.CharField(source="target")
        return fields


class StaffHistorySerializer(HistorySerializer):
    """A state change as staff see it: with who made it and why."""

    by = serializers.CharField(source="actor.username", allow_null=True, default=None)
    comment = serializers.CharField()


class ItemChangeSerializer(serializers.ModelSerializer):
    """An amendment's change to an item already in the program."""

    reference = serializers.CharField(source="item.reference")
    item = serializers.IntegerField(source="item_id")
    change = serializers.ListField(
        source="kinds",
        child=serializers.ChoiceField(["moved", "retitled", "relinked", "dropped"]),
        help_text="what the change did",
    )
    before = serializers.DictField(
        help_text="the values it replaced (`title`, `planned_month`, `objectives` as codes), "
        "once the version is published"
    )
    after = serializers.DictField(help_text="the new values of the fields it changed")

    class Meta:
        model = ItemChange
        fields = ["reference", "item", "change", "before", "after", "reason"]


class ProgramVersionSerializer(serializers.ModelSerializer):
    added = serializers.SerializerMethodField(
        help_text="the references of the items this version added to the program"
    )
    changes = serializers.SerializerMethodField(
        help_text="the items this version moved, retitled, linked to other objectives or dropped"
    )

    class Meta:
        model = ProgramVersion
        fields = [
            "number",
            "decision_number",
            "decision_date",
            "approved_at",
            "published_at",
            "added",
            "changes",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_added(self, version) -> list[str]:
        shown = {ItemStatus.APPROVED, ItemStatus.PUBLISHED, ItemStatus.DROPPED}
        return sorted(item.reference for item in version.items.all() if item.status in shown)

    @extend_schema_field(ItemChangeSerializer(many=True))
    def get_changes(self, version) -> list[dict]:
        shown = {ChangeStatus.APPROVED, ChangeStatus.PUBLISHED}
        changes = [change for change in version.changes.all() if change.status in shown]
        changes.sort(key=lambda change: change.item.sequence)
        return ItemChangeSerializer(changes, many=True).data


class ProgramSerializer(serializers.ModelSerializer):
    approved_by = serializers.SerializerMethodField(
        help_text="the council decision that approved the current version"
    )
    items_count = serializers.IntegerField(read_only=True)
    version = serializers.SerializerMethodField(
        help_text="the version in force: the latest published one (staff: the latest approved)"
    )
    pdf_url = serializers.SerializerMethodField()
    pdf_sha256 = serializers.SerializerMethodField()
    data_sha256 = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta:
        model = AnnualProgram
        fields = [
            "year",
            "status",
            "version",
            "approved_by",
            "published_at",
            "items_count",
            "pdf_url",
            "pdf_sha256",
            "data_sha256",
            "versions",
        ]

    def _versions(self, program):
        versions = list(program.versions.all())
        if not self.context.get("staff"):
            versions = [v for v in versions if v.published_at]
        return versions

    @extend_schema_field(serializers.IntegerField())
    def get_version(self, program) -> int:
        versions = self._versions(program)
        return versions[-1].number if versions else 0

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_approved_by(self, program):
        versions = self._versions(program)
        if not versions:
            return None
        latest = versions[-1]
        return {
            "id": latest.decision_id,
            "number": latest.decision_number,
            "date": latest.decision_date.isoformat(),
            "version": latest.number,
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, program):
        """The program as an archival PDF (PDF/A-3b), for published programs."""
        if program.status != "published":
            return None
        return canonical_url(reverse("program-pdf", args=[program.year]))

    def _pdf(self, program):
        if "pdfs" not in self.context:
            self.context["pdfs"] = {
                d.key: d for d in PdfDocument.objects.filter(key__startswith="program-")
            }
        return self.context["pdfs"].get(f"program-{program.year}")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_sha256(self, program):
        """SHA-256 of the stored PDF file (the one `pdf_url` serves, once rendered)."""
        document = self._pdf(program)
        return document.sha256 or None if document else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_data_sha256(self, program):
        """SHA-256 of the JSON embedded in the PDF (program.json): the program and its items
        exactly as this API gives them, so anyone can check that the PDF and the API agree."""
        document = self._pdf(program)
        return document.data_sha256 or None if document else None

    @extend_schema_field(ProgramVersionSerializer(many=True))
    def get_versions(self, program):
        return ProgramVersionSerializer(self._versions(program), many=True).data


class ProgramApproveSerializer(StrictSerializer):
    decision = serializers.IntegerField(
        required=False, help_text="id of the adopted decision (HCL) in the decisions register"
    )
    decision_number = serializers.IntegerField(
        min_value=1, required=False, help_text="for a decision older than the register"
    )
    decision_date = serializers.DateField(required=False)

    def validate(self, data):
        if "decision" in data:
            if "decision_number" in data or "decision_date" in data:
                raise serializers.ValidationError(
                    _("Give either the decision's id or its number and date, not both.")
                )
            return data
        if "decision_number" not in data or "decision_date" not in data:
            raise serializers.ValidationError(
                _("Give the approving decision: its id, or its number and date.")
            )
        return data


class DepartmentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["slug", "name", "parent"]


class ObjectiveSerializer(serializers.ModelSerializer):
    strategy = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Objective
        fields = ["code", "title", "level", "strategy", "parent", "position"]


class ObjectiveNodeSerializer(serializers.Serializer):
    """An objective with the objectives below it (general → specific → measure)."""

    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField())


class StrategySerializer(serializers.ModelSerializer):
    period = serializers.CharField()
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = Strategy
        fields = ["slug", "code", "title", "period", "start_year", "end_year", "description",
                  "objectives"]  # fmt: skip

    @extend_schema_field(ObjectiveNodeSerializer(many=True))
    def get_objectives(self, strategy):
        nodes = {
            o.pk: {"code": o.code, "title": o.title, "level": o.level, "children": []}
            for o in strategy.objectives.all()
        }
        roots = []
        for objective in strategy.objectives.all():
            node = nodes[objective.pk]
            if objective.parent_id in nodes:
                nodes[objective.parent_id]["children"].append(node)
            else:
                roots.append(node)
        return roots
