from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from council.models import (
    AgendaEntry,
    Attendance,
    Committee,
    CommitteeMembership,
    Councillor,
    Decision,
    DraftDecision,
    DraftOpinion,
    RollCallVote,
    Sitting,
)
from workflows.admin import ReadOnlyInline, RecordedAdmin, RegisterAdmin

admin.site.site_header = _("PAACL — Local Council of Sector 1")
admin.site.site_title = _("PAACL administration")


@admin.register(Councillor)
class CouncillorAdmin(RegisterAdmin):
    list_display = ["name", "party", "party_group", "mandate_start", "mandate_end"]
    list_filter = ["party", "party_group"]
    search_fields = ["name", "party"]


class MembershipInline(ReadOnlyInline):
    model = CommitteeMembership
    fields = ["councillor", "role", "start", "end"]


@admin.register(Committee)
class CommitteeAdmin(RecordedAdmin):
    list_display = ["name", "slug", "member_count"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return obj.members.count()


class OpinionInline(ReadOnlyInline):
    model = DraftOpinion
    fields = ["kind", "committee", "favourable", "votes_for", "votes_against", "abstentions",
              "given_on", "text"]  # fmt: skip


@admin.register(DraftDecision)
class DraftDecisionAdmin(RegisterAdmin):
    list_display = ["reference", "title", "department", "legal_character", "status"]
    list_filter = ["year", "status", "legal_character", "department"]
    search_fields = ["title", "registration_number"]
    inlines = [OpinionInline]


class AgendaInline(ReadOnlyInline):
    model = AgendaEntry
    fields = ["position", "draft", "majority", "present", "votes_for", "votes_against",
              "abstentions", "not_voting", "ballot", "outcome"]  # fmt: skip


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["councillor", "present", "arrived_at", "left_at"]


@admin.register(Sitting)
class SittingAdmin(RegisterAdmin):
    list_display = ["starts_at", "kind", "place", "status", "convened_on"]
    list_filter = ["kind", "status"]
    date_hierarchy = "starts_at"
    inlines = [AgendaInline, AttendanceInline]


@admin.register(RollCallVote)
class RollCallVoteAdmin(RegisterAdmin):
    list_display = ["entry", "councillor", "vote"]
    list_filter = ["vote"]
    search_fields = ["councillor__name"]


@admin.register(Decision)
class DecisionAdmin(RegisterAdmin):
    list_display = ["reference", "title", "adopted_on", "communicated_on", "published_on",
                    "notified_on"]  # fmt: skip
    list_filter = ["year"]
    search_fields = ["title", "number"]
