"""The council's public registers as the API shows them."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from council import deadlines
from council.api.planning_serializers import DepartmentRefSerializer
from council.models import AgendaEntry, Decision, DraftDecision, DraftStatus, Sitting
from program.models import ItemStatus


def votes_of(obj) -> dict | None:
    if obj.votes_for is None:
        return None
    return {"for": obj.votes_for, "against": obj.votes_against, "abstentions": obj.abstentions}


def public_item_id(item) -> int | None:
    """A program item is named only once it is public."""
    return item.pk if item is not None and item.status == ItemStatus.PUBLISHED else None


class AgendaEntrySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="draft.title")
    draft = serializers.IntegerField(source="draft_id")
    item = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()

    class Meta:
        model = AgendaEntry
        fields = ["position", "title", "draft", "item", "majority", "present", "votes", "outcome"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_item(self, entry) -> int | None:
        return public_item_id(entry.draft.item)

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(), allow_null=True))
    def get_votes(self, entry):
        return votes_of(entry)


class SittingSerializer(serializers.ModelSerializer):
    chair = serializers.CharField(source="chair.name", allow_null=True, default=None)
    agenda = AgendaEntrySerializer(source="entries", many=True)
    minutes_due = serializers.SerializerMethodField(
        help_text="the minutes (proces-verbal) are published by this day"
    )

    @extend_schema_field(serializers.DateField())
    def get_minutes_due(self, sitting):
        return deadlines.minutes_due(timezone.localtime(sitting.starts_at).date())

    class Meta:
        model = Sitting
        fields = [
            "id", "kind", "starts_at", "place", "status", "chair", "convened_on",
            "minutes_published_on", "minutes_due", "agenda", "updated_at",
        ]  # fmt: skip


class ConsultationSerializer(serializers.ModelSerializer):
    announced_on = serializers.DateField(source="consultation_announced_on")
    earliest_opinions_date = serializers.DateField()

    class Meta:
        model = DraftDecision
        fields = [
            "announced_on", "recommendations_until", "earliest_opinions_date", "debate_requested",
            "debate_held_on", "recommendations_count", "recommendations_text",
        ]  # fmt: skip


class DraftSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="registration_number")
    date = serializers.DateField(source="registered_on")
    item = serializers.SerializerMethodField()
    department = DepartmentRefSerializer()
    consultation = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField(
        help_text="where the draft stands; on_agenda once the sitting is convened"
    )
    sitting = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = DraftDecision
        fields = [
            "id", "number", "year", "date", "reference", "title", "initiator", "item",
            "department", "legal_character", "majority", "statement", "consultation", "stage",
            "sitting", "outcome", "decision", "updated_at",
        ]  # fmt: skip

    def _last_public_entry(self, draft):
        entries = [e for e in draft.agenda_entries.all() if e.sitting.is_public]
        return max(entries, key=lambda e: e.sitting.starts_at, default=None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_item(self, draft) -> int | None:
        return public_item_id(draft.item)

    @extend_schema_field(serializers.ChoiceField(choices=DraftStatus.choices))
    def get_stage(self, draft) -> str:
        """A place on the agenda of a sitting that is not convened yet is not public."""
        if draft.status == DraftStatus.ON_AGENDA and self._last_public_entry(draft) is None:
            return DraftStatus.IN_REVIEW
        return draft.status

    @extend_schema_field(ConsultationSerializer(allow_null=True))
    def get_consultation(self, draft):
        if draft.legal_character != "normative" or not draft.consultation_announced_on:
            return None
        return ConsultationSerializer(draft).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_sitting(self, draft) -> int | None:
        entry = self._last_public_entry(draft)
        return entry.sitting_id if entry else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_outcome(self, draft) -> str | None:
        entry = self._last_public_entry(draft)
        return (entry.outcome or None) if entry else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_decision(self, draft) -> int | None:
        decision = getattr(draft, "decision", None)
        return decision.pk if decision else None


class DecisionSerializer(serializers.ModelSerializer):
    votes = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    draft = serializers.IntegerField(source="draft_id")
    sitting = serializers.IntegerField(source="sitting_id")
    legal_character = serializers.CharField(source="draft.legal_character")
    communication_due = serializers.DateField()
    publication_due = serializers.DateField()

    class Meta:
        model = Decision
        fields = [
            "id", "number", "year", "reference", "title", "adopted_on", "votes", "sitting",
            "draft", "item", "legal_character", "signed_on", "countersigned_on",
            "communicated_on", "communication_due", "published_on", "publication_due",
            "notified_on", "in_force_on", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_votes(self, decision):
        return votes_of(decision)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_item(self, decision) -> int | None:
        return public_item_id(decision.item)
