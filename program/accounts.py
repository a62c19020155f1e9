"""Staff accounts: one function creates or updates them, for `adduser` and the demo."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from program import roles
from program.models import Department, StaffProfile


class AccountError(ValueError):
    pass


@transaction.atomic
def staff_user_save(
    *,
    username: str,
    role: str,
    password: str,
    department_slug: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Any:
    """Create or update a staff user with exactly one role."""
    username = (username or "").strip()
    if not username:
        raise AccountError(_("The user name is empty."))
    if role not in roles.ROLES:
        raise AccountError(
            _("Unknown role “%(role)s”: use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(roles.ROLES)}
        )
    if not password:
        raise AccountError(_("The password is empty."))
    department = None
    if role == roles.DEPARTMENT:
        if not department_slug:
            raise AccountError(_("A department user needs --department SLUG."))
        department = Department.objects.filter(slug=department_slug).first()
        if department is None:
            known = ", ".join(Department.objects.values_list("slug", flat=True))
            raise AccountError(
                _("Unknown department “%(slug)s”. Known departments: %(known)s.")
                % {"slug": department_slug, "known": known or "-"}
            )
    elif department_slug:
        raise AccountError(_("Only department users belong to a department."))

    roles.ensure_role_groups()
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username)
    user.email = email or user.email
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.is_active = True
    # The secretariat and IT work in the Django admin too; departments use the staff pages.
    user.is_staff = role in (roles.SECRETARIAT, roles.ADMIN)
    user.is_superuser = role == roles.ADMIN
    try:
        # Too short, too common, all digits or too like the user's name: refused, with why.
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.set_password(password)
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLES))
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
    return user
