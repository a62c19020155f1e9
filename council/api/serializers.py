"""The council's public registers as the API shows them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from council import deadlines
from council.api.planning_serializers import DepartmentRefSerializer, canonical_url
from council.models import (
    AgendaEntry,
    Committee,
    Councillor,
    Decision,
    Document,
    DocumentKind,
    DraftDecision,
    DraftStatus,
    Recommendation,
    RollCallVote,
    Sitting,
)
from council.participation import is_open
from program.models import ItemStatus
from workflows import clock


def absolute_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


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
        fields = [
            "position", "title", "draft", "item", "majority", "present", "votes", "outcome",
            "supplement_reason",
        ]  # fmt: skip
        extra_kwargs = {
            "supplement_reason": {
                "help_text": "an urgent matter added to the convened agenda: why it could not "
                "wait (empty for the agenda as convened)"
            }
        }

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_item(self, entry) -> int | None:
        return public_item_id(entry.draft.item)

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(), allow_null=True))
    def get_votes(self, entry):
        return votes_of(entry)


class RollCallSerializer(serializers.ModelSerializer):
    councillor = serializers.IntegerField(source="councillor_id")

    class Meta:
        model = RollCallVote
        fields = ["councillor", "vote"]


class AgendaEntryDetailSerializer(AgendaEntrySerializer):
    """An entry as the sitting's detail shows it: with its ballot and, for an open vote, how
    each councillor in office voted (the `votes` are its counts)."""

    roll_call = RollCallSerializer(many=True, read_only=True)
    not_voting = serializers.IntegerField(
        help_text="present councillors who declared a personal interest and did not vote"
    )

    class Meta(AgendaEntrySerializer.Meta):
        fields = [*AgendaEntrySerializer.Meta.fields, "ballot", "not_voting", "roll_call"]


class SittingSerializer(serializers.ModelSerializer):
    chair = serializers.CharField(source="chair.name", allow_null=True, default=None)
    agenda = AgendaEntrySerializer(source="entries", many=True)
    minutes_due = serializers.SerializerMethodField(
        help_text="the minutes (proces-verbal) are published by this day"
    )

    agenda_vote = serializers.SerializerMethodField(
        help_text="the council's vote approving the agenda at the start of the sitting "
        "(null until recorded)"
    )

    @extend_schema_field(serializers.DateField())
    def get_minutes_due(self, sitting):
        return deadlines.minutes_due(timezone.localtime(sitting.starts_at).date())

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_agenda_vote(self, sitting):
        if sitting.agenda_voted_at is None:
            return None
        return {
            "for": sitting.agenda_votes_for,
            "against": sitting.agenda_votes_against,
            "abstention": sitting.agenda_abstentions,
            "present": sitting.agenda_present,
            "approved": sitting.agenda_approved,
        }

    class Meta:
        model = Sitting
        fields = [
            "id", "kind", "starts_at", "place", "status", "chair", "convened_on",
            "disposition", "requested_by", "convocation_delivered_on",
            "minutes_published_on", "minutes_due", "agenda_vote", "agenda", "updated_at",
        ]  # fmt: skip


class ConsultationSerializer(serializers.ModelSerializer):
    announced_on = serializers.DateField(source="consultation_announced_on")
    earliest_opinions_date = serializers.DateField()

    class Meta:
        model = DraftDecision
        fields = [
            "announced_on", "recommendations_until", "earliest_opinions_date", "debate_requested",
            "debate_held_on", "recommendations_count", "recommendations_text", "urgency_reason",
        ]  # fmt: skip


class DraftSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="registration_number")
    initiating_councillors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
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
            "id", "number", "year", "date", "reference", "title", "initiator", "initiative",
            "initiating_councillors", "signatures", "item",
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
    amends = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    repeals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    amended_by = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="later decisions that amend this one"
    )
    repealed_by = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="the later decision that repealed this one"
    )

    class Meta:
        model = Decision
        fields = [
            "id", "number", "year", "reference", "title", "adopted_on", "votes", "sitting",
            "draft", "item", "legal_character", "signed_on", "countersigned_on",
            "communicated_on", "communication_due", "published_on", "publication_due",
            "notified_on", "in_force_on", "status", "amends", "repeals", "amended_by",
            "repealed_by", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_votes(self, decision):
        return votes_of(decision)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_item(self, decision) -> int | None:
        return public_item_id(decision.item)


class DocumentSerializer(serializers.ModelSerializer):
    """A document of the record; `sha256` lets anyone verify the file they downloaded."""

    published_at = serializers.DateTimeField(allow_null=True, read_only=True)
    download_url = serializers.SerializerMethodField()
    public = serializers.SerializerMethodField(
        help_text="false for a document the public cannot see (staff only)"
    )
    consultation = serializers.SerializerMethodField(
        help_text="the consultation (the draft's) whose documents it belongs to"
    )
    previous = serializers.IntegerField(source="previous_id", allow_null=True, read_only=True)
    public_version_of = serializers.IntegerField(
        source="public_version_of_id", allow_null=True, read_only=True
    )

    class Meta:
        model = Document
        fields = [
            "id", "kind", "title", "filename", "media_type", "size", "sha256", "version",
            "previous", "public_version_of", "language", "published_at", "download_url",
            "draft", "decision", "sitting", "consultation", "program", "public", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, document) -> str:
        url = document.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.BooleanField())
    def get_public(self, document) -> bool:
        public_ids = self.context.get("public_ids")
        if public_ids is None:
            return True  # a public list holds public documents only
        return document.pk in public_ids

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_consultation(self, document) -> int | None:
        draft = document.draft
        if draft is not None and draft.consultation_announced_on:
            return draft.pk
        return None

    def to_representation(self, document):
        data = super().to_representation(document)
        if not data["public"]:
            data["internal_reason"] = document.internal_reason
        return data


class DocumentUploadSerializer(serializers.Serializer):
    """A file for a record: multipart `file`, `kind`, `title`; optional `public_version_of`
    (the original a version with personal data removed replaces publicly), `previous` (the
    version this one supersedes), `internal_reason`."""

    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    public_version_of = serializers.IntegerField(required=False, min_value=1)
    previous = serializers.IntegerField(required=False, min_value=1)
    internal_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE
    )


class WithDocuments:
    """A record's detail with its documents: public ones for everybody; the staff also see the
    others, marked `public: false`. (Mixed into a serializer that declares `documents`.)"""

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        from council.documents import listed
        from program import roles

        request = self.context.get("request")
        staff = request is not None and bool(roles.user_roles(request.user))
        documents = obj.documents.all()
        public_ids = set(documents.public().values_list("pk", flat=True)) if staff else None
        rows = listed(documents if staff else documents.public())
        context = {**self.context, "public_ids": public_ids}
        return DocumentSerializer(rows, many=True, context=context).data


def with_documents(serializer: type[serializers.ModelSerializer]) -> type:
    """The detail serializer of a record: its list serializer plus `documents`."""

    class Meta(serializer.Meta):
        fields = [*serializer.Meta.fields, "documents"]

    return type(
        serializer.__name__.replace("Serializer", "DetailSerializer"),
        (WithDocuments, serializer),
        {"documents": serializers.SerializerMethodField(), "Meta": Meta, "__module__": __name__},
    )


class SittingWithVotesSerializer(SittingSerializer):
    agenda = AgendaEntryDetailSerializer(source="entries", many=True)
    attendance = serializers.SerializerMethodField(
        help_text="the ids of the councillors present at the sitting (empty if not recorded)"
    )

    class Meta(SittingSerializer.Meta):
        fields = [*SittingSerializer.Meta.fields, "attendance"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_attendance(self, sitting) -> list[int]:
        return [row.councillor_id for row in sitting.attendance.all() if row.present]


SittingDetailSerializer = with_documents(SittingWithVotesSerializer)
DraftDetailSerializer = with_documents(DraftSerializer)
DecisionDetailSerializer = with_documents(DecisionSerializer)


def current(memberships) -> list:
    """The memberships running today (prefetched: filtered here, no query)."""
    today = clock.today()
    return [m for m in memberships if m.start <= today and (m.end is None or m.end >= today)]


class CommitteeRefSerializer(serializers.Serializer):
    slug = serializers.CharField(source="committee.slug")
    name = serializers.CharField(source="committee.name")
    role = serializers.CharField()


class CouncillorSerializer(serializers.ModelSerializer):
    in_office = serializers.SerializerMethodField()
    committees = serializers.SerializerMethodField(
        help_text="the committees the councillor sits on today, with their role"
    )
    replaces = serializers.IntegerField(source="replaces_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Councillor
        fields = [
            "id", "name", "party", "party_group", "mandate_start", "mandate_end",
            "mandate_end_reason", "replaces", "in_office", "committees", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.BooleanField())
    def get_in_office(self, councillor) -> bool:
        return councillor.in_office

    @extend_schema_field(CommitteeRefSerializer(many=True))
    def get_committees(self, councillor):
        return CommitteeRefSerializer(current(councillor.memberships.all()), many=True).data

    @extend_schema_field(serializers.URLField())
    def get_url(self, councillor) -> str:
        return absolute_url(self.context.get("request"), councillor.get_absolute_url())


class MemberSerializer(serializers.Serializer):
    councillor = serializers.IntegerField(source="councillor_id")
    name = serializers.CharField(source="councillor.name")
    role = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class CommitteeSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField(help_text="the members today, with their role")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["slug", "name", "members", "url"]

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, committee):
        return MemberSerializer(current(committee.memberships.all()), many=True).data

    @extend_schema_field(serializers.URLField())
    def get_url(self, committee) -> str:
        return absolute_url(self.context.get("request"), committee.get_absolute_url())


class PublishedRecommendationSerializer(serializers.ModelSerializer):
    """An answered recommendation, as published: never a private person's name or e-mail."""

    accepted = serializers.ChoiceField(
        source="answer_kind", choices=["accepted", "partly", "rejected"]
    )
    received_on = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "reference", "text", "organisation", "received_on", "answer", "accepted",
            "answered_on",
        ]  # fmt: skip

    @extend_schema_field(serializers.DateField())
    def get_received_on(self, recommendation):
        return timezone.localtime(recommendation.received_at).date()


class PublicConsultationSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    announced_on = serializers.DateField(source="consultation_announced_on")
    status = serializers.SerializerMethodField(help_text="`open` while recommendations are taken")
    debate = serializers.SerializerMethodField()
    recommendations_received = serializers.SerializerMethodField()
    recommendations = serializers.SerializerMethodField(
        help_text="the answered recommendations, as published with their answers"
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = DraftDecision
        fields = [
            "id", "draft", "title", "announced_on", "recommendations_until", "status",
            "urgency_reason", "debate", "recommendations_received", "recommendations", "url",
            "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=["open", "closed"]))
    def get_status(self, draft) -> str:
        return "open" if is_open(draft) else "closed"

    @extend_schema_field(serializers.DictField())
    def get_debate(self, draft) -> dict:
        return {
            "requested": draft.debate_requested,
            "date": draft.debate_held_on.isoformat() if draft.debate_held_on else None,
            "place": draft.debate_place or None,
            "requested_by": sorted({r.organisation for r in draft.debate_requests.all()}),
        }

    @extend_schema_field(serializers.IntegerField())
    def get_recommendations_received(self, draft) -> int:
        return sum(1 for r in draft.recommendations.all() if r.received_at is not None)

    @extend_schema_field(PublishedRecommendationSerializer(many=True))
    def get_recommendations(self, draft):
        published = [r for r in draft.recommendations.all() if r.published_at is not None]
        published.sort(key=lambda r: (r.received_at, r.pk))
        return PublishedRecommendationSerializer(published, many=True).data

    @extend_schema_field(serializers.URLField())
    def get_url(self, draft) -> str:
        return canonical_url(reverse("consultation", args=[draft.pk]))


class RecommendationRequestSerializer(serializers.Serializer):
    """The fields are checked by the service, which names every wrong one at once."""

    text = serializers.CharField(max_length=20_000, allow_blank=True)
    name = serializers.CharField(max_length=1000, allow_blank=True)
    email = serializers.CharField(max_length=1000, allow_blank=True)
    organisation = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    consent = serializers.BooleanField(help_text="must be true: consent to the processing")


class DebateRequestRequestSerializer(serializers.Serializer):
    organisation = serializers.CharField(max_length=1000, allow_blank=True)
    email = serializers.CharField(max_length=1000, allow_blank=True)
    reason = serializers.CharField(max_length=20_000, allow_blank=True)


class TransparencyReportSerializer(serializers.Serializer):
    """The figures of the annual report (Legea 52/2003, art. 13(1), letters a to g)."""

    year = serializers.IntegerField()
    complete = serializers.BooleanField(help_text="the year is over (else the figures grow)")
    drafts_consulted = serializers.IntegerField(help_text="b) normative drafts consulted")
    urgency_procedures = serializers.IntegerField(help_text="of them, in the urgency procedure")
    recommendations_received = serializers.IntegerField(help_text="c)")
    recommendations_accepted = serializers.IntegerField(help_text="d) accepted or partly")
    recommendations_answered = serializers.IntegerField()
    debates_requested = serializers.IntegerField()
    debates_held = serializers.IntegerField(help_text="e)")
    sittings_public = serializers.IntegerField(help_text="f)")
    decisions_adopted = serializers.IntegerField()
    normative_decisions_adopted = serializers.IntegerField(help_text="a)")
    court_actions = serializers.IntegerField(help_text="g) recorded by the secretariat")
    court_actions_note = serializers.CharField()
