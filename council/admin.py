from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from council.models import Committee, Councillor

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
