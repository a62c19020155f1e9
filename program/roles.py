"""Roles are Django groups named exactly `department`, `secretariat` and `admin` (CONTRACT.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from program.models import Department

DEPARTMENT = "department"
SECRETARIAT = "secretariat"
ADMIN = "admin"
ROLES = (DEPARTMENT, SECRETARIAT, ADMIN)
# What people call each role (the group names above are the API's and never change).
ROLE_LABELS = {
    DEPARTMENT: _("department staff"),
    SECRETARIAT: _("council secretariat"),
    ADMIN: _("IT (administration)"),
}


def user_roles(user: Any) -> frozenset[str]:
    """The role groups of a user, read once per user object."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_cache = cached
    return cached


def is_secretariat(user: Any) -> bool:
    return SECRETARIAT in user_roles(user)


def is_admin(user: Any) -> bool:
    return ADMIN in user_roles(user)


def user_department(user: Any) -> Department | None:
    """The department a `department` user acts for; None for everyone else."""
    if DEPARTMENT not in user_roles(user):
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.department if profile else None


# What each role may do in the Django admin (codename prefixes per model). The registers are
# read-only there for everyone (workflows/admin.py): they change only through the services. The
# workflow's own rules (who fires which transition) are on the models, not here.
REGISTERS = {
    "program": ("annualprogram", "programversion", "programitem", "departmentalinput"),
    "council": ("draftdecision", "draftopinion", "sitting", "agendaentry", "decision"),
    "workflows": ("transitionlog",),
}
REFERENCE_DATA = {
    "program": ("department", "strategy", "objective"),
    "council": ("councillor", "committee"),
}


def _read(*groups: dict[str, tuple[str, ...]]) -> dict[str, dict[str, tuple[str, ...]]]:
    permissions: dict[str, dict[str, tuple[str, ...]]] = {}
    for group in groups:
        for app, models in group.items():
            permissions.setdefault(app, {}).update(dict.fromkeys(models, ("view",)))
    return permissions


# A login lockout is lifted by deleting its access attempt in the admin (Axes).
UNLOCK = {"axes": {"accessattempt": ("view", "delete")}}

ADMIN_PERMISSIONS = {
    # The secretariat reads everything in the admin, and lifts login lockouts; it records
    # through the staff pages.
    SECRETARIAT: {**_read(REGISTERS, REFERENCE_DATA), **UNLOCK},
    # IT keeps users, departments, strategies and the council's composition, and reads the
    # registers; it cannot make anyone a superuser (program/admin.py).
    ADMIN: {
        **_read(REGISTERS),
        "program": {
            **_read(REGISTERS)["program"],
            **dict.fromkeys(REFERENCE_DATA["program"], ("view", "change", "add", "delete")),
            "staffprofile": ("view", "change", "add"),
        },
        "council": {
            **_read(REGISTERS)["council"],
            **dict.fromkeys(REFERENCE_DATA["council"], ("view", "change", "add", "delete")),
        },
        "auth": {"user": ("view", "change", "add"), "group": ("view",)},
        **UNLOCK,
    },
    DEPARTMENT: {},
}


def ensure_role_groups(**kwargs: Any) -> None:
    """Create the three role groups and give them their admin permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            f"{action}_{model}"
            for models in ADMIN_PERMISSIONS[role].values()
            for model, actions in models.items()
            for action in actions
        ]
        apps = list(ADMIN_PERMISSIONS[role])
        permissions = Permission.objects.filter(
            content_type__app_label__in=apps, codename__in=wanted
        )
        group.permissions.set(permissions)
