"""Staff accounts: one function creates or updates them, for `adduser` and the demo."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username)
    user.email = email or user.email
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.is_active = True
    try:
        # Too short, too common, all digits or too like the user's name: refused, with why.
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.set_password(password)
    user.save()
    staff_role_set(user=user, role=role, department=department)
    return user


def staff_role_set(*, user: Any, role: str, department: Department | None) -> None:
    """Give a saved user exactly one role (and its department). No role makes a superuser: the
    only superuser is a break-glass account made with `manage.py createsuperuser`."""
    roles.ensure_role_groups()
    # The secretariat and IT work in the Django admin too; departments use the staff pages.
    is_staff = role in (roles.SECRETARIAT, roles.ADMIN)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLES).exclude(name=role))
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.update_or_create(
        user=user, defaults={"department": department if role == roles.DEPARTMENT else None}
    )
    user.__dict__.pop("_role_cache", None)


class RoleFieldsMixin(forms.Form):
    """The role and department fields of the user admin's forms, checked together."""

    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=list(roles.ROLE_LABELS.items()))
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        help_text=gettext_lazy("Only for the department role: the department the user acts for."),
    )

    def clean(self):
        cleaned = super().clean()
        if "role" not in self.fields:
            return cleaned
        role, department = cleaned.get("role"), cleaned.get("department")
        if role == roles.DEPARTMENT and department is None:
            self.add_error("department", _("A department user needs a department."))
        if role and role != roles.DEPARTMENT and department is not None:
            self.add_error("department", _("Only department users belong to a department."))
        return cleaned


class StaffUserAddForm(RoleFieldsMixin, AdminUserCreationForm):
    pass


class StaffUserChangeForm(RoleFieldsMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if user.pk and "role" in self.fields:  # one's own role is shown, not a field
            current = sorted(roles.user_roles(user))
            self.fields["role"].initial = current[0] if current else None
            profile = getattr(user, "staff_profile", None)
            self.fields["department"].initial = profile.department_id if profile else None


def authenticator_remove(*, user: Any, actor: Any) -> bool:
    """Remove a user's authenticator app (a lost phone): logged; the user sets up a new one at
    the next login. False if the user had none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from workflows import audit
    from workflows.services import log_write

    with transaction.atomic(), audit.writing():
        names = list(TOTPDevice.objects.filter(user=user).values_list("name", flat=True))
        if not names:
            return False
        TOTPDevice.objects.filter(user=user).delete()
        log_write(
            obj=user, transition="authenticator_removed", source="", target="", actor=actor,
            changes={"authenticator": [", ".join(names), None]},
        )  # fmt: skip
    return True
