"""Reads with visibility rules: who may see which program items."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from program import roles
from program.models import DepartmentalInput, ItemStatus, ProgramItem


def items_visible_to(
    user: Any, queryset: QuerySet[ProgramItem] | None = None
) -> QuerySet[ProgramItem]:
    """Anonymous visitors see published items; a department also sees the items it is
    responsible for, consulted on or asked for input on; the secretariat and admins see all."""
    queryset = ProgramItem.objects.all() if queryset is None else queryset
    if roles.is_secretariat(user) or roles.is_admin(user):
        return queryset
    public = Q(status=ItemStatus.PUBLISHED)
    department = roles.user_department(user)
    if department is None:
        return queryset.filter(public)
    asked = DepartmentalInput.objects.filter(item=OuterRef("pk"), department=department)
    return queryset.filter(
        public
        | Q(department=department)
        | Q(
            Exists(
                ProgramItem.consulted_departments.through.objects.filter(
                    programitem=OuterRef("pk"), department=department
                )
            )
        )
        | Q(Exists(asked))
    )


def item_is_staff_visible(user: Any) -> bool:
    """Whether the user sees internal details (actors, comments, inputs) of items it can see."""
    return bool(roles.user_roles(user))
