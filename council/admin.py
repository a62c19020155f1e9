from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from council.models import (
    AgendaEntry,
    Committee,
    Councillor,
    Decision,
    DraftDecision,
    DraftOpinion,
    Sitting,
)
from workflows.admin import ReadOnlyInline, ServiceTransitionsMixin

admin.site.site_header = _("PAACL — Local Council of Sector 1")
admin.site.site_title = _("PAACL administration")


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "mandate_start", "mandate_end"]
    list_filter = ["party"]
    search_fields = ["name", "party"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count"]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return obj.members.count()


class OpinionInline(ReadOnlyInline):
    model = DraftOpinion
    fields = ["kind", "committee", "favourable", "votes_for", "votes_against", "abstentions",
              "given_on", "text"]  # fmt: skip


@admin.register(DraftDecision)
class DraftDecisionAdmin(ServiceTransitionsMixin, admin.ModelAdmin):
    list_display = ["reference", "title", "department", "legal_character", "status"]
    list_filter = ["year", "status", "legal_character", "department"]
    search_fields = ["title", "registration_number"]
    readonly_fields = ["year", "registration_number", "registered_on", "item"]
    inlines = [OpinionInline]

    def has_add_permission(self, request):
        return False  # registered through the staff workspace, which numbers them


class AgendaInline(ReadOnlyInline):
    model = AgendaEntry
    fields = ["position", "draft", "majority", "present", "votes_for", "votes_against",
              "abstentions", "outcome"]  # fmt: skip


@admin.register(Sitting)
class SittingAdmin(ServiceTransitionsMixin, admin.ModelAdmin):
    list_display = ["starts_at", "kind", "place", "status", "convened_on"]
    list_filter = ["kind", "status"]
    date_hierarchy = "starts_at"
    readonly_fields = ["convened_on", "minutes_published_on"]
    inlines = [AgendaInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "adopted_on", "communicated_on", "published_on",
                    "notified_on"]  # fmt: skip
    list_filter = ["year"]
    search_fields = ["title", "number"]
    readonly_fields = ["year", "number", "title", "adopted_on", "sitting", "draft", "item",
                       "votes_for", "votes_against", "abstentions"]  # fmt: skip

    def has_add_permission(self, request):
        return False  # created by the vote that adopts its draft

    def has_delete_permission(self, request, obj=None):
        return False  # the register has no gaps
