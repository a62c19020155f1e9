"""The admin's share of the record: it reads the registers, and it keeps the reference data
(users, departments, strategies, the council's composition) with every change logged.

Registers (program items, drafts, opinions, sittings, agendas, votes, decisions, programs and
their versions) change only through the services, which check and log (the staff pages and the
API call them); in the admin they are read-only for everyone, a break-glass superuser included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from workflows.models import TransitionLog
from workflows.services import reference_delete, reference_save, snapshot


class RegisterAdmin(admin.ModelAdmin):
    """A register, read here and changed only through its services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """Records shown with their parent that only their own service writes (opinions, votes,
    inputs, versions): visible in the admin, never edited there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RecordedAdmin(admin.ModelAdmin):
    """Reference data kept in the admin: every addition, change and deletion is logged in the
    audit chain, with the fields before and after, like the services' changes."""

    def save_model(self, request, obj: models.Model, form, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        request._recorded_before = snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        # The many-to-many links are saved here, after the record: the change is logged once,
        # with them (the admin's view is one transaction).
        super().save_related(request, form, formsets, change)
        reference_save(
            obj=form.instance,
            actor=request.user,
            before=getattr(request, "_recorded_before", None),
            action="admin_change" if change else "admin_add",
        )

    def delete_model(self, request, obj: models.Model) -> None:
        reference_delete(
            obj=obj,
            actor=request.user,
            delete=lambda: super(RecordedAdmin, self).delete_model(request, obj),
        )

    def delete_queryset(self, request, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(TransitionLog)
class TransitionLogAdmin(RegisterAdmin):
    """The audit log: append-only, for everyone."""

    list_display = ["at", "content_type", "object_id", "transition", "source", "target", "actor"]
    list_filter = ["content_type", "transition", "target"]
    search_fields = ["comment", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]
    readonly_fields = [
        "at", "content_type", "object_id", "transition", "source", "target", "actor", "comment",
        "changes", "prev_hash", "hash",
    ]  # fmt: skip
